package dev.vernier.provider.http;

import dev.vernier.core.api.ConnectionPhases;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * The HTTP/1.1 transport under {@link StreamingHttp}, on Netty: one event-loop thread (epoll where
 * available, else NIO) does all connecting, TLS, writing and reading; a keep-alive pool per
 * {@link Route} with an optional cap and an idle timeout; TLS through the JDK's {@code SSLEngine};
 * {@code CONNECT} tunnels through an HTTP proxy for https, absolute-form requests to it for http.
 *
 * <p>Everything here except {@link #close()}, {@link #connectionsOpened()} and
 * {@link #idleConnections()} runs on {@link #loop} and must be called there; that is also where the
 * {@link Listener} hears, in order, ending with exactly one of {@link Listener#onEnd} or
 * {@link Listener#onFailure}. Host names are resolved off the loop (the JDK resolver blocks), on a
 * resolver thread made on first need.
 *
 * <p>A call on a reused connection that the server had closed (no byte of an answer came before the
 * connection ended) is sent once more on a fresh connection; its listener then hears the connection
 * and write moments again.
 */
final class Transport implements AutoCloseable {

    /** What a call's progress is reported to, on the event loop. Listeners must not block. */
    interface Listener {
        /** A connection is ready for the call (again, when a stale pooled one was replaced). */
        default void onConnection(ConnectionPhases phases) {}

        /** The request's first byte is about to be written. */
        default void onWriting() {}

        /** The request's last byte has been written. */
        default void onWritten() {}

        /**
         * The response head arrived.
         *
         * @return true to receive the body as lines, false to receive it whole in {@link #onEnd}
         */
        boolean onHead(int status, HttpHeaders headers);

        /** One body line as UTF-8 bytes without its terminator; the bytes are valid only during the call. */
        void onLine(byte[] bytes, int offset, int length);

        /** The response ended. {@code body} is the whole body when {@link #onHead} returned false, else null. */
        void onEnd(String body);

        /** The call failed (resolve, connect, TLS, proxy, I/O, protocol, or the transport closing). */
        void onFailure(Throwable error);
    }

    /**
     * One request's exact bytes and where they go.
     *
     * @param noResponseBody the method is HEAD
     */
    record Request(Route route, byte[] bytes, boolean noResponseBody) {}

    /**
     * Connections set up at once per route; more requests needing new connections wait (their wait is
     * reported). A burst of new connections (the first wave of a run, a thousand streams at once) then
     * completes its handshakes one group after another instead of all of them sharing the processors
     * until each runs into the connect timeout.
     */
    static final int MAX_DIALS = 16;

    /** Netty's native epoll transport on Linux, unless {@code -Dvernier.http.nio=true}; else NIO. */
    static final boolean EPOLL = !Boolean.getBoolean("vernier.http.nio") && Epoll.isAvailable();

    private final EventLoopGroup group;
    /** The one thread everything runs on. */
    final EventLoop loop;

    private final Bootstrap bootstrap;
    private final int connectTimeoutMillis;
    private final ConnectionOptions options;
    private final String name;
    private final Map<Route, HostPool> pools = new HashMap<>();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger mostDialing = new AtomicInteger();
    /** Body bytes of direct buffers are copied here for the line splitter (loop only). */
    final byte[] scratch = new byte[16 * 1024];

    private SslContext ssl;
    private ExecutorService resolver;
    private ExecutorService tlsTasks;
    private volatile boolean closed;
    /** Every channel not closed yet, whatever its connection's state (closing removes it). */
    private final ChannelGroup channels = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);

    /**
     * Starts the event-loop thread (a daemon named {@code <name>-io}).
     *
     * @param ssl the TLS context, or null to build one from {@code options} on first need
     */
    Transport(String name, Duration connectTimeout, ConnectionOptions options, SslContext ssl) {
        this.name = name;
        this.options = options;
        this.ssl = ssl;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
        IoHandlerFactory io = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name + "-io", true), io);
        this.loop = group.next();
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // pooled buffers: the decoder's slice of each body chunk is recycled, not allocated
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .resolver(NoopAddressResolverGroup.INSTANCE); // addresses come resolved (or are for the proxy)
    }

    /** Connections opened so far (a measure of reuse). Any thread. */
    long connectionsOpened() {
        return opened.get();
    }

    /** Connections idle in the pools now. Any thread. */
    int idleConnections() {
        return idle.get();
    }

    /** The most connections of one route that were being set up at once so far. Any thread. */
    int mostDialing() {
        return mostDialing.get();
    }

    ConnectionOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ calls

    /** One request and its response on this transport; the handle to {@link #cancel} it. Loop only. */
    final class Call {
        final Request request;
        final Listener listener;
        /** Ended: the listener heard its end, or it was cancelled. */
        boolean finished;
        /** Already sent once more on a fresh connection. */
        boolean retried;
        /** Waiting in its pool's queue for a connection (the cap). */
        boolean waiting;
        /** Something of the response arrived. */
        boolean receivedAny;
        /** When the call asked for a connection. */
        long askedNanos;

        Connection connection;

        Call(Request request, Listener listener) {
            this.request = request;
            this.listener = listener;
        }
    }

    Call call(Request request, Listener listener) {
        return new Call(request, listener);
    }

    /** Starts a call: an idle pooled connection if there is one, else a new one (or a wait at the cap). */
    void start(Call call) {
        if (closed) {
            fail(call, new IOException("client closed"));
            return;
        }
        HostPool pool = pool(call.request.route());
        call.askedNanos = System.nanoTime();
        Connection c = pool.takeIdle();
        if (c != null) {
            assign(c, call, ConnectionPhases.reused(System.nanoTime() - call.askedNanos));
        } else if (pool.hasRoom()) {
            dial(pool, call);
        } else {
            call.waiting = true;
            pool.waiters.add(call);
        }
    }

    /** Stops a call that has not ended: no listener call follows; a connection mid-response is closed. */
    void cancel(Call call) {
        if (call.finished) {
            return;
        }
        call.finished = true;
        if (call.waiting) {
            call.waiting = false;
            pool(call.request.route()).waiters.remove(call);
        }
        Connection c = call.connection;
        call.connection = null;
        if (c != null && c.call == call) {
            c.call = null;
            c.close();
        }
        // a call still dialling: its new connection goes to the pool when ready
    }

    /** Closes idle connections older than the idle timeout; called by the sweep. */
    void closeIdle(long now) {
        long limit = options.idleTimeout().toNanos();
        for (HostPool pool : pools.values()) {
            Connection c;
            while ((c = pool.idle.peekLast()) != null && now - c.idleSinceNanos >= limit) {
                pool.idle.pollLast();
                idle.decrementAndGet();
                c.close();
            }
        }
    }

    private HostPool pool(Route route) {
        return pools.computeIfAbsent(route, HostPool::new);
    }

    private void fail(Call call, Throwable error) {
        if (call.finished) {
            return;
        }
        call.finished = true;
        call.waiting = false;
        Connection c = call.connection;
        call.connection = null;
        if (c != null && c.call == call) {
            c.call = null;
        }
        try {
            call.listener.onFailure(error);
        } catch (RuntimeException e) {
            // the listener's problem
        }
    }

    // ------------------------------------------------------------------ pools

    /** The connections to one route: idle ones (most recently used first), a count of all, the queue at the cap. */
    final class HostPool {
        final Route route;
        /** Every connection not yet closed. */
        final Set<Connection> connections = new HashSet<>();

        final ArrayDeque<Connection> idle = new ArrayDeque<>();
        final ArrayDeque<Call> waiters = new ArrayDeque<>();
        /** Connections dialling, busy or idle. */
        int open;
        /** Connections being set up now (DNS, connect, tunnel, TLS). */
        int dialing;

        HostPool(Route route) {
            this.route = route;
        }

        /** Room for one more connection to be set up now: under the cap and under {@link #MAX_DIALS}. */
        boolean hasRoom() {
            int cap = options.maxConnectionsPerHost();
            return (cap == 0 || open < cap) && dialing < MAX_DIALS;
        }

        Connection takeIdle() {
            Connection c;
            while ((c = idle.pollFirst()) != null) {
                Transport.this.idle.decrementAndGet();
                if (c.channel.isActive() && !c.closed) {
                    return c;
                }
                c.close(); // closed by the server while idle
            }
            return null;
        }

        /** A connection closed: room for a waiting call. */
        void serveWaiters() {
            Call next;
            while (hasRoom() && (next = waiters.poll()) != null) {
                next.waiting = false;
                if (!next.finished && !closed) {
                    dial(this, next);
                }
            }
        }
    }

    /** A kept-alive connection is free: the next waiting call takes it, else it goes idle. */
    void release(Connection c) {
        HostPool pool = c.pool;
        if (closed || c.closed || !c.channel.isActive()) {
            c.close();
            return;
        }
        Call next;
        while ((next = pool.waiters.poll()) != null) {
            next.waiting = false;
            if (!next.finished) {
                assign(c, next, ConnectionPhases.reused(System.nanoTime() - next.askedNanos));
                return;
            }
        }
        c.idleSinceNanos = System.nanoTime();
        pool.idle.offerFirst(c);
        idle.incrementAndGet();
    }

    /** Called once per connection when it closes (by us or the peer). */
    void closed(Connection c) {
        HostPool pool = c.pool;
        pool.open--;
        pool.connections.remove(c);
        if (pool.idle.remove(c)) {
            idle.decrementAndGet();
        }
        pool.serveWaiters();
    }

    // ------------------------------------------------------------------ connecting

    /** A new connection on its way, with the phases measured so far. */
    private final class Dial {
        final HostPool pool;
        /** The call it is for; when that ended meanwhile, the connection goes to the pool. */
        final Call call;

        final long waitNanos;
        long dnsNanos = -1;
        long connectStartNanos;
        Connection connection;
        boolean ended;

        Dial(HostPool pool, Call call) {
            this.pool = pool;
            this.call = call;
            this.waitNanos = System.nanoTime() - call.askedNanos;
        }
    }

    private void dial(HostPool pool, Call call) {
        pool.open++;
        pool.dialing++;
        mostDialing.accumulateAndGet(pool.dialing, Math::max);
        opened.incrementAndGet();
        Dial dial = new Dial(pool, call);
        Route route = pool.route;
        String host = route.connectHost();
        int port = route.connectPort();
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
        if (literal != null) {
            try {
                connect(dial, new InetSocketAddress(InetAddress.getByAddress(host, literal), port));
            } catch (UnknownHostException e) {
                dialFailed(dial, e);
            }
            return;
        }
        try {
            resolver().execute(() -> {
                long t0 = System.nanoTime();
                InetAddress address;
                try {
                    address = InetAddress.getByName(host);
                } catch (UnknownHostException | RuntimeException e) {
                    onLoop(() -> dialFailed(dial, e));
                    return;
                }
                long dns = System.nanoTime() - t0;
                onLoop(() -> {
                    dial.dnsNanos = dns;
                    connect(dial, new InetSocketAddress(address, port));
                });
            });
        } catch (RejectedExecutionException e) {
            dialFailed(dial, new IOException("client closed"));
        }
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: close() failed the calls
        }
    }

    private synchronized ExecutorService resolver() {
        if (closed) {
            throw new RejectedExecutionException("closed");
        }
        if (resolver == null) {
            resolver = Executors.newSingleThreadExecutor(new DefaultThreadFactory(name + "-resolver", true));
        }
        return resolver;
    }

    private void connect(Dial dial, InetSocketAddress address) {
        if (closed) {
            dialFailed(dial, new IOException("client closed"));
            return;
        }
        Route route = dial.pool.route;
        Connection c = new Connection(this, dial.pool);
        dial.connection = c;
        dial.pool.connections.add(c);
        SocketAddress target = address;
        Bootstrap b = bootstrap.clone();
        HttpProxyHandler tunnelHandler = null;
        if (route.tunnel()) {
            target = InetSocketAddress.createUnresolved(route.host(), route.port()); // named in CONNECT
            ProxyRules.Proxy proxy = route.proxy();
            HttpProxyHandler tunnel = proxy.authorization() == null
                    ? new HttpProxyHandler(address)
                    : new HttpProxyHandler(address, proxy.user(), proxy.password());
            tunnel.setConnectTimeoutMillis(connectTimeoutMillis);
            tunnelHandler = tunnel;
            b.handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    ch.pipeline().addLast("proxy", tunnel);
                    c.install(ch);
                }
            });
        } else {
            b.handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    c.install(ch);
                }
            });
        }
        dial.connectStartNanos = System.nanoTime();
        ChannelFuture connecting = b.connect(target);
        channels.add(connecting.channel());
        c.channel = connecting.channel();
        connecting.channel().closeFuture().addListener(f -> c.markClosed());
        HttpProxyHandler proxy = tunnelHandler;
        connecting.addListener(f -> {
            c.connected();
            if (!f.isSuccess()) {
                dialFailed(dial, f.cause());
            } else if (proxy != null) { // TCP to the proxy is up; TLS starts once the tunnel is
                proxy.connectFuture().addListener(tunnel -> {
                    if (tunnel.isSuccess()) {
                        handshake(dial);
                    } else {
                        dialFailed(dial, tunnel.cause());
                    }
                });
            } else if (route.tls()) {
                handshake(dial);
            } else {
                ready(dial, -1);
            }
        });
    }

    private void handshake(Dial dial) {
        Connection c = dial.connection;
        SslContext context;
        try {
            context = ssl();
        } catch (SSLException e) {
            dialFailed(dial, e);
            return;
        }
        Route route = dial.pool.route;
        SslHandler tls = context.newHandler(c.channel.alloc(), route.host(), route.port(), tlsTasks());
        tls.setHandshakeTimeoutMillis(connectTimeoutMillis);
        c.channel.pipeline().addBefore(Connection.DECODER, "tls", tls);
        tls.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                ready(dial, System.nanoTime() - c.activeNanos);
            } else {
                dialFailed(dial, f.cause());
            }
        });
    }

    /**
     * Where the TLS engine's delegated tasks run (the handshake's key exchange and certificate checks):
     * threads of their own (one per processor), so that a burst of handshakes does not hold up the
     * reading and timestamping of the streams already open.
     */
    private synchronized ExecutorService tlsTasks() {
        if (tlsTasks == null) {
            tlsTasks = Executors.newFixedThreadPool(
                    Math.max(1, Runtime.getRuntime().availableProcessors()),
                    new DefaultThreadFactory(name + "-tls", true));
        }
        return tlsTasks;
    }

    private SslContext ssl() throws SSLException {
        if (ssl == null) {
            ssl = TlsTrust.client(options.caFile());
        }
        return ssl;
    }

    private void ready(Dial dial, long tlsNanos) {
        Connection c = dial.connection;
        Call call = dial.call;
        dialEnded(dial);
        if (c.closed) {
            dialFailed(dial, new IOException("connection closed while it was being set up"));
            return;
        }
        if (call.finished || closed) {
            release(c); // ended meanwhile: the fresh connection serves the next call
        } else {
            long connect = c.activeNanos > 0 ? c.activeNanos - dial.connectStartNanos : -1;
            assign(c, call, new ConnectionPhases(dial.waitNanos, dial.dnsNanos, connect, tlsNanos, false));
        }
        dial.pool.serveWaiters(); // a set-up slot is free
    }

    /** A set-up ended (either way): room for the next one, counted once. */
    private void dialEnded(Dial dial) {
        if (!dial.ended) {
            dial.ended = true;
            dial.pool.dialing--;
        }
    }

    private void dialFailed(Dial dial, Throwable error) {
        dialEnded(dial);
        Connection c = dial.connection;
        if (c != null) {
            c.close();
        } else {
            dial.pool.open--;
            dial.pool.serveWaiters();
        }
        Call call = dial.call;
        if (!call.finished) {
            fail(call, explain(error, dial.pool.route));
        }
    }

    /** Netty's exceptions in the terms {@link HttpFailures#transport} maps. */
    private Throwable explain(Throwable error, Route route) {
        Throwable cause = error instanceof DecoderException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof io.netty.channel.ConnectTimeoutException) {
            return new HttpConnectTimeoutException("connect timed out");
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            return new HttpConnectTimeoutException("TLS handshake timed out");
        }
        if (route.proxy() != null && cause instanceof ConnectException) { // refused, or the proxy said no
            return new IOException("cannot connect through the proxy " + route.proxy() + ": " + cause.getMessage());
        }
        return cause;
    }

    // ------------------------------------------------------------------ writing

    /** Gives the call a connection and writes its request. */
    private void assign(Connection c, Call call, ConnectionPhases phases) {
        call.connection = c;
        c.begin(call, phases.reused());
        Listener listener = call.listener;
        listener.onConnection(phases);
        if (call.finished) {
            return;
        }
        listener.onWriting();
        c.channel.writeAndFlush(Unpooled.wrappedBuffer(call.request.bytes())).addListener(c);
    }

    /** The write of the call's request ended (on {@code c}). */
    void written(Connection c, Call call, Throwable error) {
        if (call.finished || call.connection != c) {
            return;
        }
        if (error == null) {
            call.listener.onWritten();
        } else {
            connectionLost(c, call, error);
        }
    }

    /**
     * The call's connection broke before its response ended: a reused connection that had been
     * closed by the server (nothing of an answer came) is replaced once by a fresh one; anything
     * else fails the call.
     */
    void connectionLost(Connection c, Call call, Throwable error) {
        c.call = null;
        call.connection = null;
        c.close();
        if (call.finished) {
            return;
        }
        if (c.reusedForCall && !call.receivedAny && !call.retried && !closed) {
            call.retried = true;
            call.askedNanos = System.nanoTime();
            dial(c.pool, call);
        } else {
            fail(call, explain(error, c.pool.route));
        }
    }

    /** The call's response was read to its end. */
    void completed(Connection c, Call call, String body, boolean reusable) {
        if (call.finished) {
            return;
        }
        call.finished = true;
        call.connection = null;
        c.call = null;
        if (reusable) {
            release(c); // back to the pool before the listener hears, so its next request reuses it
        } else {
            c.close();
        }
        try {
            call.listener.onEnd(body);
        } catch (RuntimeException e) {
            // the listener's problem; the connection is fine
        }
    }

    // ------------------------------------------------------------------ closing

    /** Fails every call, closes every connection and stops the threads (waits up to 3 s unless on the loop). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (resolver != null) {
                resolver.shutdownNow();
            }
            if (tlsTasks != null) {
                tlsTasks.shutdownNow();
            }
        }
        try {
            loop.execute(this::closeAll);
        } catch (RejectedExecutionException e) {
            // already stopping
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!loop.inEventLoop()) {
            group.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        }
    }

    private void closeAll() {
        IOException error = new IOException("client closed");
        for (HostPool pool : pools.values()) {
            List<Call> waiting = new ArrayList<>(pool.waiters);
            pool.waiters.clear();
            for (Call call : waiting) {
                fail(call, error);
            }
            for (Connection c : new ArrayList<>(pool.connections)) {
                Call call = c.call;
                if (call != null) {
                    fail(call, error);
                }
                c.close();
            }
        }
        // then every channel still open, its connection closed or not: a TLS channel's close waits for its
        // close_notify to be written, and some (in about 1 of 10 runs of this module's tests, here and in
        // the warm-up server alike) never closed, left in CLOSE_WAIT after their loop had ended; their
        // sockets are closed here, whatever they wait for
        closeStillOpen(channels);
    }

    /**
     * Closes the socket of every channel of {@code channels} still open, without waiting for what its
     * pipeline waits for (a TLS close_notify). On the channels' event loop.
     */
    static void closeStillOpen(Iterable<Channel> channels) {
        for (Channel ch : channels) {
            if (ch.isOpen()) {
                ch.unsafe().closeForcibly();
            }
        }
    }
}
