package dev.vernier.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request as read by {@link LoopbackHttpServer}.
 *
 * @param arrivalNanos {@link System#nanoTime()} when the first bytes of the request line were read
 * @param method       the request method, as sent (e.g. {@code POST})
 * @param target       the request target, as sent (path and query)
 * @param version      the protocol version, e.g. {@code HTTP/1.1}
 * @param headers      header fields, names in lower case; a repeated field keeps its values joined by
 *                     {@code ", "}
 * @param body         the request body (empty when there is none)
 */
record SimpleRequest(
        long arrivalNanos, String method, String target, String version, Map<String, String> headers, byte[] body) {

    SimpleRequest {
        headers = Map.copyOf(headers);
    }

    /** The target without its query string. */
    String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** The value of a header field (name in any case), or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body decoded as UTF-8. */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Whether the connection may carry another request after this one: HTTP/1.1 unless the client sent
     * {@code Connection: close}; HTTP/1.0 only with {@code Connection: keep-alive}.
     */
    boolean keepAlive() {
        String connection = header("connection");
        String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
        if ("HTTP/1.0".equals(version)) {
            return hasToken(tokens, "keep-alive");
        }
        return !hasToken(tokens, "close");
    }

    private static boolean hasToken(String list, String token) {
        for (String part : list.split(",")) {
            if (part.trim().equals(token)) {
                return true;
            }
        }
        return false;
    }
}
