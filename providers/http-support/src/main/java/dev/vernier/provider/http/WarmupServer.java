package dev.vernier.provider.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The warm-up's own server, in this process on 127.0.0.1 (plain HTTP and HTTPS on two ephemeral
 * ports): {@code POST /v1/chat/completions} streams OpenAI-style server-sent events and
 * {@code POST /api/chat} Ollama-style NDJSON, {@value #TOKENS} tokens each, at once (no delays), the
 * events flushed apart so the client reads them apart as it does from a real server; and under a
 * registered path prefix, a provider's own answer ({@link #answer}) for its loopback twins. Heads and
 * chunking vary from response to response as real servers' do ({@link Streamer#heads},
 * {@link Streamer#body}).
 */
final class WarmupServer implements AutoCloseable {

    static final int TOKENS = 32;

    /** Writes sent with the end in one chunk, in the Node-like framing (OpenAI's finish, usage and [DONE]). */
    private static final int TAIL = 3;

    private static final String DATE = "Sun, 06 Dec 2026 12:00:00 GMT";

    private static final byte[][] SSE = events(true);
    private static final byte[][] NDJSON = events(false);

    /** Answers registered by path prefix (the first path segment, e.g. {@code /twin0}). */
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private final EventLoopGroup group;
    private final ChannelGroup channels = new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE);
    private final Channel plain;
    private final Channel secure;

    /**
     * Binds the plain port, and the TLS port when {@code tls} is not null (a daemon thread named
     * {@code vernier-warmup-server}).
     */
    WarmupServer(SslContext tls) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(
                1,
                new DefaultThreadFactory("vernier-warmup-server", true),
                Transport.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            plain = bind(null);
            secure = tls == null ? null : bind(tls);
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Channel bind(SslContext tls) throws InterruptedException {
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(Transport.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(1 << 20))
                                .addLast(new Streamer(answers));
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
        channels.add(channel);
        return channel;
    }

    String httpBase() {
        return "http://127.0.0.1:" + ((InetSocketAddress) plain.localAddress()).getPort();
    }

    /** @throws IllegalStateException when the server was made without TLS */
    String httpsBase() {
        if (secure == null) {
            throw new IllegalStateException("the warm-up server was made without TLS");
        }
        return "https://127.0.0.1:" + ((InetSocketAddress) secure.localAddress()).getPort();
    }

    /**
     * Answers every request whose path starts with {@code prefix} (a first path segment such as
     * {@code /twin0}) with {@code answer}, on both ports.
     */
    void answer(String prefix, WarmupAnswer answer) {
        byte[][] writes = answer.writes().stream().map(WarmupServer::utf8).toArray(byte[][]::new);
        answers.put(prefix, new Answer(answer.contentType(), writes));
    }

    private record Answer(String contentType, byte[][] writes) {}

    /** Connections open now (accepted and not closed), for tests. */
    int openConnections() {
        return (int) channels.stream().filter(c -> c.parent() != null).count();
    }

    /** Closes every connection and both ports, and stops the thread (waits up to 2 s). */
    @Override
    public void close() {
        channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        // a TLS connection whose close still waits for its close_notify to be written: its socket is closed
        // now (one such was left open in CLOSE_WAIT after the loop had ended, in about 1 of 10 runs of this
        // module's tests)
        try {
            group.next().submit(() -> Transport.closeStillOpen(channels)).awaitUninterruptibly(1, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // the loop has stopped already
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Answers each request with its stream: a registered answer by path prefix, else a stand-in's. */
    private static final class Streamer extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Map<String, Answer> answers;
        /** Responses this connection has served, for the head's and the body's variants. */
        private int served;

        Streamer(Map<String, Answer> answers) {
            this.answers = answers;
        }

        /**
         * The response head, in turn each of the three kinds real servers send, so that the client's code
         * reading heads (keep-alive, content type, chunked) has taken every branch a real server makes it
         * take before the first measured request, instead of meeting one there and being recompiled: only
         * what it needs; Node's (cache control, date, {@code Connection: keep-alive}, a keep-alive
         * timeout); and a vendor's behind a proxy (lower-case names, a server, request ids, a cookie, HSTS).
         */
        static void heads(HttpHeaders headers, String contentType, int variant) {
            switch (variant % 3) {
                case 1 ->
                    headers.set("Content-Type", contentType)
                            .set("Cache-Control", "no-cache")
                            .set("Date", DATE)
                            .set("Connection", "keep-alive")
                            .set("Keep-Alive", "timeout=60")
                            .set("Transfer-Encoding", "chunked");
                case 2 ->
                    headers.set("date", DATE)
                            .set("content-type", contentType)
                            .set("transfer-encoding", "chunked")
                            .set("connection", "Keep-Alive")
                            .set("x-request-id", "req_" + Integer.toHexString(0x5eed0000 + variant))
                            .set("openai-processing-ms", String.valueOf(100 + variant % 900))
                            .set("strict-transport-security", "max-age=31536000; includeSubDomains; preload")
                            .set("set-cookie", "__cf_bm=w" + variant + "; path=/; HttpOnly; Secure; SameSite=None")
                            .set("server", "cloudflare");
                default -> headers.set("Content-Type", contentType).set("Transfer-Encoding", "chunked");
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String uri = request.uri();
            int slash = uri.indexOf('/', 1);
            Answer answer = answers.get(slash < 0 ? uri : uri.substring(0, slash));
            if (answer == null) {
                boolean sse = uri.endsWith("/chat/completions");
                answer = sse ? new Answer("text/event-stream", SSE) : new Answer("application/x-ndjson", NDJSON);
            }
            DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            heads(head.headers(), answer.contentType(), served);
            ctx.write(head);
            body(ctx, answer.writes(), served / 3);
            served++;
        }

        /**
         * The body, in turn each of the three ways real servers frame it: every write its own chunk and
         * flush, the end alone; as Node's {@code res.end(data)} does, the writes after the last content
         * (the ending events) in one chunk sent with the end; and as a proxy re-chunking the stream does,
         * every write cut in two chunks mid-line.
         */
        static void body(ChannelHandlerContext ctx, byte[][] writes, int variant) {
            switch (variant % 3) {
                case 1 -> {
                    int tail = Math.min(TAIL, writes.length);
                    for (int i = 0; i < writes.length - tail; i++) {
                        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(writes[i])));
                    }
                    ctx.write(new DefaultHttpContent(
                            Unpooled.wrappedBuffer(Arrays.copyOfRange(writes, writes.length - tail, writes.length))));
                }
                case 2 -> {
                    for (byte[] write : writes) {
                        int half = write.length / 2;
                        ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(write, 0, half)));
                        ctx.writeAndFlush(
                                new DefaultHttpContent(Unpooled.wrappedBuffer(write, half, write.length - half)));
                    }
                }
                default -> {
                    for (byte[] write : writes) {
                        ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(write)));
                    }
                }
            }
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static byte[][] events(boolean sse) {
        byte[][] events = new byte[TOKENS + (sse ? 3 : 1)][];
        int i = 0;
        if (sse) {
            events[i++] = utf8("data: {\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        }
        for (int t = 0; t < TOKENS; t++) {
            String word = WarmupAnswer.piece(t);
            events[i++] = utf8(
                    sse
                            ? "data: {\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                                    + "\"delta\":{\"content\":\"" + word + "\"},\"finish_reason\":null}]}\n\n"
                            : "{\"model\":\"w\",\"message\":{\"role\":\"assistant\",\"content\":\"" + word
                                    + "\"},\"done\":false}\n");
        }
        if (sse) {
            events[i++] = utf8("data: {\"id\":\"w\",\"object\":\"chat.completion.chunk\",\"choices\":[],\"usage\":"
                    + "{\"prompt_tokens\":1,\"completion_tokens\":" + TOKENS + "}}\n\n");
            events[i] = utf8("data: [DONE]\n\n");
        } else {
            events[i] = utf8("{\"model\":\"w\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,"
                    + "\"done_reason\":\"stop\",\"eval_count\":" + TOKENS + "}\n");
        }
        return events;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
