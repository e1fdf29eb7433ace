package dev.vernier.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers chat requests in one {@link FaultDialect} and breaks
 * them as a {@link FaultPlan} says: resets, refused connections, cut or malformed streams, 429 and 500,
 * stalls, silence, a 10 MB line, byte-at-a-time delivery, lone surrogates, NULs and the request's own API
 * key echoed in the content (see {@link Fault}).
 *
 * <p>Blocking sockets, one daemon thread per connection, persistent connections (a stream that ends
 * normally leaves its connection open for the next request), {@code TCP_NODELAY}, every event one HTTP
 * chunk flushed at once. GET probes ({@code /v1/models}, {@code /api/tags}) are answered with
 * {@code Connection: close}. Request bodies must come with {@code Content-Length}.
 */
public final class FaultServer implements AutoCloseable {

    /** Size of the line {@link Fault#HUGE_LINE} sends: 10 MiB. */
    public static final int HUGE_LINE_BYTES = 10 * 1024 * 1024;

    /** The tokens of a normal stream. */
    public static final List<String> TOKENS = List.of("Hello", " from", " the", " fault", " server");

    /** The tokens {@link Fault#BYTE_AT_A_TIME} sends: two-, three- and four-byte UTF-8 sequences. */
    public static final List<String> MULTIBYTE_TOKENS = List.of("Grüße", " aus", " 日本", " 😀", " café", " ok");

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final long SPLIT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long RESET_PAUSE_MILLIS = 20;
    private static String padding;

    private final FaultDialect dialect;
    private final FaultPlan plan;
    private final Duration eventGap;
    private final ServerSocket listener;
    private final Thread acceptThread;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong arrivals = new AtomicLong();
    private final Map<String, Integer> attemptsByBody = new HashMap<>();
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final Set<String> keysSeen = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Starts listening on an ephemeral port, events written back to back. */
    public FaultServer(FaultDialect dialect, FaultPlan plan) throws IOException {
        this(dialect, plan, Duration.ZERO);
    }

    /**
     * Starts listening on an ephemeral port.
     *
     * @param eventGap pause before each content event (zero: none)
     */
    public FaultServer(FaultDialect dialect, FaultPlan plan, Duration eventGap) throws IOException {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.eventGap = Objects.requireNonNull(eventGap, "eventGap");
        for (Fault fault : Fault.values()) {
            injected.put(fault, new AtomicInteger());
        }
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        acceptThread = new Thread(this::acceptLoop, "fault-server-accept-" + listener.getLocalPort());
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The {@code base_url} for a provider of this server's dialect. */
    public String baseUrl() {
        return dialect.baseUrl(port());
    }

    public FaultDialect dialect() {
        return dialect;
    }

    /** Chat requests read so far, retries included. */
    public long chatRequests() {
        return arrivals.get();
    }

    /** How many chat requests got {@code fault} ({@link Fault#NONE}: answered normally). */
    public int injected(Fault fault) {
        return injected.get(fault).get();
    }

    /** The API keys chat requests carried, in whichever header or query parameter the dialect uses. */
    public Set<String> keysSeen() {
        return Set.copyOf(keysSeen);
    }

    /** Connections open now. */
    public int openConnections() {
        return sockets.size();
    }

    /**
     * The text a complete stream with this fault carries, as the client should decode it (the JSON
     * escapes resolved; a lone surrogate stays a lone {@code char}), or null for faults that never send
     * a complete stream.
     *
     * @param key the key the request carries (for {@link Fault#ECHO_KEY})
     */
    public static String streamedText(Fault fault, String key) {
        List<String> tokens = tokens(fault, key);
        return tokens == null ? null : String.join("", tokens);
    }

    /** The content tokens of a stream with this fault, or null when the fault sends no whole stream. */
    static List<String> tokens(Fault fault, String key) {
        return switch (fault) {
            case NONE, HUGE_LINE, RATE_LIMITED_SHORT -> TOKENS;
            case BYTE_AT_A_TIME -> MULTIBYTE_TOKENS;
            case SPLIT_SURROGATES -> List.of("Hello ", "\ud83d", "\ude00", " server");
            case UNPAIRED_SURROGATE -> List.of("Hello ", "\ud83d", " server");
            case NUL_IN_CONTENT -> List.of("Hello", " nul\u0000byte", " server");
            case ECHO_KEY -> {
                String k = key == null ? "(no key)" : key;
                int half = k.length() / 2;
                yield List.of("Your key is ", k, " and again ", k.substring(0, half), k.substring(half), ".");
            }
            default -> null;
        };
    }

    @Override
    public void close() {
        closed = true;
        closeListener();
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        List<Thread> all = new ArrayList<>(threads);
        all.add(acceptThread);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Thread thread : all) {
            thread.interrupt();
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || thread == Thread.currentThread()) {
                continue;
            }
            try {
                thread.join(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ---------------------------------------------------------------- connections

    private void acceptLoop() {
        AtomicInteger ids = new AtomicInteger();
        while (!closed && !listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (closed || listener.isClosed()) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                continue;
            }
            sockets.add(socket);
            Thread thread = new Thread(() -> serve(socket), "fault-server-conn-" + ids.incrementAndGet());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            boolean open = true;
            while (open && !closed) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                open = answer(request, socket, in, out);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, a fault reset the connection, the server is closing, or the
            // request was malformed (a bad Content-Length): the connection just ends
        } finally {
            sockets.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    /** Answers one request; false when the connection must not carry another. */
    private boolean answer(Request request, Socket socket, InputStream in, OutputStream out) throws IOException {
        if (request.method.equals("GET")) {
            String body = dialect.probeBody(request.path());
            send(out, body == null ? 404 : 200, body == null ? "{\"error\":\"not found\"}" : body, "", false);
            return false;
        }
        if (!request.method.equals("POST") || !dialect.isChat(request.path())) {
            send(out, 404, dialect.errorBody(404, "no such endpoint: " + request.path()), "", false);
            return false;
        }
        long arrival = arrivals.getAndIncrement();
        int attempt;
        synchronized (attemptsByBody) {
            attempt = attemptsByBody.merge(request.bodyText(), 1, Integer::sum);
        }
        String key = request.apiKey();
        if (key != null) {
            keysSeen.add(key);
        }
        Fault fault = plan.faultFor(arrival, attempt);
        injected.get(fault).incrementAndGet();
        return inject(fault, key, socket, in, out);
    }

    private boolean inject(Fault fault, String key, Socket socket, InputStream in, OutputStream out)
            throws IOException {
        switch (fault) {
            case REFUSED -> {
                closeListener();
                for (Socket open : sockets) {
                    reset(open);
                }
                return false;
            }
            case RESET_BEFORE_RESPONSE -> {
                reset(socket);
                return false;
            }
            case RATE_LIMITED_SHORT -> {
                send(
                        out,
                        429,
                        dialect.errorBody(429, "rate limited, retry soon"),
                        "retry-after-ms: 150\r\nRetry-After: 1\r\n",
                        true);
                return true;
            }
            case RATE_LIMITED_LONG -> {
                send(out, 429, dialect.errorBody(429, "rate limited, retry in 30 s"), "Retry-After: 30\r\n", true);
                return true;
            }
            case SERVER_ERROR -> {
                send(out, 500, dialect.errorBody(500, "simulated server error"), "", true);
                return true;
            }
            case SILENT_AFTER_ACCEPT -> {
                awaitClientGone(in);
                return false;
            }
            default -> {
                return stream(fault, key, socket, in, out);
            }
        }
    }

    /** A 200 stream, complete or broken as the fault says. */
    private boolean stream(Fault fault, String key, Socket socket, InputStream in, OutputStream out)
            throws IOException {
        boolean keepOpen = fault != Fault.CLOSE_WITHOUT_END;
        ChunkedBody body = new ChunkedBody(out, fault == Fault.BYTE_AT_A_TIME);
        body.head(dialect.contentType(), keepOpen);
        for (String event : dialect.opening()) {
            body.event(event);
        }
        List<String> tokens = tokens(fault, key);
        if (tokens == null) {
            tokens = TOKENS;
        }
        for (int i = 0; i < tokens.size(); i++) {
            pauseBetweenEvents();
            String extra = fault == Fault.HUGE_LINE && i == 0 ? padding() : "";
            body.event(dialect.content(quote(tokens.get(i)), extra));
            if (fault == Fault.STALL_AFTER_FIRST_TOKEN) {
                awaitClientGone(in);
                return false;
            }
            if (fault == Fault.MALFORMED_CHUNK && i == 0) {
                body.event(dialect.malformed());
            }
            if (fault == Fault.RESET_MID_STREAM && i == 1) {
                sleep(RESET_PAUSE_MILLIS);
                reset(socket);
                return false;
            }
        }
        if (fault != Fault.CLOSE_WITHOUT_END) {
            for (String event : dialect.closing(tokens.size())) {
                body.event(event);
            }
        }
        body.end();
        return keepOpen;
    }

    private void pauseBetweenEvents() {
        if (!eventGap.isZero()) {
            LockSupport.parkNanos(eventGap.toNanos());
        }
    }

    /** The extra member of {@link Fault#HUGE_LINE}'s content event, made once. */
    private static synchronized String padding() {
        if (padding == null) {
            padding = ",\"x_padding\":\"" + "a".repeat(HUGE_LINE_BYTES) + "\"";
        }
        return padding;
    }

    /**
     * JSON string contents for a token: {@link FaultDialect#quote} plus a {@code \\uXXXX} escape for
     * every surrogate without its partner (which UTF-8 cannot carry).
     */
    static String quote(String token) {
        StringBuilder out = new StringBuilder(token.length() + 8);
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                            && i + 1 < token.length()
                            && Character.isLowSurrogate(token.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(token.charAt(i - 1));
            if (Character.isSurrogate(c) && !paired) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(FaultDialect.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    /** A whole JSON response; {@code Connection: close} unless {@code keepAlive}. */
    private static void send(OutputStream out, int status, String body, String extraHeaders, boolean keepAlive)
            throws IOException {
        byte[] bytes = FaultDialect.utf8(body);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n" + extraHeaders
                + (keepAlive ? "" : "Connection: close\r\n")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            default -> "Internal Server Error";
        };
    }

    /** Blocks until the client closes the connection (or the server closes it). */
    private static void awaitClientGone(InputStream in) throws IOException {
        while (in.read() >= 0) {
            // discard whatever the client sends
        }
    }

    /**
     * Closes the listening socket and waits for the accept thread to leave {@code accept()}: until it
     * has, the JDK may defer the close and the kernel may still complete new connections.
     */
    private void closeListener() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (Thread.currentThread() != acceptThread) {
            try {
                acceptThread.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes with RST rather than FIN. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed: nothing to reset
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- wire

    /** A chunked response body: every event one chunk, or one chunk per byte. */
    private static final class ChunkedBody {
        private final OutputStream out;
        private final boolean byteAtATime;

        ChunkedBody(OutputStream out, boolean byteAtATime) {
            this.out = out;
            this.byteAtATime = byteAtATime;
        }

        void head(String contentType, boolean keepOpen) throws IOException {
            String head = "HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nCache-Control: no-cache\r\n"
                    + "Transfer-Encoding: chunked\r\n" + (keepOpen ? "" : "Connection: close\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void event(String text) throws IOException {
            byte[] bytes = FaultDialect.utf8(text);
            if (!byteAtATime) {
                chunk(bytes, 0, bytes.length);
                return;
            }
            for (int i = 0; i < bytes.length; i++) {
                chunk(bytes, i, 1);
                if (i + 1 < bytes.length && (bytes[i + 1] & 0xC0) == 0x80) {
                    LockSupport.parkNanos(SPLIT_PAUSE_NANOS); // inside a multi-byte sequence
                }
            }
        }

        void end() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private void chunk(byte[] bytes, int offset, int length) throws IOException {
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, offset, length);
            out.write('\r');
            out.write('\n');
            out.flush();
        }
    }

    /** One request: method, target, lower-case header names, body. */
    private record Request(String method, String target, Map<String, String> headers, byte[] body) {

        /** Reads one request, or null when the client closed the connection first. */
        static Request read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream(512);
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                if (head.size() >= MAX_HEAD_BYTES) {
                    throw new IOException("request head too large");
                }
                head.write(b);
                matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].trim().split(" ");
            if (requestLine.length < 2) {
                throw new IOException("malformed request line");
            }
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                return null;
            }
            return new Request(requestLine[0], requestLine[1], headers, body);
        }

        String path() {
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The key from {@code Authorization: Bearer}, {@code x-api-key}, {@code x-goog-api-key} or {@code ?key=}. */
        String apiKey() {
            String authorization = headers.get("authorization");
            if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return authorization.substring(7).trim();
            }
            for (String name : List.of("x-api-key", "x-goog-api-key")) {
                if (headers.containsKey(name)) {
                    return headers.get(name);
                }
            }
            int query = target.indexOf('?');
            if (query >= 0) {
                for (String pair : target.substring(query + 1).split("&")) {
                    if (pair.startsWith("key=")) {
                        return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
                    }
                }
            }
            return null;
        }
    }
}
