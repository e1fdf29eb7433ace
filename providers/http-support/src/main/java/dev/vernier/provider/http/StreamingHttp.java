package dev.vernier.provider.http;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.api.ToolCall;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A streaming HTTP client for one provider, for {@code http://} and {@code https://} alike: one
 * Netty {@link Transport} (event loop, keep-alive pool, TLS, proxies). No thread waits on a request:
 * the body's lines are pushed to a {@link StreamDecoder} on the event loop as they are read, and each
 * content chunk goes to the harness's {@link TokenSink} at once. Per attempt the sink also hears how
 * the connection was obtained ({@link TokenSink#connection}) and when the request is written
 * ({@link TokenSink#requestWriting}: t_send; {@link TokenSink#requestWritten}).
 *
 * <p>{@link #stream} always completes normally with a {@link Completion}; failures are data:
 * non-2xx statuses (with the error body read) and transport errors are mapped by
 * {@link HttpFailures}; a request with no content within the first-token limit fails as
 * {@code FIRST_TOKEN_TIMEOUT}; a request the harness abandons ({@link TokenSink#cancelled()}) stops.
 * Retryable failures before any content are retried per the {@link RetryPolicy}, honouring
 * Retry-After; the attempts are counted and the total wait is reported as the provider stat
 * {@value #RETRY_WAIT_STAT}. The returned future is completed on a thread of its own, never on the
 * event loop, so what the caller does on completion cannot delay another stream's timestamps.
 *
 * <p>One instance per provider; thread-safe; {@link #close()} with the provider.
 */
public final class StreamingHttp implements AutoCloseable {

    /** Provider stat: milliseconds spent waiting between attempts (absent when none). */
    public static final String RETRY_WAIT_STAT = "retry_wait_ms";

    /**
     * How often the attempts in flight are checked for the limits that need a clock: abandonment by
     * the harness, the first-token limit, a request's own time limit, the grace after a decoder's end
     * marker; and idle pooled connections for the idle timeout. One sweep on the event loop for all
     * of them instead of timers per request (scheduling and cancelling those cost more than the
     * checks); a limit therefore fires up to this much after it is due.
     */
    static final long SWEEP_MS = 50;

    private static final long DONE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final StreamSettings settings;
    private final HttpFailures failures;
    private final Transport transport;
    private final EventLoop loop;
    /** Completes the callers' futures off the event loop. */
    private final ExecutorService completions;
    /** Attempts started and not yet ended, for {@link #sweep} (loop only). */
    private final Set<Attempt> live = new HashSet<>();
    /** Calls waiting for the backoff before their next attempt (loop only), to end them on close. */
    private final Set<Exchange> backingOff = new HashSet<>();

    private final ScheduledFuture<?> sweeper;
    private volatile boolean closed;

    /** A client for the provider whose transport is {@code settings}. */
    public StreamingHttp(StreamSettings settings, HttpFailures failures) {
        this(settings, failures, null);
    }

    /**
     * @param tls the TLS context to use instead of one built from the settings (the warm-up's
     *            loopback certificate), or null
     */
    StreamingHttp(StreamSettings settings, HttpFailures failures, SslContext tls) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.failures = Objects.requireNonNull(failures, "failures");
        String prefix = "vernier-" + failures.label();
        SslContext context = tls;
        if (context == null && settings.tls()) {
            try {
                context = TlsTrust.client(settings.connections().caFile()); // now rather than in the first TTFT
            } catch (IOException e) {
                context = null; // reported by the first https connection, which tries again
            }
        }
        this.transport = new Transport(prefix, settings.connectTimeout(), settings.connections(), context);
        this.loop = transport.loop;
        ThreadPoolExecutor done = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix + "-done", true));
        this.completions = done;
        this.sweeper = loop.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    /** Connections opened by the transport so far: a measure of reuse. */
    long connectionsOpened() {
        return transport.connectionsOpened();
    }

    /** The most connections of one route set up at once so far. */
    int mostDialing() {
        return transport.mostDialing();
    }

    /** Connections idle in the pool now. */
    int idleConnections() {
        return transport.idleConnections();
    }

    public StreamSettings settings() {
        return settings;
    }

    public HttpFailures failures() {
        return failures;
    }

    /**
     * Sends the request (again on each retry) and streams its body through a fresh decoder per attempt.
     * Its body must be in memory (the JDK's byte-array and string publishers); a body publisher that
     * does not hand over its bytes at once fails the request.
     *
     * @param request  the complete request, headers and body included; reusable across attempts
     * @param decoders makes one decoder per attempt
     * @param sink     the harness's sink
     * @return completes normally, never exceptionally
     */
    public CompletableFuture<Completion> stream(
            HttpRequest request, Supplier<? extends StreamDecoder> decoders, TokenSink sink) {
        Transport.Request outgoing;
        RequestHead head;
        try {
            head = RequestHead.of(
                    request.method(),
                    request.uri(),
                    request.headers().map(),
                    request.timeout().map(Duration::toNanos).orElse(-1L),
                    settings.connections().proxies().select(request.uri()));
            byte[] body = bodyOf(request);
            if (body == null) {
                throw new IllegalArgumentException("the request body must be in memory (a byte array or a string)");
            }
            outgoing = head.with(body);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Completion.failed(Failure.fromException(e)));
        }
        return stream(outgoing, head.timeoutNanos(), decoders, sink);
    }

    /**
     * A POST of {@code body} to the target (see {@link #target}), streamed as {@link #stream(HttpRequest,
     * Supplier, TokenSink)} does. Only the body is encoded per request.
     */
    public CompletableFuture<Completion> stream(
            Target target, byte[] body, Supplier<? extends StreamDecoder> decoders, TokenSink sink) {
        Objects.requireNonNull(body, "body");
        return stream(target.head.with(body), target.head.timeoutNanos(), decoders, sink);
    }

    private CompletableFuture<Completion> stream(
            Transport.Request request, long timeoutNanos, Supplier<? extends StreamDecoder> decoders, TokenSink sink) {
        CompletableFuture<Completion> result = new CompletableFuture<>();
        Exchange exchange = new Exchange(request, timeoutNanos, decoders, sink, result);
        try {
            loop.execute(() -> exchange.attempt(1));
        } catch (RejectedExecutionException e) {
            result.complete(
                    Completion.failed(failures.transport(new IOException("client closed"), settings.connectTimeout())));
        }
        return result;
    }

    /**
     * Where a provider POSTs its requests and the headers they all carry, checked and encoded once.
     *
     * @param headers sent in the order of their names, ignoring case (as the JDK's {@link HttpRequest} orders them)
     * @throws IllegalArgumentException for a URL that is not http(s), or a header that could break the
     *                                  request head (a line break in a value, say)
     */
    public Target target(URI uri, Map<String, String> headers) {
        return new Target(RequestHead.of(
                "POST",
                uri,
                sorted(headers),
                -1,
                settings.connections().proxies().select(uri)));
    }

    private static Map<String, List<String>> sorted(Map<String, String> headers) {
        Map<String, List<String>> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, value) ->
                all.computeIfAbsent(name, n -> new ArrayList<>()).add(value));
        return all;
    }

    /** A prepared URL and headers for {@link #stream(Target, byte[], Supplier, TokenSink)}; made by {@link #target}. */
    public static final class Target {
        private final RequestHead head;

        private Target(RequestHead head) {
            this.head = head;
        }
    }

    /** The body's bytes when its publisher hands them over synchronously (byte arrays, strings), else null. */
    private static byte[] bodyOf(HttpRequest request) {
        Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
        if (publisher.isEmpty() || publisher.get().contentLength() == 0) {
            return new byte[0];
        }
        BodyCollector collector = new BodyCollector();
        publisher.get().subscribe(collector);
        return collector.complete && collector.error == null ? collector.out.toByteArray() : null;
    }

    /** Takes everything a publisher offers; for the JDK's in-memory publishers this happens inside subscribe. */
    private static final class BodyCollector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        volatile boolean complete;
        volatile Throwable error;

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(ByteBuffer item) {
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            out.writeBytes(chunk);
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
            complete = true;
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }

    /**
     * Checks that a server answers at all: any HTTP status counts (authorisation problems show up
     * per request).
     *
     * @param url     what to GET, e.g. a models listing
     * @param headers headers to send (e.g. the key), may be empty
     * @param shownAs the address to name in the message, e.g. the base URL
     * @param fix     what the user should do, e.g. "start it" or "run: ollama serve"
     * @return null when something answered within 3 s, else {@code "<label>: no server at <shownAs> — <fix>"}
     */
    public String probe(URI url, Map<String, String> headers, String shownAs, String fix) {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        Transport.Call call;
        try {
            RequestHead head = RequestHead.of(
                    "GET",
                    url,
                    sorted(headers),
                    -1,
                    settings.connections().proxies().select(url));
            call = transport.call(head.with(new byte[0]), new Transport.Listener() {
                @Override
                public boolean onHead(int status, HttpHeaders responseHeaders) {
                    answered.complete(null);
                    return false;
                }

                @Override
                public void onLine(byte[] bytes, int offset, int length) {}

                @Override
                public void onEnd(String body) {}

                @Override
                public void onFailure(Throwable error) {
                    answered.completeExceptionally(error);
                }
            });
            loop.execute(() -> transport.start(call));
        } catch (RuntimeException e) {
            return failures.label() + ": no server at " + shownAs + " — " + fix;
        }
        try {
            answered.get(3, TimeUnit.SECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failures.label() + ": interrupted while checking " + shownAs;
        } catch (ExecutionException | TimeoutException e) {
            return failures.label() + ": no server at " + shownAs + " — " + fix;
        } finally {
            try {
                loop.execute(() -> transport.cancel(call));
            } catch (RejectedExecutionException e) {
                // closed
            }
        }
    }

    /**
     * Ends every request in flight (each completes with a failure), closes every connection and stops
     * the threads.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> ended = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                sweeper.cancel(false);
                Failure failure = failures.transport(new IOException("client closed"), settings.connectTimeout());
                for (Attempt attempt : new ArrayList<>(live)) {
                    attempt.abort(failure);
                }
                for (Exchange exchange : new ArrayList<>(backingOff)) {
                    exchange.endBackoff();
                }
                ended.complete(null);
            });
            if (!loop.inEventLoop()) {
                ended.get(3, TimeUnit.SECONDS);
            }
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // stopping anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        completions.shutdown();
        try {
            completions.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on the event loop: ends the attempts whose time is up, closes connections idle too long. */
    private void sweep() {
        long now = System.nanoTime();
        for (Attempt attempt : live.toArray(new Attempt[0])) {
            try {
                attempt.check(now);
            } catch (RuntimeException e) {
                // a sink misbehaved; the others still get checked
            }
        }
        transport.closeIdle(now);
    }

    // ------------------------------------------------------------------ one stream() call, with retries

    /** How one attempt ended. */
    private record Outcome(StreamEnd end, int contentChunks, int otherChunks, long retryAfterMillis) {
        static Outcome failed(Failure failure, int contentChunks, int otherChunks, long retryAfterMillis) {
            return new Outcome(StreamEnd.failed(failure), contentChunks, otherChunks, retryAfterMillis);
        }

        /** Output of any kind the harness was given: answer chunks, reasoning chunks, tool-call pieces. */
        int outputChunks() {
            return contentChunks + otherChunks;
        }
    }

    /** One call of {@link #stream}: attempts until success, a final failure, or retries run out. Loop only. */
    private final class Exchange {
        private final Transport.Request request;
        private final long timeoutNanos;
        private final Supplier<? extends StreamDecoder> decoders;
        private final TokenSink sink;
        private final CompletableFuture<Completion> result;
        private long retryWaitMillis;
        /** While backing off: the attempt that failed and the timer of the next. */
        private int lastNumber;

        private Outcome lastOutcome;
        private ScheduledFuture<?> nextAttempt;

        Exchange(
                Transport.Request request,
                long timeoutNanos,
                Supplier<? extends StreamDecoder> decoders,
                TokenSink sink,
                CompletableFuture<Completion> result) {
            this.request = request;
            this.timeoutNanos = timeoutNanos;
            this.decoders = decoders;
            this.sink = sink;
            this.result = result;
        }

        void attempt(int number) {
            backingOff.remove(this);
            if (closed) {
                finish(
                        number,
                        Outcome.failed(
                                failures.transport(new IOException("client closed"), settings.connectTimeout()),
                                0,
                                0,
                                -1));
                return;
            }
            Attempt attempt;
            try {
                attempt = new Attempt(this, number, decoders.get());
            } catch (RuntimeException e) {
                finish(number, Outcome.failed(Failure.fromException(e), 0, 0, -1));
                return;
            }
            try {
                if (number > 1) {
                    sink.attemptStarted(number); // the harness times the request from this attempt
                }
                attempt.start();
            } catch (RuntimeException e) {
                attempt.abort(Failure.fromException(e));
            }
        }

        void ended(int number, Outcome outcome) {
            Failure failure = outcome.end().failure();
            if (!closed && !sink.cancelled() && settings.retry().shouldRetry(failure, number, outcome.outputChunks())) {
                long delay = settings.retry().delayMillis(number, outcome.retryAfterMillis());
                // should the harness give up during the wait, the sample keeps this failure (a 429, say)
                sink.attemptFailed(
                        delay > 0
                                ? new Failure(
                                        failure.kind(),
                                        failure.httpStatus(),
                                        failure.retryable(),
                                        failure.message() + " (waiting " + delay + " ms to retry)")
                                : failure);
                try {
                    lastNumber = number;
                    lastOutcome = outcome;
                    backingOff.add(this);
                    nextAttempt = loop.schedule(() -> attempt(number + 1), delay, TimeUnit.MILLISECONDS);
                    retryWaitMillis += delay;
                    return;
                } catch (RuntimeException e) {
                    backingOff.remove(this); // closed: report the failure we have
                }
            }
            finish(number, outcome);
        }

        /** Closing while waiting to retry: the last failure stands. */
        void endBackoff() {
            backingOff.remove(this);
            if (nextAttempt != null) {
                nextAttempt.cancel(false);
            }
            finish(lastNumber, lastOutcome);
        }

        private void finish(int number, Outcome outcome) {
            StreamEnd end = outcome.end();
            Map<String, Double> stats = end.stats();
            if (retryWaitMillis > 0) {
                stats = new HashMap<>(stats);
                stats.put(RETRY_WAIT_STAT, (double) retryWaitMillis);
            }
            Completion completion;
            if (end.failure() == null) {
                completion = new Completion(end.finishReason(), end.tokens(), null, number, stats);
            } else {
                TokenCounts tokens = end.tokens().outputKnown() || outcome.contentChunks() == 0
                        ? end.tokens()
                        : new TokenCounts(
                                -1, outcome.contentChunks(), -1, -1, CountSource.UNKNOWN, CountSource.CHUNK_COUNT);
                completion = new Completion(FinishReason.ERROR, tokens, end.failure(), number, stats);
            }
            try {
                completions.execute(() -> result.complete(completion));
            } catch (RejectedExecutionException e) {
                result.complete(completion); // closing: complete here rather than never
            }
        }
    }

    // ------------------------------------------------------------------ one HTTP request

    /**
     * One HTTP request and its body, entirely on the event loop: the transport's listener calls, the
     * decoder, the sink's calls and the sweep's checks all happen there, so no lock is needed. The
     * attempt ends exactly once ({@link #publish}).
     */
    private final class Attempt implements StreamControl, Transport.Listener {
        private final Exchange exchange;
        private final int number;
        private final StreamDecoder decoder;
        private final TokenSink sink;
        private Transport.Call call;
        private Outcome ending;
        private boolean published;
        private boolean done;
        private boolean headSeen;
        private int contentChunks;
        /** Reasoning chunks and tool-call pieces emitted: output that is not answer text. */
        private int otherChunks;

        private int status;
        private HttpHeaders headers;
        /** When the attempt started ({@link System#nanoTime()}), for the first-token limit. */
        private long startNanos;
        /** When the decoder saw the stream's end marker, for the grace after it. */
        private long doneNanos;

        Attempt(Exchange exchange, int number, StreamDecoder decoder) {
            this.exchange = exchange;
            this.number = number;
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            this.sink = exchange.sink;
        }

        void start() {
            startNanos = System.nanoTime();
            live.add(this);
            call = transport.call(exchange.request, this);
            transport.start(call);
        }

        // ---------------------------------------------------------------- Transport.Listener

        @Override
        public void onConnection(ConnectionPhases phases) {
            sink.connection(phases);
        }

        @Override
        public void onWriting() {
            sink.requestWriting();
        }

        @Override
        public void onWritten() {
            sink.requestWritten();
        }

        @Override
        public boolean onHead(int statusCode, HttpHeaders responseHeaders) {
            headSeen = true;
            status = statusCode;
            headers = responseHeaders;
            return statusCode / 100 == 2;
        }

        @Override
        public void onLine(byte[] bytes, int offset, int length) {
            if (ending == null && !done) {
                if (sink.cancelled()) {
                    endWith(failures.abandoned(), -1);
                } else {
                    try {
                        decoder.onLine(bytes, offset, length, this);
                    } catch (RuntimeException e) {
                        String text = new String(bytes, offset, length, StandardCharsets.UTF_8);
                        endWith(
                                failures.malformed("cannot decode line ("
                                        + e.getClass().getSimpleName() + "): " + HttpFailures.clip(text)),
                                -1);
                    }
                }
            }
            if (ending != null) {
                publish();
            }
        }

        @Override
        public void onEnd(String body) {
            if (status / 100 == 2) {
                endByDecoder();
            } else {
                endWith(
                        failures.status(status, body),
                        RetryAfter.parse(headers.get("retry-after-ms"), headers.get("retry-after"), null));
            }
            publish();
        }

        @Override
        public void onFailure(Throwable error) {
            endWith(failures.transport(error, settings.connectTimeout()), -1);
            publish();
        }

        // ---------------------------------------------------------------- StreamControl

        @Override
        public void content(String text, int tokens) {
            if (text == null || text.isEmpty() || ending != null) {
                return;
            }
            contentChunks++;
            sink.onChunk(text, tokens);
        }

        @Override
        public void reasoning(String text, int tokens) {
            if (text == null || text.isEmpty() || ending != null) {
                return;
            }
            otherChunks++;
            sink.onReasoning(text, tokens);
        }

        @Override
        public void toolCallChunk(int index, String fragment) {
            if (ending != null) {
                return;
            }
            otherChunks++;
            sink.onToolCallChunk(index, fragment == null ? "" : fragment);
        }

        @Override
        public void toolCall(ToolCall call) {
            if (ending != null) {
                return;
            }
            otherChunks++;
            sink.onToolCall(call);
        }

        @Override
        public void replayState(String opaqueJson) {
            if (ending != null || opaqueJson == null) {
                return;
            }
            sink.onReplayState(opaqueJson);
        }

        @Override
        public int contentChunks() {
            return contentChunks;
        }

        @Override
        public void fail(Failure failure) {
            endWith(Objects.requireNonNull(failure, "failure"), -1);
        }

        @Override
        public void done() {
            if (done) {
                return;
            }
            // End when the body ends, so the connection goes back to the pool before the caller's next
            // request (else that request pays for a new connection); a server that keeps the body open
            // gets a short grace.
            done = true;
            doneNanos = System.nanoTime();
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public HttpFailures failures() {
            return failures;
        }

        // ---------------------------------------------------------------- limits

        /**
         * Ends the attempt when the harness abandoned it, when no content came within the first-token
         * limit or no head within the request's own limit, or when the body stayed open past the grace
         * after the decoder's end marker.
         */
        void check(long now) {
            if (ending != null) {
                return;
            }
            long firstTokenLimit = settings.firstTokenTimeout().toNanos();
            if (sink.cancelled()) {
                endWith(failures.abandoned(), -1);
            } else if (done) {
                if (now - doneNanos >= DONE_GRACE_NANOS) {
                    endByDecoder();
                }
            } else if (exchange.timeoutNanos >= 0 && !headSeen && now - startNanos >= exchange.timeoutNanos) {
                endWith(
                        failures.transport(new HttpTimeoutException("request timed out"), settings.connectTimeout()),
                        -1);
            } else if (firstTokenLimit > 0 && contentChunks + otherChunks == 0 && now - startNanos >= firstTokenLimit) {
                endWith(failures.firstTokenTimeout(settings.firstTokenTimeout()), -1);
            }
            if (ending != null) {
                publish();
            }
        }

        // ---------------------------------------------------------------- ending

        /** Asks the decoder how the stream ended (first ending wins). */
        private void endByDecoder() {
            if (ending != null) {
                return;
            }
            StreamEnd end;
            try {
                end = decoder.onEnd(this);
            } catch (RuntimeException e) {
                end = StreamEnd.failed(failures.malformed(
                        "cannot decode the end of the stream (" + e.getClass().getSimpleName() + ")"));
            }
            ending = new Outcome(end, contentChunks, otherChunks, -1);
        }

        /** Ends the attempt with a failure (first ending wins). */
        private void endWith(Failure failure, long retryAfterMillis) {
            if (ending == null) {
                ending = Outcome.failed(failure, contentChunks, otherChunks, retryAfterMillis);
            }
        }

        /** Once the attempt has ended: stops its HTTP call if still open and reports it, once. */
        private void publish() {
            if (ending == null || published) {
                return;
            }
            published = true;
            live.remove(this);
            if (call != null) {
                transport.cancel(call); // no-op when the response was read to its end; else frees the connection
            }
            exchange.ended(number, ending);
        }

        /** Ends the attempt from outside (start failed, or the client closes). */
        void abort(Failure failure) {
            endWith(failure, -1);
            publish();
        }
    }
}
