package dev.vernier.provider.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything of a request but its body, encoded once as HTTP/1.1 bytes: where it goes (its
 * {@link Route}), the request line and the headers. A provider sends all its generation requests to
 * one URL with the same headers, so per request only the body and its length are written
 * ({@link #with}). Netty's response decoder reads the answers; requests are written as these bytes.
 */
final class RequestHead {

    /** Headers the transport writes itself (or that do not belong in HTTP/1.1); skipped when given. */
    private static final Set<String> OWN_HEADERS = Set.of(
            "host",
            "content-length",
            "connection",
            "transfer-encoding",
            "keep-alive",
            "upgrade",
            "te",
            "proxy-authorization",
            "proxy-connection");

    private final Route route;
    private final boolean noResponseBody;
    private final boolean lengthAlways;
    private final long timeoutNanos;
    /** Request line and headers, up to where Content-Length and the end of the head go. */
    private final byte[] prefix;

    private RequestHead(Route route, boolean noResponseBody, boolean lengthAlways, long timeoutNanos, byte[] prefix) {
        this.route = route;
        this.noResponseBody = noResponseBody;
        this.lengthAlways = lengthAlways;
        this.timeoutNanos = timeoutNanos;
        this.prefix = prefix;
    }

    Route route() {
        return route;
    }

    /** Limit from sending to the response head, or -1. */
    long timeoutNanos() {
        return timeoutNanos;
    }

    /**
     * @param uri          an http or https URL with a host
     * @param headers      sent in the map's order; Host, Content-Length, Connection and other hop-by-hop
     *                     headers are written by the transport and skipped here
     * @param timeoutNanos limit from sending to the response head, or -1
     * @param proxy        the proxy the request goes through, or null
     * @throws IllegalArgumentException for a URL that is not http(s), or a header name or value that
     *                                  could break the head (a line break, say)
     */
    static RequestHead of(
            String method, URI uri, Map<String, List<String>> headers, long timeoutNanos, ProxyRules.Proxy proxy) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an http(s) URL with a host: " + uri);
        }
        boolean tls = scheme.equals("https");
        String host = uri.getHost();
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
        String hostHeader = uri.getPort() > 0 ? host + ":" + port : host;
        Route route = new Route(tls, bareHost, port, proxy);

        StringBuilder head = new StringBuilder(256);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        head.append(method).append(' ');
        if (route.forward()) {
            head.append("http://").append(hostHeader); // absolute form, for the proxy
        }
        head.append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        if (route.forward() && proxy.authorization() != null) {
            head.append("Proxy-Authorization: ").append(proxy.authorization()).append("\r\n");
        }
        boolean userAgent = false;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey();
            checkName(name);
            String lower = name.toLowerCase(Locale.ROOT);
            if (OWN_HEADERS.contains(lower)) {
                continue;
            }
            userAgent |= lower.equals("user-agent");
            for (String value : header.getValue()) {
                checkValue(name, value);
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        if (!userAgent) {
            head.append("User-Agent: vernier\r\n");
        }
        boolean lengthAlways = !(method.equals("GET") || method.equals("HEAD") || method.equals("DELETE"));
        return new RequestHead(
                route,
                method.equals("HEAD"),
                lengthAlways,
                timeoutNanos,
                head.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A token (RFC 9110): letters, digits and {@code !#$%&'*+-.^_`|~}. */
    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty header name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                throw new IllegalArgumentException("invalid header name: '" + name + "'");
            }
        }
    }

    /** No line breaks or NUL (they would end the header, or the head, early). */
    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("invalid value of header " + name + ": a line break or NUL");
            }
        }
    }

    /** The request with this body: its exact bytes on the wire. */
    Transport.Request with(byte[] body) {
        String tail = body.length > 0 || lengthAlways
                ? "Content-Length: " + body.length + "\r\nConnection: keep-alive\r\n\r\n"
                : "Connection: keep-alive\r\n\r\n";
        byte[] tailBytes = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[prefix.length + tailBytes.length + body.length];
        System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        System.arraycopy(tailBytes, 0, bytes, prefix.length, tailBytes.length);
        System.arraycopy(body, 0, bytes, prefix.length + tailBytes.length, body.length);
        return new Transport.Request(route, bytes, noResponseBody);
    }
}
