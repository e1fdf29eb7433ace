package dev.vernier.provider.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * One kept-alive HTTP/1.1 connection of the {@link Transport}, and the last handler of its pipeline
 * (after Netty's response decoder and, for https, its TLS handler): it hands each response of the
 * call it serves to that call's listener. A 2xx-style body (the listener decides) is split into lines
 * ({@link LineSplitter}) straight from the decoder's buffers, copied at most into one reused array;
 * any other body is collected and handed over whole. Loop only.
 */
final class Connection extends ChannelInboundHandlerAdapter implements ChannelFutureListener, LineSplitter.Sink {

    /** The name of the response decoder in the pipeline (TLS goes before it). */
    static final String DECODER = "http";

    /** Largest error body kept. */
    private static final int MAX_COLLECTED = 1 << 20;

    private final Transport transport;
    final Transport.HostPool pool;
    Channel channel;
    /** The call being served, or null when idle. */
    Transport.Call call;
    /** The current call came to this connection from the pool. */
    boolean reusedForCall;
    /** When the TCP connection was established. */
    long activeNanos;

    long idleSinceNanos;
    boolean closed;

    private final LineSplitter lines = new LineSplitter();
    private final ByteAccumulator collected = new ByteAccumulator(512);
    private final ResponseDecoder decoder = new ResponseDecoder();
    private boolean deliverLines;
    private boolean keepAlive;
    /** Reading an interim (1xx) response, which is skipped. */
    private boolean interim;

    Connection(Transport transport, Transport.HostPool pool) {
        this.transport = transport;
        this.pool = pool;
    }

    /** Sets up the pipeline of a new channel: the response decoder, then this. */
    void install(Channel ch) {
        channel = ch;
        ch.pipeline().addLast(DECODER, decoder).addLast("vernier", this);
    }

    /** Starts serving {@code next}. */
    void begin(Transport.Call next, boolean reused) {
        call = next;
        reusedForCall = reused;
        lines.reset();
        collected.reset();
        deliverLines = false;
        keepAlive = false;
        interim = false;
        decoder.noBody = next.request.noResponseBody();
    }

    /** Closes the channel (idempotent); the pool hears at once. */
    void close() {
        markClosed();
        channel.close();
    }

    /** The channel closed, or is being closed: counted once. */
    void markClosed() {
        if (!closed) {
            closed = true;
            transport.closed(this);
        }
    }

    // ---------------------------------------------------------------- write outcome

    @Override
    public void operationComplete(ChannelFuture future) {
        Transport.Call current = call;
        if (current != null) {
            transport.written(this, current, future.isSuccess() ? null : future.cause());
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connected();
        super.channelActive(ctx);
    }

    /**
     * The TCP connection is established: the first of channel-active and the connect future's
     * completion (Netty completes the future first for a direct connection; through a proxy tunnel the
     * future completes only when the tunnel is up).
     */
    void connected() {
        if (activeNanos == 0) {
            activeNanos = System.nanoTime();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Transport.Call current = call;
            if (current == null) {
                close(); // bytes nobody asked for on an idle connection: it cannot be reused
                return;
            }
            if (current.finished) {
                return;
            }
            current.receivedAny = true;
            if (msg instanceof HttpResponse response) {
                if (!head(current, response)) {
                    return;
                }
            }
            if (msg instanceof HttpContent content) {
                body(current, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** @return false when the call ended here */
    private boolean head(Transport.Call current, HttpResponse response) {
        if (!decodedWell(current, response.decoderResult())) {
            return false;
        }
        int status = response.status().code();
        if (status >= 100 && status < 200 && status != 101) {
            interim = true; // its empty last content follows
            return true;
        }
        keepAlive = HttpUtil.isKeepAlive(response);
        deliverLines = current.listener.onHead(status, response.headers());
        return !current.finished;
    }

    private void body(Transport.Call current, HttpContent content) {
        if (!decodedWell(current, content.decoderResult())) {
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (interim) {
            interim = !last;
            return;
        }
        ByteBuf buf = content.content();
        int n = buf.readableBytes();
        if (n > 0) {
            if (buf.hasArray()) {
                take(buf.array(), buf.arrayOffset() + buf.readerIndex(), n);
            } else {
                byte[] scratch = transport.scratch;
                for (int at = buf.readerIndex(), end = at + n; at < end && call == current && !current.finished; ) {
                    int k = Math.min(scratch.length, end - at);
                    buf.getBytes(at, scratch, 0, k);
                    take(scratch, 0, k);
                    at += k;
                }
            }
        }
        if (last && call == current && !current.finished) {
            String whole = null;
            if (deliverLines) {
                lines.finish(this);
            } else {
                whole = collected.decode(collected.size(), StandardCharsets.UTF_8);
            }
            if (call == current && !current.finished) {
                transport.completed(this, current, whole, keepAlive && !decoder.readUntilClose);
            }
        }
    }

    private void take(byte[] bytes, int offset, int length) {
        if (deliverLines) {
            lines.feed(bytes, offset, length, this);
        } else if (collected.size() < MAX_COLLECTED) {
            collected.append(bytes, offset, Math.min(length, MAX_COLLECTED - collected.size()));
        }
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        Transport.Call current = call;
        if (current != null && !current.finished) {
            current.listener.onLine(bytes, offset, length);
        }
    }

    private boolean decodedWell(Transport.Call current, DecoderResult result) {
        if (result.isSuccess()) {
            return true;
        }
        Throwable cause = result.cause();
        ProtocolException error = new ProtocolException("invalid HTTP response: "
                + (cause == null ? "unreadable" : cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        transport.connectionLost(this, current, error);
        return false;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        markClosed();
        Transport.Call current = call;
        if (current != null && !current.finished) {
            transport.connectionLost(
                    this,
                    current,
                    new IOException(
                            current.receivedAny
                                    ? "connection closed before the response ended"
                                    : "connection closed before the server answered"));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Transport.Call current = call;
        if (current != null && !current.finished) {
            transport.connectionLost(this, current, cause);
        } else {
            close();
        }
    }

    /**
     * Netty's response decoder, told per call whether the response can have a body (not for HEAD),
     * and remembering whether the body is delimited by the connection's end (then not reusable).
     */
    private static final class ResponseDecoder extends HttpResponseDecoder {
        boolean noBody;
        boolean readUntilClose;

        ResponseDecoder() {
            super(new HttpDecoderConfig().setMaxChunkSize(64 * 1024).setMaxHeaderSize(64 * 1024));
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpMessage msg) {
            boolean empty = noBody || super.isContentAlwaysEmpty(msg);
            readUntilClose = !empty && !HttpUtil.isContentLengthSet(msg) && !HttpUtil.isTransferEncodingChunked(msg);
            return empty;
        }
    }
}
