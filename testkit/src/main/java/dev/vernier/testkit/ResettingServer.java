package dev.vernier.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A one-shot HTTP server on 127.0.0.1 that answers the first request with 200, streams a body in
 * chunked encoding, waits, then resets the connection (RST) instead of finishing the body: a
 * connection lost mid-stream, after content has arrived.
 */
public final class ResettingServer implements AutoCloseable {

    private final ServerSocket server;
    private final Thread thread;

    /**
     * Starts listening at once.
     *
     * @param contentType the response's content type
     * @param body        what to send before the reset, one HTTP chunk per line group
     * @param pause       how long to wait after the body before resetting
     */
    public ResettingServer(String contentType, String body, Duration pause) throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(contentType, body, pause), "vernier-resetting-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve(String contentType, String body, Duration pause) {
        try (Socket socket = server.accept()) {
            readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (String part : body.split("(?<=\n)")) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            Thread.sleep(pause.toMillis());
            socket.setSoLinger(true, 0); // close with RST
        } catch (IOException | InterruptedException e) {
            // a test server: the test's assertions tell what went wrong
        }
    }

    /** Reads the request head and whatever body has arrived with it (the body is not needed). */
    private static void readHead(InputStream in) throws IOException {
        byte[] buffer = new byte[16384];
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        if (in.available() > 0) {
            in.read(buffer, 0, Math.min(buffer.length, in.available()));
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
