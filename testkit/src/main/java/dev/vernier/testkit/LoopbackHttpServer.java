package dev.vernier.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/1.1 server on 127.0.0.1 built on blocking sockets, made for exact timing rather than
 * throughput: one accept thread, one daemon thread per connection, {@code TCP_NODELAY} on every
 * connection, persistent connections, and nothing between the handler and the socket but a buffer that
 * is flushed on every event.
 *
 * <p>Requests: request line, header fields (at most {@link #MAX_HEAD_BYTES} bytes together) and a body
 * of {@code Content-Length} bytes (at most {@link #MAX_BODY_BYTES}). Request bodies with
 * {@code Transfer-Encoding} are refused with 411, since the simulator's clients always know the length.
 * {@code Expect: 100-continue} is answered before the body is read.
 */
final class LoopbackHttpServer implements Closeable {

    /** Largest request line plus header fields accepted, in bytes. */
    static final int MAX_HEAD_BYTES = 64 * 1024;
    /** Largest request body accepted, in bytes. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final long THREAD_STACK_BYTES = 512 * 1024;
    private static final int BACKLOG = 2048;
    private static final byte[] CRLF = {'\r', '\n'};

    /** Serves one request; must answer it through the exchange or throw. */
    interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private final Handler handler;
    private final ServerSocket serverSocket;
    private final Thread acceptThread;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadIds = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Binds to 127.0.0.1 and starts accepting plain HTTP.
     *
     * @param port 0 for an ephemeral port
     */
    LoopbackHttpServer(int port, Handler handler) throws IOException {
        this(port, handler, null);
    }

    /**
     * Binds to 127.0.0.1 and starts accepting, over TLS when {@code tls} is given (the handshake
     * happens on each connection's own thread, before its first request is read).
     *
     * @param port 0 for an ephemeral port
     * @param tls  the server's TLS identity, or null for plain HTTP
     */
    LoopbackHttpServer(int port, Handler handler, SSLContext tls) throws IOException {
        this.handler = handler;
        ServerSocket socket =
                tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        this.serverSocket = socket;
        this.acceptThread = new Thread(
                null, this::acceptLoop, "streaming-simulator-accept-" + socket.getLocalPort(), THREAD_STACK_BYTES);
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** Closes the listening socket and every open connection, and waits briefly for the threads to end. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        List<Thread> all = new ArrayList<>(threads);
        all.add(acceptThread);
        for (Thread thread : all) {
            if (thread == Thread.currentThread()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** Connections currently open (for tests). */
    int openConnections() {
        return sockets.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (closed || serverSocket.isClosed()) {
                    return;
                }
                pause(); // e.g. out of file descriptors: let some connections end, then go on
                continue;
            }
            try {
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                Thread thread = new Thread(
                        null,
                        () -> serve(socket),
                        "streaming-simulator-conn-" + threadIds.incrementAndGet(),
                        THREAD_STACK_BYTES);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
                if (closed) {
                    closeQuietly(socket);
                }
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                sockets.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            while (!closed) {
                SimpleRequest request;
                try {
                    request = readRequest(in, out);
                } catch (BadRequest e) {
                    writeError(out, e.status, e.getMessage());
                    return;
                }
                if (request == null) {
                    return; // the client closed the connection
                }
                Exchange exchange = new Exchange(request, out, request.keepAlive());
                try {
                    handler.handle(exchange);
                } catch (RuntimeException e) {
                    if (!exchange.started) {
                        writeError(out, 500, "simulator error: " + e);
                    }
                    return;
                }
                if (!exchange.finished || !exchange.keepAlive) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or the server is closing
        } finally {
            sockets.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    /** Reads one request, or returns null on end of stream before or inside it. */
    private static SimpleRequest readRequest(InputStream in, OutputStream out) throws IOException {
        int first = in.read();
        while (first == '\r' || first == '\n') { // stray line ends between requests are allowed
            first = in.read();
        }
        if (first < 0) {
            return null;
        }
        long arrival = System.nanoTime();
        int[] budget = {MAX_HEAD_BYTES - 1};
        String requestLine = readLine(in, first, budget);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest(400, "malformed request line");
        }
        Map<String, String> headers = new HashMap<>();
        while (true) {
            String line = readLine(in, -1, budget);
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                break;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new BadRequest(400, "folded header lines are not supported");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "malformed header line");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
        if (headers.containsKey("transfer-encoding")) {
            throw new BadRequest(
                    411, "request bodies with Transfer-Encoding are not supported;" + " send Content-Length");
        }
        int length = contentLength(headers.get("content-length"));
        String expect = headers.get("expect");
        if (expect != null && length > 0) {
            if (!"100-continue".equalsIgnoreCase(expect)) {
                throw new BadRequest(417, "unsupported expectation: " + expect);
            }
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            return null;
        }
        return new SimpleRequest(arrival, parts[0], parts[1], parts[2], headers, body);
    }

    private static int contentLength(String value) throws BadRequest {
        if (value == null) {
            return 0;
        }
        long length = -1;
        for (String part : value.split(",")) { // repeated fields were joined; they must agree
            long one;
            try {
                one = Long.parseLong(part.trim());
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "bad Content-Length: " + value);
            }
            if (one < 0 || (length >= 0 && one != length)) {
                throw new BadRequest(400, "bad Content-Length: " + value);
            }
            length = one;
        }
        if (length > MAX_BODY_BYTES) {
            throw new BadRequest(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return (int) length;
    }

    /**
     * Reads a line ending in LF (a CR before it is dropped) as ISO-8859-1, counting its bytes against
     * {@code budget[0]}; null on end of stream.
     */
    private static String readLine(InputStream in, int firstByte, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b = firstByte >= 0 ? firstByte : in.read();
        while (b >= 0 && b != '\n') {
            if (--budget[0] < 0) {
                throw new BadRequest(431, "request head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            line.write(b);
            b = in.read();
        }
        if (b < 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static void writeError(OutputStream out, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: text/plain; charset=utf-8"
                + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 411 -> "Length Required";
            case 413 -> "Payload Too Large";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A request the server answers itself with an error status, then closes the connection. */
    private static final class BadRequest extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /**
     * One request and its response. A response is either whole ({@link #send}) or a chunked stream
     * ({@link #startStream}, {@link #writeChunk}..., {@link #endStream}); every chunk is handed to the
     * socket in one write and flushed at once.
     */
    static final class Exchange {
        private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        private final SimpleRequest request;
        private final OutputStream out;
        private final boolean keepAlive;
        private boolean started;
        private boolean finished;

        Exchange(SimpleRequest request, OutputStream out, boolean keepAlive) {
            this.request = request;
            this.out = out;
            this.keepAlive = keepAlive;
        }

        SimpleRequest request() {
            return request;
        }

        /** Sends a whole response with {@code Content-Length}. */
        void send(int status, String contentType, byte[] body) throws IOException {
            begin();
            String head = statusLine(status) + "Content-Type: " + contentType + "\r\nContent-Length: " + body.length
                    + "\r\n" + connectionHeader() + "\r\n";
            byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            out.write(all);
            out.flush();
            finished = true;
        }

        /**
         * Writes the head of a chunked 200 response into the buffer; it leaves with the first chunk or
         * {@link #flush()}.
         *
         * @param extraHeaders complete header lines without line ends, e.g. {@code Cache-Control: no-cache}
         */
        void startStream(String contentType, String... extraHeaders) throws IOException {
            begin();
            StringBuilder head = new StringBuilder(statusLine(200));
            head.append("Content-Type: ").append(contentType).append("\r\n");
            for (String header : extraHeaders) {
                head.append(header).append("\r\n");
            }
            head.append("Transfer-Encoding: chunked\r\n")
                    .append(connectionHeader())
                    .append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        }

        /** Sends what is buffered. */
        void flush() throws IOException {
            out.flush();
        }

        /** Sends one chunk now. */
        void writeChunk(byte[] data) throws IOException {
            if (data.length == 0) {
                return; // an empty chunk would end the body
            }
            out.write(chunk(data, false));
            out.flush();
        }

        /** Sends one last chunk and the end of the body together. */
        void writeLastChunk(byte[] data) throws IOException {
            if (data.length == 0) {
                endStream();
                return;
            }
            out.write(chunk(data, true));
            out.flush();
            finished = true;
        }

        /** Ends the chunked body. */
        void endStream() throws IOException {
            out.write(LAST_CHUNK);
            out.flush();
            finished = true;
        }

        private static byte[] chunk(byte[] data, boolean last) {
            byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int total = size.length + data.length + CRLF.length + (last ? LAST_CHUNK.length : 0);
            byte[] all = new byte[total];
            System.arraycopy(size, 0, all, 0, size.length);
            System.arraycopy(data, 0, all, size.length, data.length);
            System.arraycopy(CRLF, 0, all, size.length + data.length, CRLF.length);
            if (last) {
                System.arraycopy(LAST_CHUNK, 0, all, total - LAST_CHUNK.length, LAST_CHUNK.length);
            }
            return all;
        }

        private void begin() {
            if (started) {
                throw new IllegalStateException("response already started");
            }
            started = true;
        }

        private static String statusLine(int status) {
            return "HTTP/1.1 " + status + " " + reason(status) + "\r\n";
        }

        private String connectionHeader() {
            return keepAlive ? "" : "Connection: close\r\n";
        }
    }
}
