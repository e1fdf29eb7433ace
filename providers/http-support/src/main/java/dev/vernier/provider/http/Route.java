package dev.vernier.provider.http;

import java.util.Objects;

/**
 * Where the transport opens connections for a request, and what connections are pooled by: the
 * scheme, host and port of the URL and the proxy in between (or none).
 *
 * @param tls   https
 * @param host  the URL's host, without IPv6 brackets
 * @param port  the URL's port (80 or 443 when it names none)
 * @param proxy the proxy, or null for a direct connection
 */
record Route(boolean tls, String host, int port, ProxyRules.Proxy proxy) {

    Route {
        Objects.requireNonNull(host, "host");
    }

    /** The host the TCP connection goes to: the proxy's when there is one. */
    String connectHost() {
        return proxy != null ? proxy.host() : host;
    }

    int connectPort() {
        return proxy != null ? proxy.port() : port;
    }

    /** An https request through a proxy: a {@code CONNECT} tunnel, then TLS with the server inside it. */
    boolean tunnel() {
        return tls && proxy != null;
    }

    /** A plain http request through a proxy: sent to the proxy with the absolute URL as its target. */
    boolean forward() {
        return !tls && proxy != null;
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + host + ":" + port + (proxy == null ? "" : " via " + proxy);
    }
}
