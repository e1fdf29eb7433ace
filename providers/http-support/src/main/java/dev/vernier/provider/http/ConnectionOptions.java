package dev.vernier.provider.http;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the transport connects: the per-host connection cap, how long an idle kept-alive connection
 * is kept, an extra CA file for private servers, and the proxy rules. Options
 * {@code max_connections_per_host} (default 0: no cap), {@code idle_timeout_ms} (default 30000),
 * {@code ca_file} (a PEM file, relative to the suite's folder) and {@code proxy} (an
 * {@code http://host:port} URL, or {@code none}; by default the environment's
 * {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY}). See docs/transport.md.
 *
 * @param maxConnectionsPerHost connections open at once to one host (and port, and proxy); 0 for no cap.
 *                              A request finding every connection busy at the cap waits for one (the
 *                              wait is its own phase)
 * @param idleTimeout           an idle pooled connection is closed after this long, > 0
 * @param caFile                PEM certificates trusted in addition to the system trust store, or null
 * @param proxies               which proxy a request goes through
 */
public record ConnectionOptions(int maxConnectionsPerHost, Duration idleTimeout, Path caFile, ProxyRules proxies) {

    /** No cap, 30 s idle timeout, the system trust store alone, no proxy. */
    public static final ConnectionOptions DEFAULTS =
            new ConnectionOptions(0, Duration.ofSeconds(30), null, ProxyRules.NONE);

    static final long DEFAULT_IDLE_MS = 30_000;

    public ConnectionOptions {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(proxies, "proxies");
        if (maxConnectionsPerHost < 0) {
            throw new IllegalArgumentException("maxConnectionsPerHost must be >= 0");
        }
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must be > 0");
        }
    }

    /** Reads the options of a provider entry (the proxy from its environment unless {@code proxy} says). */
    static ConnectionOptions parse(ProviderConfig config) throws ConfigException {
        long cap = TransportOptions.nonNegative(config, "max_connections_per_host", 0);
        if (cap > 100_000) {
            throw new ConfigException(
                    "max_connections_per_host",
                    "'max_connections_per_host' must be at most 100000, was " + cap + ". Fix: use 0 for no cap");
        }
        long idleMs = TransportOptions.nonNegative(config, "idle_timeout_ms", DEFAULT_IDLE_MS);
        if (idleMs == 0) {
            throw new ConfigException(
                    "idle_timeout_ms",
                    "'idle_timeout_ms' must be > 0. Fix: give how long an idle connection is kept, e.g. 30000");
        }
        Path caFile = null;
        String ca = config.string("ca_file", "").trim();
        if (!ca.isEmpty()) {
            caFile = config.baseDir().resolve(ca).normalize();
            TlsTrust.check(caFile);
        }
        ProxyRules proxies = ProxyRules.parse(config.has("proxy") ? config.string("proxy") : null, config::env);
        return new ConnectionOptions((int) cap, Duration.ofMillis(idleMs), caFile, proxies);
    }

    public ConnectionOptions withMaxConnectionsPerHost(int value) {
        return new ConnectionOptions(value, idleTimeout, caFile, proxies);
    }

    public ConnectionOptions withIdleTimeout(Duration value) {
        return new ConnectionOptions(maxConnectionsPerHost, value, caFile, proxies);
    }

    public ConnectionOptions withCaFile(Path value) {
        return new ConnectionOptions(maxConnectionsPerHost, idleTimeout, value, proxies);
    }

    public ConnectionOptions withProxies(ProxyRules value) {
        return new ConnectionOptions(maxConnectionsPerHost, idleTimeout, caFile, value);
    }
}
