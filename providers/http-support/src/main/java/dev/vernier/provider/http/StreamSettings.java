package dev.vernier.provider.http;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The transport settings of one provider's {@link StreamingHttp}.
 *
 * @param baseUrl           the API root; HTTPS URLs negotiate HTTP/2, plain HTTP uses HTTP/1.1
 * @param connectTimeout    limit on opening a connection
 * @param firstTokenTimeout limit from sending a request to its first content chunk; zero disables it
 * @param retry             the retry policy
 */
public record StreamSettings(URI baseUrl, Duration connectTimeout, Duration firstTokenTimeout, RetryPolicy retry) {

    public StreamSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(retry, "retry");
        if (connectTimeout.isZero() || connectTimeout.isNegative()) {
            throw new IllegalArgumentException("connectTimeout must be > 0");
        }
        if (firstTokenTimeout.isNegative()) {
            throw new IllegalArgumentException("firstTokenTimeout must not be negative");
        }
    }

    public boolean tls() {
        return "https".equalsIgnoreCase(baseUrl.getScheme());
    }
}
