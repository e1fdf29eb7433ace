package dev.vernier.testkit;

import java.io.BufferedInputStream;
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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy on 127.0.0.1 for tests, as a company proxy behaves: {@code CONNECT host:port}
 * opens a tunnel (for https), and a request with an absolute URL ({@code GET http://host:port/path})
 * is forwarded to that server in origin form (for http). Optionally it demands Basic credentials
 * ({@code Proxy-Authorization}), answering 407 without them. It counts what it did, so a test can
 * tell that a request went through it (or did not). Blocking sockets, a thread per connection; only
 * {@code Content-Length} request bodies are forwarded (what HTTP clients of LLM APIs send).
 */
public final class HttpProxyServer implements Closeable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final String expectedAuthorization;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger tunnels = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** A proxy that asks for no credentials. */
    public static HttpProxyServer start() throws IOException {
        return new HttpProxyServer(null, null);
    }

    /** A proxy that demands {@code user}/{@code password} (Basic) on every request and tunnel. */
    public static HttpProxyServer startWithCredentials(String user, String password) throws IOException {
        return new HttpProxyServer(user, password);
    }

    private HttpProxyServer(String user, String password) throws IOException {
        this.expectedAuthorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        this.acceptor = daemon(this::acceptLoop, "test-proxy-accept");
        acceptor.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Client connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** CONNECT tunnels opened so far. */
    public int tunnels() {
        return tunnels.get();
    }

    /** Absolute-form requests forwarded so far. */
    public int forwarded() {
        return forwarded.get();
    }

    /** Requests and tunnels refused with 407 (missing or wrong credentials). */
    public int refused() {
        return refused.get();
    }

    /** The {@code host:port} of every tunnel and forwarded request, in order. */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : sockets) {
            quietClose(socket);
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                client.setTcpNoDelay(true);
                sockets.add(client);
                connections.incrementAndGet();
                daemon(() -> serve(client), "test-proxy-conn").start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        Socket upstream = null;
        String upstreamTarget = null;
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (!closed) {
                Head head = Head.read(in);
                if (head == null) {
                    return;
                }
                if (expectedAuthorization != null
                        && !expectedAuthorization.equals(head.header("proxy-authorization"))) {
                    refused.incrementAndGet();
                    out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\""
                                    + "\r\nContent-Length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    in.skipNBytes(head.contentLength());
                    continue;
                }
                if (head.method.equals("CONNECT")) {
                    tunnel(head.target, in, out);
                    return;
                }
                // absolute form: http://host:port/path
                String url = head.target;
                if (!url.startsWith("http://")) {
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                int slash = url.indexOf('/', "http://".length());
                String hostPort = slash < 0 ? url.substring(7) : url.substring(7, slash);
                String path = slash < 0 ? "/" : url.substring(slash);
                if (!hostPort.contains(":")) {
                    hostPort += ":80";
                }
                if (upstream == null || !hostPort.equals(upstreamTarget)) {
                    if (upstream != null) {
                        quietClose(upstream);
                    }
                    upstream = connect(hostPort);
                    upstreamTarget = hostPort;
                    Socket from = upstream;
                    daemon(() -> pump(from, client), "test-proxy-down").start();
                }
                forwarded.incrementAndGet();
                targets.add(hostPort);
                OutputStream up = upstream.getOutputStream();
                up.write(head.rewritten(path));
                up.write(in.readNBytes(head.contentLength()));
                up.flush();
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            if (upstream != null) {
                quietClose(upstream);
            }
            sockets.remove(client);
        }
    }

    private void tunnel(String hostPort, InputStream in, OutputStream out) throws IOException {
        Socket upstream;
        try {
            upstream = connect(hostPort);
        } catch (IOException e) {
            out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return;
        }
        tunnels.incrementAndGet();
        targets.add(hostPort);
        try (upstream) {
            out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread down = daemon(() -> pump(upstream, out), "test-proxy-tunnel");
            down.start();
            copy(in, upstream.getOutputStream());
            upstream.shutdownOutput();
            down.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Socket connect(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(
                new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
                5_000);
        sockets.add(socket);
        return socket;
    }

    private void pump(Socket from, Socket to) {
        try {
            pump(from, to.getOutputStream());
        } catch (IOException e) {
            // gone
        } finally {
            quietClose(to); // the server ended the connection: so does the proxy
        }
    }

    private static void pump(Socket from, OutputStream to) {
        try {
            copy(from.getInputStream(), to);
        } catch (IOException e) {
            // one side went away
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void quietClose(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** A request head: its line and header lines as read. */
    private record Head(String method, String target, String version, List<String> lines) {

        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                bytes.write(b);
                matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            if (matched < 4) {
                return null;
            }
            List<String> lines =
                    List.of(bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n"));
            String[] first = lines.get(0).split(" ", 3);
            if (first.length != 3) {
                throw new IOException("bad request line");
            }
            return new Head(first[0], first[1], first[2], lines.subList(1, lines.size()));
        }

        String header(String name) {
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        int contentLength() {
            String value = header("content-length");
            return value == null ? 0 : Integer.parseInt(value);
        }

        /** The head in origin form, without the proxy's own headers. */
        byte[] rewritten(String path) {
            StringBuilder out = new StringBuilder(method + " " + path + " " + version + "\r\n");
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (!lower.startsWith("proxy-authorization:") && !lower.startsWith("proxy-connection:")) {
                    out.append(line).append("\r\n");
                }
            }
            return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
