package dev.vernier.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on one blocking socket, for tests that need to see the wire: which
 * connection carries which request, each chunk as sent, and when each chunk arrived.
 */
final class RawHttpClient implements Closeable {

    /** One chunk of a chunked body (or a whole fixed-length body), with its arrival time. */
    record Chunk(long receivedNanos, String text) {}

    /**
     * A response as received.
     *
     * @param sentNanos  when the request's last byte was written
     * @param headNanos  when the status line's first byte arrived
     */
    record Response(int status, Map<String, String> headers, List<Chunk> chunks, long sentNanos, long headNanos) {

        String body() {
            StringBuilder all = new StringBuilder();
            chunks.forEach(c -> all.append(c.text()));
            return all.toString();
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends raw request bytes in one write and returns when they were written. */
    long sendRaw(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return System.nanoTime();
    }

    Response post(String path, String body, String... extraHeaders) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        long sent = sendRaw(head + "\r\n" + body);
        return read(sent);
    }

    Response get(String path, String... extraHeaders) throws IOException {
        StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        return read(sendRaw(head + "\r\n"));
    }

    /** Reads one response. */
    Response read(long sentNanos) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("connection closed before a response");
        }
        long headNanos = System.nanoTime();
        String statusLine = (char) first + line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
        List<Chunk> chunks = new ArrayList<>();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                int size = Integer.parseInt(line().trim(), 16);
                if (size == 0) {
                    line(); // the empty line after the last chunk
                    break;
                }
                byte[] data = in.readNBytes(size);
                long at = System.nanoTime();
                if (data.length < size || !line().isEmpty()) {
                    throw new IOException("malformed chunk");
                }
                chunks.add(new Chunk(at, new String(data, StandardCharsets.UTF_8)));
            }
        } else {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] data = in.readNBytes(length);
            chunks.add(new Chunk(System.nanoTime(), new String(data, StandardCharsets.UTF_8)));
        }
        return new Response(status, headers, chunks, sentNanos, headNanos);
    }

    /** True when the server has closed the connection (the next read sees end of stream). */
    boolean serverClosed() throws IOException {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("connection closed inside a line");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
