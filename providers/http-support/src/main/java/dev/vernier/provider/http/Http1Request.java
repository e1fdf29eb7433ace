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
record Http1Request(InetSocketAddress address, String poolKey, byte[] bytes, boolean noResponseBody,
                    long timeoutNanos) {

    /** Headers we write ourselves (or that do not belong in HTTP/1.1). */
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "connection",
            "transfer-encoding", "keep-alive", "upgrade", "te");

    /**
     * The HTTP/1.1 form of a JDK request to an {@code http://} URL.
     *
     * @return null when the request's body publisher does not give its bytes at once (the caller then
     *         sends it another way)
     */
    static Http1Request from(HttpRequest request) {
        URI uri = request.uri();
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            return null;
        }
        byte[] body = bodyOf(request);
        if (body == null) {
            return null;
        }
        String host = uri.getHost();
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        String hostHeader = uri.getPort() > 0 ? host + ":" + port : host;

        StringBuilder head = new StringBuilder(256);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        head.append(request.method()).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        boolean userAgent = false;
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
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
        String method = request.method();
        if (body.length > 0 || !(method.equals("GET") || method.equals("HEAD") || method.equals("DELETE"))) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: keep-alive\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        long timeout = request.timeout().map(Duration::toNanos).orElse(-1L);
        return new Http1Request(new InetSocketAddress(bareHost, port), bareHost + ":" + port, bytes,
                method.equals("HEAD"), timeout);
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
