package dev.vernier.provider.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The transport settings of one provider's {@link StreamingHttp}.
 *
 * @param baseUrl           the API root (http or https; both spoken as HTTP/1.1)
 * @param connectTimeout    limit on opening a connection
 * @param firstTokenTimeout limit from sending a request to its first content chunk; zero disables it
 * @param retry             the retry policy
 * @param connections       connection cap, idle timeout, CA file, proxies
 */
public record StreamSettings(
        URI baseUrl,
        Duration connectTimeout,
        Duration firstTokenTimeout,
        RetryPolicy retry,
        ConnectionOptions connections) {

    /** Settings with the {@link ConnectionOptions#DEFAULTS default connection options}. */
    public StreamSettings(URI baseUrl, Duration connectTimeout, Duration firstTokenTimeout, RetryPolicy retry) {
        this(baseUrl, connectTimeout, firstTokenTimeout, retry, ConnectionOptions.DEFAULTS);
    }

    public StreamSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(connections, "connections");
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("connectTimeout must be > 0");
        }
        if (firstTokenTimeout.isNegative()) {
            throw new IllegalArgumentException("firstTokenTimeout must not be negative");
        }
    }

    /** The same settings with other connection options. */
    public StreamSettings withConnections(ConnectionOptions value) {
        return new StreamSettings(baseUrl, connectTimeout, firstTokenTimeout, retry, value);
    }

    public boolean tls() {
        return "https".equalsIgnoreCase(baseUrl.getScheme());
    }
}
