package dev.vernier.provider.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A raw HTTP server on 127.0.0.1 for the transport's tests: it reads each request (head and
 * Content-Length body) and answers with the scripted bytes, in the given pieces, each flushed on its
 * own after a short pause (so the client reads them apart), then keeps the connection for the next
 * request or closes it.
 */
final class ScriptedServer implements AutoCloseable {

    /** How a connection is answered. */
    interface Script {
        /**
         * Answers request number {@code index} (from 0, per connection) on {@code out}.
         *
         * @return false to close the connection after it
         */
        boolean answer(int index, String request, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ScriptedServer(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    socket.setTcpNoDelay(true);
                    sockets.add(socket);
                    connections.incrementAndGet();
                    Thread serving = new Thread(() -> serve(socket, script), "scripted-server-conn");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Writes each piece on its own, flushed, 2 ms apart. */
    static void pieces(OutputStream out, byte[]... parts) throws IOException, InterruptedException {
        for (byte[] part : parts) {
            out.write(part);
            out.flush();
            Thread.sleep(2);
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes cut at the given offsets. */
    static byte[][] cut(byte[] bytes, int... cuts) {
        byte[][] parts = new byte[cuts.length + 1][];
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : bytes.length;
            parts[i] = Arrays.copyOfRange(bytes, from, to);
            from = to;
        }
        return parts;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    int connections() {
        return connections.get();
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    private void serve(Socket socket, Script script) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int index = 0; ; index++) {
                String request = read(in);
                if (request == null) {
                    return;
                }
                requests.add(request);
                if (!script.answer(index, request, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the test ended
        }
    }

    /** A request's head and Content-Length body as text, or null at the end of the connection. */
    static String read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        if (matched < 4) {
            return null;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
        byte[] body = in.readNBytes(length.find() ? Integer.parseInt(length.group(1)) : 0);
        return text + new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
