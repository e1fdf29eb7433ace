package dev.vernier.provider.http;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ProviderConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The transport options every HTTP provider accepts, parsed with one set of rules and messages:
 * {@code base_url}, {@code connect_timeout_ms} (default 10000), {@code first_token_timeout_ms},
 * {@code max_retries} (default 3, at most 20), {@code retry_backoff_ms} (default 200), and the
 * connection options of {@link ConnectionOptions} ({@code max_connections_per_host},
 * {@code idle_timeout_ms}, {@code ca_file}, {@code proxy}). docs/transport.md documents them all.
 *
 * @param baseUrl           API root without a trailing slash
 * @param connectTimeout    limit on opening a connection, > 0
 * @param firstTokenTimeout limit from sending to the first content chunk; zero disables it
 * @param maxRetries        retries after a retryable failure before any content arrived
 * @param retryBackoff      backoff step of the first retry
 * @param connections       connection cap, idle timeout, CA file, proxies
 */
public record TransportOptions(
        URI baseUrl,
        Duration connectTimeout,
        Duration firstTokenTimeout,
        int maxRetries,
        Duration retryBackoff,
        ConnectionOptions connections) {

    /** The option keys this record reads. */
    public static final Set<String> KEYS = Set.of(
            "base_url",
            "connect_timeout_ms",
            "first_token_timeout_ms",
            "max_retries",
            "retry_backoff_ms",
            "max_connections_per_host",
            "idle_timeout_ms",
            "ca_file",
            "proxy");

    /**
     * The keys that shape Vernier's own connections (pool, TLS trust, proxy): an adapter that sends
     * through another HTTP client (langchain4j's) cannot honour them and must not accept them.
     */
    public static final Set<String> CONNECTION_KEYS =
            Set.of("max_connections_per_host", "idle_timeout_ms", "ca_file", "proxy");

    /** Every option key of an HTTP provider: its own, these transport options and its key source's options. */
    public static Set<String> optionKeys(ApiKeySource key, String... own) {
        Set<String> all = new LinkedHashSet<>(List.of(own));
        all.addAll(KEYS);
        all.addAll(key.optionKeys());
        return Set.copyOf(all);
    }

    private static final long DEFAULT_CONNECT_MS = 10_000;
    private static final int MAX_RETRIES_LIMIT = 20;

    public TransportOptions {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(connections, "connections");
    }

    /** Options with the {@link ConnectionOptions#DEFAULTS default connection options}. */
    public TransportOptions(
            URI baseUrl, Duration connectTimeout, Duration firstTokenTimeout, int maxRetries, Duration retryBackoff) {
        this(baseUrl, connectTimeout, firstTokenTimeout, maxRetries, retryBackoff, ConnectionOptions.DEFAULTS);
    }

    /**
     * Reads the transport options of a provider entry.
     *
     * @param defaultBaseUrl          used when {@code base_url} is absent, and named in messages
     * @param defaultFirstTokenMillis used when {@code first_token_timeout_ms} is absent
     */
    public static TransportOptions parse(ProviderConfig config, String defaultBaseUrl, long defaultFirstTokenMillis)
            throws ConfigException {
        URI baseUrl = baseUrl(config.string("base_url", defaultBaseUrl), defaultBaseUrl);
        long connectMs = nonNegative(config, "connect_timeout_ms", DEFAULT_CONNECT_MS);
        long firstTokenMs = nonNegative(config, "first_token_timeout_ms", defaultFirstTokenMillis);
        long retries = nonNegative(config, "max_retries", 3);
        long backoffMs = nonNegative(config, "retry_backoff_ms", RetryPolicy.STANDARD_BASE.toMillis());
        if (connectMs == 0) {
            throw new ConfigException("connect_timeout_ms", "'connect_timeout_ms' must be > 0");
        }
        if (retries > MAX_RETRIES_LIMIT) {
            throw new ConfigException(
                    "max_retries", "'max_retries' must be at most " + MAX_RETRIES_LIMIT + ", was " + retries);
        }
        return new TransportOptions(
                baseUrl,
                Duration.ofMillis(connectMs),
                Duration.ofMillis(firstTokenMs),
                (int) retries,
                Duration.ofMillis(backoffMs),
                ConnectionOptions.parse(config));
    }

    /**
     * An http(s) URL without credentials, query or fragment, trailing slashes removed.
     *
     * @param example a URL to show in the message when the text is not one
     */
    public static URI baseUrl(String text, String example) throws ConfigException {
        String trimmed = text.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                String fix = uri.getScheme() == null || uri.getHost() == null
                        ? ". Fix: start it with the scheme, e.g. 'http://" + trimmed.replaceFirst("^[a-zA-Z]+://", "")
                                + "' for a server on your network or 'https://...' for an API"
                        : ". Fix: use http:// or https://";
                throw new ConfigException(
                        "base_url",
                        "'base_url' must be an http(s) URL such as " + example + ", was '" + text + "'" + fix);
            }
            if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new ConfigException(
                        "base_url",
                        "'base_url' must not carry credentials, a query or a fragment;"
                                + " put the key in an environment variable (api_key_env) or a key file (api_key_file)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("base_url", "'base_url' is not a valid URL: '" + text + "'");
        }
    }

    /** A whole-number option that must not be negative. */
    public static long nonNegative(ProviderConfig config, String key, long fallback) throws ConfigException {
        long value = config.integer(key, fallback);
        if (value < 0) {
            throw new ConfigException(key, "'" + key + "' must be >= 0, was " + value);
        }
        return value;
    }

    /** The settings of the shared streaming client. */
    public StreamSettings streamSettings() {
        return new StreamSettings(
                baseUrl,
                connectTimeout,
                firstTokenTimeout,
                RetryPolicy.standard(maxRetries).withBaseDelay(retryBackoff),
                connections);
    }
}
