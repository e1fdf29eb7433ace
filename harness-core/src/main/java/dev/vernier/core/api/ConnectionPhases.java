package dev.vernier.core.api;

/**
 * How the connection for one attempt of a request was obtained, as k6 and curl report it. Each time
 * is in nanoseconds, measured by the transport with a monotonic clock, or {@code -1} when that phase
 * did not happen or is unknown (a reused connection has no DNS, connect or TLS phase).
 *
 * @param waitNanos    waiting for a free connection (the per-host cap) before anything else
 * @param dnsNanos     resolving the host name
 * @param connectNanos TCP connect (to the proxy, when there is one)
 * @param tlsNanos     TLS handshake (with the proxy's tunnel set up first, when there is one)
 * @param reused       whether an idle kept-alive connection was reused
 */
public record ConnectionPhases(long waitNanos, long dnsNanos, long connectNanos, long tlsNanos, boolean reused) {

    /** Nothing known about the connection (in-process providers, transports that cannot say). */
    public static final ConnectionPhases UNKNOWN = new ConnectionPhases(-1, -1, -1, -1, false);

    /** A kept-alive connection taken from the pool after waiting {@code waitNanos}. */
    public static ConnectionPhases reused(long waitNanos) {
        return new ConnectionPhases(waitNanos, -1, -1, -1, true);
    }

    /** The sum of the known phases: the time from asking for a connection to having one. */
    public long totalNanos() {
        return Math.max(0, waitNanos) + Math.max(0, dnsNanos) + Math.max(0, connectNanos) + Math.max(0, tlsNanos);
    }
}
