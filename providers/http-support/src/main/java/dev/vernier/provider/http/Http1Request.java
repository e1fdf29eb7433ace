package dev.vernier.provider.http;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * A request ready for {@link Http1Client}: where it goes and its exact bytes on the wire (head and
 * body), built once and re-sent as is on a retry.
 *
 * @param address        the server, resolved
 * @param poolKey        {@code host:port}, what connections are pooled by
 * @param bytes          request line, headers and body
 * @param noResponseBody the method is HEAD
 * @param timeoutNanos   limit from sending to the response head ({@link HttpRequest#timeout()}), or -1
 */
record Http1Request(
        InetSocketAddress address, String poolKey, byte[] bytes, boolean noResponseBody, long timeoutNanos) {

    /** Headers we write ourselves (or that do not belong in HTTP/1.1). */
    private static final Set<String> OWN_HEADERS =
            Set.of("host", "content-length", "connection", "transfer-encoding", "keep-alive", "upgrade", "te");

    /**
     * The HTTP/1.1 form of a JDK request to an {@code http://} URL.
     *
     * @return null when the request's body publisher does not give its bytes at once (the caller then
     *         sends it another way)
     */
    static Http1Request from(HttpRequest request) {
        Head head = Head.of(
                request.method(),
                request.uri(),
                request.headers().map(),
                request.timeout().map(Duration::toNanos).orElse(-1L));
        if (head == null) {
            return null;
        }
        byte[] body = bodyOf(request);
        return body == null ? null : head.with(body);
    }

    /**
     * Everything of a request but its body, encoded once: where it goes, the request line and the
     * headers. A provider sends all its requests to one URL with the same headers, so only the body
     * and its length are written per request.
     */
    static final class Head {
        /** How long a resolved address is used before the name is looked up again (as the JDK caches). */
        private static final long RESOLVE_AGAIN_NANOS = 30_000_000_000L;

        private final String host;
        private final int port;
        private final String poolKey;
        private final boolean noResponseBody;
        private final boolean lengthAlways;
        private final long timeoutNanos;
        /** Request line and headers, up to where Content-Length and the end of the head go. */
        private final byte[] prefix;

        private volatile Resolved resolved;

        private record Resolved(InetSocketAddress address, long atNanos) {}

        private Head(
                String host, int port, boolean noResponseBody, boolean lengthAlways, long timeoutNanos, byte[] prefix) {
            this.host = host;
            this.port = port;
            this.poolKey = host + ":" + port;
            this.noResponseBody = noResponseBody;
            this.lengthAlways = lengthAlways;
            this.timeoutNanos = timeoutNanos;
            this.prefix = prefix;
        }

        /**
         * @param headers      sent in the map's order; Host, Content-Length, Connection and other
         *                     hop-by-hop headers are written by the client and skipped here
         * @param timeoutNanos limit from sending to the response head, or -1
         * @return null unless the URL is {@code http://} with a host
         */
        static Head of(String method, URI uri, Map<String, List<String>> headers, long timeoutNanos) {
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                return null;
            }
            String host = uri.getHost();
            String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            String hostHeader = uri.getPort() > 0 ? host + ":" + port : host;

            StringBuilder head = new StringBuilder(256);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            head.append(method).append(' ').append(path);
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
            boolean userAgent = false;
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                String name = header.getKey();
                String lower = name.toLowerCase(Locale.ROOT);
                if (OWN_HEADERS.contains(lower)) {
                    continue;
                }
                userAgent |= lower.equals("user-agent");
                for (String value : header.getValue()) {
                    head.append(name).append(": ").append(value).append("\r\n");
                }
            }
            if (!userAgent) {
                head.append("User-Agent: vernier\r\n");
            }
            boolean lengthAlways = !(method.equals("GET") || method.equals("HEAD") || method.equals("DELETE"));
            return new Head(
                    bareHost,
                    port,
                    method.equals("HEAD"),
                    lengthAlways,
                    timeoutNanos,
                    head.toString().getBytes(StandardCharsets.UTF_8));
        }

        /** The request with this body. */
        Http1Request with(byte[] body) {
            String tail = body.length > 0 || lengthAlways
                    ? "Content-Length: " + body.length + "\r\nConnection: keep-alive\r\n\r\n"
                    : "Connection: keep-alive\r\n\r\n";
            byte[] tailBytes = tail.getBytes(StandardCharsets.US_ASCII);
            byte[] bytes = new byte[prefix.length + tailBytes.length + body.length];
            System.arraycopy(prefix, 0, bytes, 0, prefix.length);
            System.arraycopy(tailBytes, 0, bytes, prefix.length, tailBytes.length);
            System.arraycopy(body, 0, bytes, prefix.length + tailBytes.length, body.length);
            return new Http1Request(address(), poolKey, bytes, noResponseBody, timeoutNanos);
        }

        private InetSocketAddress address() {
            Resolved r = resolved;
            long now = System.nanoTime();
            if (r == null || r.address().isUnresolved() || now - r.atNanos() > RESOLVE_AGAIN_NANOS) {
                r = new Resolved(new InetSocketAddress(host, port), now);
                resolved = r;
            }
            return r.address();
        }
    }

    /** The body's bytes when its publisher hands them over synchronously (byte arrays, strings), else null. */
    private static byte[] bodyOf(HttpRequest request) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        Collector collector = new Collector();
        publisher.get().subscribe(collector);
        return collector.complete && collector.error == null ? collector.out.toByteArray() : null;
    }

    /** Takes everything a publisher offers; for the JDK's in-memory publishers this happens inside subscribe. */
    private static final class Collector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        volatile boolean complete;
        volatile Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            out.writeBytes(chunk);
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            complete = true;
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }
}
