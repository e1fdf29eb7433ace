package dev.vernier.provider.http;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A small HTTP/1.1 client for plain {@code http://} servers, made for streaming: one selector thread
 * does all non-blocking connecting and reading, and a request on an idle pooled connection is
 * written straight from the calling thread, so it is on the wire before {@link #send} returns.
 * Connections are kept alive and pooled per {@code host:port}; one is reused only after its previous
 * response was read to the end, and dropped on any error. A request whose reused connection turns
 * out to have been closed by the server before it answered is sent once more on a fresh connection.
 *
 * <p>A 2xx-style body (the listener decides) is delivered as lines ({@link LineSplitter}); any other
 * is collected and handed over whole. All listener calls happen on the selector thread, in order,
 * and end with exactly one of {@link Listener#onEnd} or {@link Listener#onFailure}; listeners must
 * not block.
 */
final class Http1Client implements AutoCloseable {

    /** What a request's response is reported to. */
    interface Listener {
        /**
         * The response head arrived.
         *
         * @return true to receive the body as lines, false to receive it whole in {@link #onEnd}
         */
        boolean onHead(int status, Supplier<HttpHeaders> headers);

        /** One body line as UTF-8 bytes without its terminator; the bytes are valid only during the call. */
        void onLine(byte[] bytes, int offset, int length);

        /** The response ended. {@code body} is the whole body when {@link #onHead} returned false, else null. */
        void onEnd(String body);

        /** The exchange failed (connect, I/O, protocol, timeout or the client closing). */
        void onFailure(Throwable error);
    }

    /** Largest error body kept. */
    private static final int MAX_COLLECTED = 1 << 20;

    private static final int READ_BUFFER = 64 * 1024;

    private final long connectTimeoutNanos;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Map<String, ConcurrentLinkedDeque<Connection>> idle = new ConcurrentHashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private volatile boolean closed;

    // selector thread only
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    private final byte[] readBytes = new byte[READ_BUFFER];
    private final Set<Connection> open = new HashSet<>();
    private final List<Connection> connecting = new ArrayList<>();
    private final List<Exchange> awaitingHead = new ArrayList<>();

    /**
     * Starts the selector thread (a daemon).
     *
     * @param name           the thread's name
     * @param connectTimeout limit on opening a connection
     */
    Http1Client(String name, Duration connectTimeout) {
        this.connectTimeoutNanos = connectTimeout.toNanos();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a selector", e);
        }
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Sends a request. On an idle pooled connection the bytes are written before this returns;
     * otherwise the selector thread opens a connection and writes them.
     *
     * @return the exchange, to {@link Exchange#cancel()} it
     */
    Exchange send(Http1Request request, Listener listener) {
        Exchange exchange = new Exchange(request, listener);
        if (closed) {
            exchange.finished = true;
            listener.onFailure(new IOException("client closed"));
            return exchange;
        }
        if (request.timeoutNanos() >= 0) {
            exchange.headDeadline = System.nanoTime() + request.timeoutNanos();
            post(() -> awaitingHead.add(exchange));
        }
        if (!sendOnIdle(exchange)) {
            post(() -> openConnection(exchange));
        }
        return exchange;
    }

    /** Connections opened so far (a measure of reuse). */
    long connectionsOpened() {
        return opened.get();
    }

    /** Connections idle in the pool now. */
    int idleConnections() {
        return idle.values().stream()
                .mapToInt(deque -> (int)
                        deque.stream().filter(c -> c.state == Connection.IDLE).count())
                .sum();
    }

    /** Closes every connection (in-flight exchanges fail) and stops the selector thread. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ calling thread

    private boolean sendOnIdle(Exchange exchange) {
        ConcurrentLinkedDeque<Connection> pool = idle.get(exchange.request.poolKey());
        if (pool == null) {
            return false;
        }
        Connection c;
        while ((c = pool.pollFirst()) != null) {
            synchronized (c) {
                if (c.state != Connection.IDLE) {
                    continue; // the selector found it closed
                }
                c.state = Connection.ACTIVE;
                c.exchange = exchange;
                c.reused = true;
                exchange.connection = c;
                c.startResponse();
                ByteBuffer bytes = ByteBuffer.wrap(exchange.request.bytes());
                try {
                    c.channel.write(bytes);
                } catch (IOException e) {
                    c.state = Connection.CLOSED;
                    c.exchange = null;
                    exchange.connection = null;
                    Connection dead = c;
                    post(() -> closeConnection(dead));
                    continue;
                }
                if (bytes.hasRemaining()) {
                    c.pendingWrite = bytes;
                    Connection partial = c;
                    post(() -> wantWrite(partial));
                }
                return true;
            }
        }
        return false;
    }

    private void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    // ------------------------------------------------------------------ selector thread

    private void loop() {
        try {
            while (!closed) {
                selector.select(this::ready, nextTimeoutMillis());
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // a listener misbehaved; keep serving the others
                    }
                }
                if (!connecting.isEmpty() || !awaitingHead.isEmpty()) {
                    checkDeadlines();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through to shut down
        } finally {
            closed = true;
            shutdown();
        }
    }

    private void shutdown() {
        IOException error = new IOException("client closed");
        for (Connection c : new ArrayList<>(open)) {
            Exchange exchange = c.exchange;
            closeConnection(c);
            if (exchange != null) {
                fail(exchange, error);
            }
        }
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run(); // exchanges still waiting for a connection fail there, as closed is set
            } catch (RuntimeException e) {
                // ignore
            }
        }
        idle.clear();
        try {
            selector.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    private long nextTimeoutMillis() {
        if (connecting.isEmpty() && awaitingHead.isEmpty()) {
            return 0; // block until woken
        }
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Connection c : connecting) {
            next = Math.min(next, c.connectDeadline - now);
        }
        for (Exchange e : awaitingHead) {
            next = Math.min(next, e.headDeadline - now);
        }
        return Math.max(1, (next + 999_999) / 1_000_000);
    }

    private void checkDeadlines() {
        long now = System.nanoTime();
        for (Iterator<Connection> it = connecting.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (c.state != Connection.CONNECTING) {
                it.remove();
            } else if (now - c.connectDeadline >= 0) {
                it.remove();
                Exchange exchange = c.exchange;
                closeConnection(c);
                if (exchange != null) {
                    fail(exchange, new HttpConnectTimeoutException("connect timed out"));
                }
            }
        }
        for (Iterator<Exchange> it = awaitingHead.iterator(); it.hasNext(); ) {
            Exchange exchange = it.next();
            if (exchange.finished || exchange.headSeen) {
                it.remove();
            } else if (now - exchange.headDeadline >= 0) {
                it.remove();
                Connection c = exchange.connection;
                if (c != null && c.exchange == exchange) {
                    closeConnection(c);
                }
                fail(exchange, new HttpTimeoutException("request timed out"));
            }
        }
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                finishConnect(c);
                return;
            }
            if (key.isWritable()) {
                writePending(c);
            }
            if (key.isValid() && key.isReadable()) {
                read(c);
            }
        } catch (RuntimeException e) {
            Exchange exchange = c.exchange;
            closeConnection(c);
            if (exchange != null) {
                fail(exchange, e);
            }
        }
    }

    private void openConnection(Exchange exchange) {
        if (exchange.finished) {
            return;
        }
        if (closed) {
            fail(exchange, new IOException("client closed"));
            return;
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection c = new Connection(exchange.request.poolKey(), channel);
            opened.incrementAndGet();
            open.add(c);
            c.exchange = exchange;
            exchange.connection = c;
            c.startResponse();
            c.pendingWrite = ByteBuffer.wrap(exchange.request.bytes());
            boolean connected = channel.connect(exchange.request.address());
            if (connected) {
                c.state = Connection.ACTIVE;
                c.key = channel.register(selector, SelectionKey.OP_READ, c);
                writePending(c);
            } else {
                c.state = Connection.CONNECTING;
                c.connectDeadline = System.nanoTime() + connectTimeoutNanos;
                c.key = channel.register(selector, SelectionKey.OP_CONNECT, c);
                connecting.add(c);
            }
        } catch (IOException | UnresolvedAddressException e) {
            Connection c = exchange.connection;
            if (c != null) {
                closeConnection(c);
            } else if (channel != null) {
                quietClose(channel);
            }
            fail(
                    exchange,
                    e instanceof UnresolvedAddressException
                            ? new java.net.ConnectException("cannot resolve " + exchange.request.poolKey())
                            : e);
        }
    }

    private void finishConnect(Connection c) {
        try {
            if (!c.channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            Exchange exchange = c.exchange;
            closeConnection(c);
            if (exchange != null) {
                fail(exchange, e);
            }
            return;
        }
        synchronized (c) {
            c.state = Connection.ACTIVE;
        }
        c.key.interestOps(SelectionKey.OP_READ);
        writePending(c);
    }

    private void wantWrite(Connection c) {
        if (c.key != null && c.key.isValid()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void writePending(Connection c) {
        ByteBuffer pending = c.pendingWrite;
        if (pending == null) {
            c.key.interestOps(SelectionKey.OP_READ);
            return;
        }
        try {
            c.channel.write(pending);
        } catch (IOException e) {
            failOrRetry(c, e);
            return;
        }
        if (pending.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            c.pendingWrite = null;
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void read(Connection c) {
        readBuffer.clear();
        int n;
        try {
            n = c.channel.read(readBuffer);
        } catch (IOException e) {
            Exchange exchange;
            synchronized (c) {
                exchange = c.exchange;
                if (exchange == null) {
                    c.state = Connection.CLOSED;
                }
            }
            if (exchange == null) {
                closeConnection(c);
            } else {
                failOrRetry(c, e);
            }
            return;
        }
        Exchange exchange;
        synchronized (c) {
            exchange = c.exchange;
            if (exchange == null && c.state == Connection.IDLE) {
                c.state = Connection.CLOSED; // an idle connection closed by the server, or sending garbage
            }
        }
        if (exchange == null) {
            closeConnection(c);
            return;
        }
        if (n < 0) {
            endOfInput(c, exchange);
            return;
        }
        if (n == 0) {
            return;
        }
        readBuffer.flip();
        readBuffer.get(readBytes, 0, n);
        int consumed;
        try {
            consumed = c.parser.feed(readBytes, 0, n);
        } catch (IOException e) {
            closeConnection(c);
            fail(exchange, e);
            return;
        }
        if (exchange.finished) {
            return; // cancelled while lines were delivered; the cancel task closes the connection
        }
        if (c.parser.done()) {
            complete(c, exchange, c.parser.keepAlive() && consumed == n);
        }
    }

    private void endOfInput(Connection c, Exchange exchange) {
        try {
            c.parser.endOfInput();
        } catch (IOException e) {
            failOrRetry(c, e);
            return;
        }
        complete(c, exchange, false);
    }

    /**
     * The response was read to its end: a last unterminated line is delivered, the connection goes
     * back to the pool (so a request made by the listener reuses it), then the listener hears.
     */
    private void complete(Connection c, Exchange exchange, boolean reusable) {
        Listener listener = exchange.listener;
        String body = null;
        if (exchange.lines) {
            c.lines.finish(listener::onLine);
            c.lines.reset();
        } else {
            body = c.collected == null ? "" : c.collected.decode(c.collected.size(), StandardCharsets.UTF_8);
            if (c.collected != null) {
                c.collected.reset();
            }
        }
        if (exchange.finished) {
            return; // cancelled by that last line
        }
        exchange.finished = true;
        boolean pooled;
        synchronized (c) {
            c.exchange = null;
            pooled = reusable && !closed && c.state == Connection.ACTIVE;
            c.state = pooled ? Connection.IDLE : Connection.CLOSED;
        }
        if (pooled) {
            idle.computeIfAbsent(c.poolKey, k -> new ConcurrentLinkedDeque<>()).offerFirst(c);
        } else {
            closeConnection(c);
        }
        try {
            listener.onEnd(body);
        } catch (RuntimeException e) {
            // the listener's problem; the connection is fine
        }
    }

    /** A transport error: once, a reused connection that closed before answering is replaced by a fresh one. */
    private void failOrRetry(Connection c, IOException error) {
        Exchange exchange = c.exchange;
        boolean retry = exchange != null && c.reused && !exchange.retried && !c.parser.receivedAny() && !closed;
        closeConnection(c);
        if (exchange == null) {
            return;
        }
        if (retry) {
            exchange.retried = true;
            exchange.connection = null;
            openConnection(exchange);
        } else {
            fail(exchange, error);
        }
    }

    private void fail(Exchange exchange, Throwable error) {
        if (exchange.finished) {
            return;
        }
        exchange.finished = true;
        try {
            exchange.listener.onFailure(error);
        } catch (RuntimeException e) {
            // ignore
        }
    }

    private void cancel(Exchange exchange) {
        if (exchange.finished) {
            return;
        }
        exchange.finished = true;
        Connection c = exchange.connection;
        if (c != null && c.exchange == exchange) {
            closeConnection(c);
        }
    }

    private void closeConnection(Connection c) {
        synchronized (c) {
            c.state = Connection.CLOSED;
            c.exchange = null;
        }
        open.remove(c);
        ConcurrentLinkedDeque<Connection> pool = idle.get(c.poolKey);
        if (pool != null) {
            pool.remove(c);
        }
        if (c.key != null) {
            c.key.cancel();
        }
        quietClose(c.channel);
    }

    private static void quietClose(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    // ------------------------------------------------------------------ state

    /** One request and its response; the handle a caller may cancel. */
    final class Exchange {
        final Http1Request request;
        final Listener listener;
        /** Set once the listener heard the end, or the exchange was cancelled; selector thread writes it. */
        volatile boolean finished;

        boolean retried;
        boolean lines;
        boolean headSeen;
        long headDeadline;
        volatile Connection connection;

        Exchange(Http1Request request, Listener listener) {
            this.request = request;
            this.listener = listener;
        }

        /** Stops the exchange if it has not ended, closing its connection; no listener call follows. */
        void cancel() {
            if (!finished) {
                post(() -> Http1Client.this.cancel(this));
            }
        }
    }

    /**
     * One connection. {@link #state} and {@link #exchange} change under its lock (the calling thread
     * takes idle connections, the selector thread finds closed ones); everything else is the selector
     * thread's, or handed to it through the task queue.
     */
    private final class Connection implements Http1ResponseParser.Handler, LineSplitter.Sink {
        static final int CONNECTING = 0;
        static final int ACTIVE = 1;
        static final int IDLE = 2;
        static final int CLOSED = 3;

        final String poolKey;
        final SocketChannel channel;
        final Http1ResponseParser parser = new Http1ResponseParser();
        final LineSplitter lines = new LineSplitter();
        volatile int state = CONNECTING;
        volatile Exchange exchange;
        SelectionKey key;
        boolean reused;
        long connectDeadline;
        ByteBuffer pendingWrite;
        ByteAccumulator collected;

        Connection(String poolKey, SocketChannel channel) {
            this.poolKey = poolKey;
            this.channel = channel;
        }

        void startResponse() {
            parser.reset(this, exchange.request.noResponseBody());
            lines.reset();
            if (collected != null) {
                collected.reset();
            }
        }

        @Override
        public void head(int status, Supplier<HttpHeaders> headers) {
            Exchange current = exchange;
            current.headSeen = true;
            current.lines = current.listener.onHead(status, headers);
            if (!current.lines && collected == null) {
                collected = new ByteAccumulator(512);
            }
        }

        @Override
        public void body(byte[] bytes, int offset, int length) {
            Exchange current = exchange;
            if (current == null || current.finished) {
                return;
            }
            if (current.lines) {
                lines.feed(bytes, offset, length, this);
            } else if (collected.size() < MAX_COLLECTED) {
                collected.append(bytes, offset, Math.min(length, MAX_COLLECTED - collected.size()));
            }
        }

        @Override
        public void line(byte[] bytes, int offset, int length) {
            Exchange current = exchange;
            if (current != null && !current.finished) {
                current.listener.onLine(bytes, offset, length);
            }
        }
    }
}
