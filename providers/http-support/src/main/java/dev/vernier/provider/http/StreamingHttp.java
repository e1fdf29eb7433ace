package dev.vernier.provider.http;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A streaming HTTP client for one provider. No thread waits on a request: the body's lines are
 * pushed to a {@link StreamDecoder} as they are read, and each content chunk goes to the harness's
 * {@link TokenSink} at once. Plain {@code http://} servers (the self-hosted case) are spoken to by
 * Vernier's own HTTP/1.1 client (one selector thread, keep-alive pool, the request written from the
 * calling thread); {@code https://} ones by the JDK's asynchronous {@link HttpClient} (TLS, HTTP/2).
 * See the package documentation for why.
 *
 * <p>{@link #stream} always completes normally with a {@link Completion}; failures are data:
 * non-2xx statuses (with the error body read) and transport errors are mapped by
 * {@link HttpFailures}; a request with no content within the first-token limit fails as
 * {@code FIRST_TOKEN_TIMEOUT}; a request the harness abandons ({@link TokenSink#cancelled()}) stops.
 * Retryable failures before any content are retried per the {@link RetryPolicy}, honouring
 * Retry-After; the attempts are counted and the total wait is reported as the provider stat
 * {@value #RETRY_WAIT_STAT}.
 *
 * <p>One instance per provider; thread-safe; {@link #close()} with the provider.
 */
public final class StreamingHttp implements AutoCloseable {

    /** Provider stat: milliseconds spent waiting between attempts (absent when none). */
    public static final String RETRY_WAIT_STAT = "retry_wait_ms";

    /**
     * How often the attempts in flight are checked for the limits that need a clock: abandonment by
     * the harness, the first-token limit, the grace after a decoder's end marker. One sweep for all
     * attempts instead of three timers per request (scheduling and cancelling them cost more than the
     * checks); a limit therefore fires up to this much after it is due.
     */
    static final long SWEEP_MS = 50;

    private static final long DONE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final StreamSettings settings;
    private final HttpFailures failures;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService timers;
    /** Vernier's own client for {@code http://} base URLs; null for {@code https://}. */
    private final Http1Client http1;
    /** The JDK client: always for https, for http only when a request cannot go through {@link #http1}. */
    private HttpClient http;
    /** Attempts started and not yet ended, for {@link #sweep}. */
    private final Set<Attempt> live = ConcurrentHashMap.newKeySet();

    /**
     * A client for the provider whose transport is {@code settings}; plain-HTTP base URLs use
     * Vernier's own HTTP/1.1 client, HTTPS ones the JDK's.
     */
    public StreamingHttp(StreamSettings settings, HttpFailures failures) {
        this(settings, failures, !settings.tls() && OWN_HTTP1);
    }

    /**
     * Whether plain-HTTP base URLs use {@link Http1Client} (the default); the system property
     * {@code vernier.http.jdk-only=true} sends everything through the JDK client instead.
     */
    static final boolean OWN_HTTP1 = !Boolean.getBoolean("vernier.http.jdk-only");

    /** @param ownHttp1 speak HTTP/1.1 with {@link Http1Client} (only meaningful for {@code http://}) */
    StreamingHttp(StreamSettings settings, HttpFailures failures, boolean ownHttp1) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.failures = Objects.requireNonNull(failures, "failures");
        String prefix = "vernier-" + failures.label();
        AtomicInteger threads = new AtomicInteger();
        this.httpExecutor =
                Executors.newCachedThreadPool(r -> daemon(r, prefix + "-http-" + threads.incrementAndGet()));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> daemon(r, prefix + "-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timers = scheduler;
        scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
        this.http1 = ownHttp1 && !settings.tls() ? new Http1Client(prefix + "-http1", settings.connectTimeout()) : null;
        if (http1 == null) {
            jdk();
        }
    }

    /** The JDK client, built on first use. */
    private synchronized HttpClient jdk() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(settings.tls() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                    .connectTimeout(settings.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(httpExecutor)
                    .build();
        }
        return http;
    }

    /** Connections opened by the own HTTP/1.1 client so far (-1 when it is not in use): a measure of reuse. */
    long connectionsOpened() {
        return http1 == null ? -1 : http1.connectionsOpened();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    public StreamSettings settings() {
        return settings;
    }

    public HttpFailures failures() {
        return failures;
    }

    /**
     * Sends the request (again on each retry) and streams its body through a fresh decoder per attempt.
     *
     * @param request  the complete request, headers and body included; reusable across attempts
     * @param decoders makes one decoder per attempt
     * @param sink     the harness's sink
     * @return completes normally, never exceptionally
     */
    public CompletableFuture<Completion> stream(
            HttpRequest request, Supplier<? extends StreamDecoder> decoders, TokenSink sink) {
        return stream(
                new Outgoing() {
                    @Override
                    public Http1Request own() {
                        return Http1Request.from(request);
                    }

                    @Override
                    public HttpRequest jdk() {
                        return request;
                    }
                },
                decoders,
                sink);
    }

    /**
     * A POST of {@code body} to the target (see {@link #target}), streamed as {@link #stream(HttpRequest,
     * Supplier, TokenSink)} does. Only the body is encoded per request.
     */
    public CompletableFuture<Completion> stream(
            Target target, byte[] body, Supplier<? extends StreamDecoder> decoders, TokenSink sink) {
        Objects.requireNonNull(body, "body");
        return stream(
                new Outgoing() {
                    @Override
                    public Http1Request own() {
                        return target.own == null ? null : target.own.with(body);
                    }

                    @Override
                    public HttpRequest jdk() {
                        return HttpRequest.newBuilder(target.prototype, (name, value) -> true)
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build();
                    }
                },
                decoders,
                sink);
    }

    private CompletableFuture<Completion> stream(
            Outgoing request, Supplier<? extends StreamDecoder> decoders, TokenSink sink) {
        CompletableFuture<Completion> result = new CompletableFuture<>();
        try {
            new Exchange(request, decoders, sink, result).attempt(1);
        } catch (RuntimeException e) {
            result.complete(Completion.failed(Failure.fromException(e)));
        }
        return result;
    }

    /**
     * Where a provider POSTs its requests and the headers they all carry, checked and encoded once
     * (names and values are validated as {@link HttpRequest.Builder#header} does).
     *
     * @param headers in the order to send them
     * @throws IllegalArgumentException for a header the JDK refuses (a line break in a value, say)
     */
    public Target target(URI uri, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        headers.forEach(builder::header);
        HttpRequest prototype =
                builder.POST(HttpRequest.BodyPublishers.noBody()).build();
        Http1Request.Head own = http1 == null
                ? null
                : Http1Request.Head.of("POST", uri, prototype.headers().map(), -1);
        return new Target(prototype, own);
    }

    /** A prepared URL and headers for {@link #stream(Target, byte[], Supplier, TokenSink)}; made by {@link #target}. */
    public static final class Target {
        private final HttpRequest prototype;
        private final Http1Request.Head own;

        private Target(HttpRequest prototype, Http1Request.Head own) {
            this.prototype = prototype;
            this.own = own;
        }
    }

    /** One request in the two forms the two clients take; each built when that client sends it. */
    private interface Outgoing {
        /** For {@link Http1Client}, or null when it cannot be sent that way. */
        Http1Request own();

        HttpRequest jdk();
    }

    /**
     * Checks that a server answers at all: any HTTP status counts (authorisation problems show up
     * per request).
     *
     * @param url     what to GET, e.g. a models listing
     * @param headers headers to send (e.g. the key), may be empty
     * @param shownAs the address to name in the message, e.g. the base URL
     * @param fix     what the user should do, e.g. "start it" or "run: ollama serve"
     * @return null when something answered within 2 s, else {@code "<label>: no server at <shownAs> — <fix>"}
     */
    public String probe(URI url, Map<String, String> headers, String shownAs, String fix) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET();
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        Http1Request own = http1 == null ? null : Http1Request.from(request);
        try {
            if (own != null) {
                CompletableFuture<Void> answered = new CompletableFuture<>();
                Http1Client.Exchange exchange = http1.send(own, new Http1Client.Listener() {
                    @Override
                    public boolean onHead(int status, Supplier<HttpHeaders> responseHeaders) {
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
                try {
                    answered.get(3, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    exchange.cancel();
                    throw e;
                }
                return null;
            }
            jdk().sendAsync(request, HttpResponse.BodyHandlers.discarding()).get(3, TimeUnit.SECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failures.label() + ": interrupted while checking " + shownAs;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return failures.label() + ": no server at " + shownAs + " — " + fix;
        }
    }

    @Override
    public void close() {
        if (http1 != null) {
            http1.close();
        }
        timers.shutdownNow();
        httpExecutor.shutdownNow();
    }

    /** Runs on the timer thread: ends the attempts whose time is up. */
    private void sweep() {
        long now = System.nanoTime();
        for (Attempt attempt : live) {
            try {
                attempt.check(now);
            } catch (RuntimeException e) {
                // a sink misbehaved; the others still get checked
            }
        }
    }

    // ------------------------------------------------------------------ one stream() call, with retries

    /** How one attempt ended. */
    private record Outcome(StreamEnd end, int contentChunks, long retryAfterMillis) {
        static Outcome failed(Failure failure, int contentChunks, long retryAfterMillis) {
            return new Outcome(StreamEnd.failed(failure), contentChunks, retryAfterMillis);
        }
    }

    /** One call of {@link #stream}: attempts until success, a final failure, or retries run out. */
    private final class Exchange {
        private final Outgoing request;
        private final Supplier<? extends StreamDecoder> decoders;
        private final TokenSink sink;
        private final CompletableFuture<Completion> result;
        private long retryWaitMillis;

        Exchange(
                Outgoing request,
                Supplier<? extends StreamDecoder> decoders,
                TokenSink sink,
                CompletableFuture<Completion> result) {
            this.request = request;
            this.decoders = decoders;
            this.sink = sink;
            this.result = result;
        }

        void attempt(int number) {
            Attempt attempt;
            try {
                attempt = new Attempt(request, decoders.get(), sink);
            } catch (RuntimeException e) {
                finish(number, Outcome.failed(Failure.fromException(e), 0, -1));
                return;
            }
            attempt.outcome.whenComplete((outcome, error) -> finishOrRetry(
                    number, error != null ? Outcome.failed(Failure.fromException(error), 0, -1) : outcome));
            try {
                if (number > 1) {
                    sink.attemptStarted(number); // the harness times the request from this attempt
                }
                attempt.start();
            } catch (RuntimeException e) {
                attempt.abort(Failure.fromException(e));
            }
        }

        private void finishOrRetry(int number, Outcome outcome) {
            Failure failure = outcome.end().failure();
            if (!sink.cancelled() && settings.retry().shouldRetry(failure, number, outcome.contentChunks())) {
                long delay = settings.retry().delayMillis(number, outcome.retryAfterMillis());
                try {
                    timers.schedule(() -> attempt(number + 1), delay, TimeUnit.MILLISECONDS);
                    retryWaitMillis += delay;
                    return;
                } catch (RuntimeException e) {
                    // closed: report the failure we have
                }
            }
            finish(number, outcome);
        }

        private void finish(int number, Outcome outcome) {
            StreamEnd end = outcome.end();
            Map<String, Double> stats = new HashMap<>(end.stats());
            if (retryWaitMillis > 0) {
                stats.put(RETRY_WAIT_STAT, (double) retryWaitMillis);
            }
            if (end.failure() == null) {
                result.complete(new Completion(end.finishReason(), end.tokens(), null, number, stats));
            } else {
                TokenCounts tokens = end.tokens().outputKnown() || outcome.contentChunks() == 0
                        ? end.tokens()
                        : new TokenCounts(
                                -1, outcome.contentChunks(), -1, -1, CountSource.UNKNOWN, CountSource.ESTIMATE);
                result.complete(new Completion(FinishReason.ERROR, tokens, end.failure(), number, stats));
            }
        }
    }

    // ------------------------------------------------------------------ one HTTP request

    /**
     * One HTTP request and its body. Lines arrive in order on the client's executor; the limits
     * ({@link #check}) are checked on the timer thread. State changes happen under this
     * object's lock and the attempt ends exactly once; cancelling the HTTP exchange and completing
     * {@link #outcome} happen after the lock is released ({@link #publish}), so no client-internal
     * lock is ever taken while holding ours.
     */
    private final class Attempt implements Flow.Subscriber<String>, StreamControl, Http1Client.Listener {
        private final Outgoing request;
        private final StreamDecoder decoder;
        private final TokenSink sink;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private Outcome ending;
        private boolean published;
        private boolean done;
        private int contentChunks;
        private Flow.Subscription subscription;
        private CompletableFuture<HttpResponse<String>> response;
        private Http1Client.Exchange exchange;
        private int status;
        private Supplier<HttpHeaders> headers;
        /** When the request was sent ({@link System#nanoTime()}), for the first-token limit. */
        private long startNanos;
        /** When the decoder saw the stream's end marker, for the grace after it. */
        private long doneNanos;

        Attempt(Outgoing request, StreamDecoder decoder, TokenSink sink) {
            this.request = request;
            this.decoder = Objects.requireNonNull(decoder, "decoder");
            this.sink = sink;
        }

        void start() {
            synchronized (this) {
                startNanos = System.nanoTime();
            }
            live.add(this);
            Http1Request own = http1 == null ? null : request.own();
            if (own != null) {
                Http1Client.Exchange sent = http1.send(own, this);
                boolean over;
                synchronized (this) {
                    exchange = sent;
                    over = published;
                }
                if (over) {
                    sent.cancel();
                }
                publish();
                return;
            }
            CompletableFuture<HttpResponse<String>> sent = jdk().sendAsync(request.jdk(), this::bodySubscriber);
            synchronized (this) {
                response = sent;
            }
            sent.whenComplete((resp, error) -> {
                synchronized (this) {
                    if (error != null) {
                        endWith(failures.transport(error, settings.connectTimeout()), -1);
                    } else if (resp.statusCode() / 100 != 2) {
                        endWith(failures.status(resp.statusCode(), resp.body()), RetryAfter.millis(resp.headers()));
                    }
                }
                publish();
            });
            publish();
        }

        private HttpResponse.BodySubscriber<String> bodySubscriber(HttpResponse.ResponseInfo info) {
            if (info.statusCode() / 100 == 2) {
                return HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> "", StandardCharsets.UTF_8, null);
            }
            return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        }

        // ---------------------------------------------------------------- Flow.Subscriber

        @Override
        public void onSubscribe(Flow.Subscription s) {
            boolean over;
            synchronized (this) {
                subscription = s;
                over = ending != null;
            }
            if (over) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            deliver(line, null, 0, 0);
        }

        /** One line, as a string (JDK client) or as bytes (own client, {@code line} null). */
        private void deliver(String line, byte[] bytes, int offset, int length) {
            boolean ended;
            synchronized (this) {
                if (ending == null && !done) {
                    if (sink.cancelled()) {
                        endWith(failures.abandoned(), -1);
                    } else {
                        try {
                            if (line != null) {
                                decoder.onLine(line, this);
                            } else {
                                decoder.onLine(bytes, offset, length, this);
                            }
                        } catch (RuntimeException e) {
                            String text =
                                    line != null ? line : new String(bytes, offset, length, StandardCharsets.UTF_8);
                            endWith(
                                    failures.malformed("cannot decode line ("
                                            + e.getClass().getSimpleName() + "): " + HttpFailures.clip(text)),
                                    -1);
                        }
                    }
                }
                ended = ending != null && !published;
            }
            if (ended) { // most lines end nothing: skip publish and its second trip through the lock
                publish();
            }
        }

        @Override
        public void onError(Throwable error) {
            synchronized (this) {
                endWith(failures.transport(error, settings.connectTimeout()), -1);
            }
            publish();
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                endByDecoder();
            }
            publish();
        }

        // ---------------------------------------------------------------- Http1Client.Listener

        @Override
        public boolean onHead(int statusCode, Supplier<HttpHeaders> responseHeaders) {
            synchronized (this) {
                status = statusCode;
                headers = responseHeaders;
            }
            return statusCode / 100 == 2;
        }

        @Override
        public void onLine(byte[] bytes, int offset, int length) {
            deliver(null, bytes, offset, length);
        }

        @Override
        public void onEnd(String body) {
            synchronized (this) {
                if (status / 100 == 2) {
                    endByDecoder();
                } else {
                    endWith(failures.status(status, body), RetryAfter.millis(headers.get()));
                }
            }
            publish();
        }

        @Override
        public void onFailure(Throwable error) {
            onError(error);
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
         * limit, or when the body stayed open past the grace after the decoder's end marker.
         */
        void check(long now) {
            boolean abandoned = sink.cancelled();
            synchronized (this) {
                if (ending != null) {
                    return;
                }
                long firstTokenLimit = settings.firstTokenTimeout().toNanos();
                if (abandoned) {
                    endWith(failures.abandoned(), -1);
                } else if (done) {
                    if (now - doneNanos >= DONE_GRACE_NANOS) {
                        endByDecoder();
                    }
                } else if (firstTokenLimit > 0 && contentChunks == 0 && now - startNanos >= firstTokenLimit) {
                    endWith(failures.firstTokenTimeout(settings.firstTokenTimeout()), -1);
                }
                if (ending == null) {
                    return;
                }
            }
            publish();
        }

        // ---------------------------------------------------------------- ending (caller holds the lock)

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
            ending = new Outcome(end, contentChunks, -1);
        }

        /** Ends the attempt with a failure (first ending wins). */
        private void endWith(Failure failure, long retryAfterMillis) {
            if (ending == null) {
                ending = Outcome.failed(failure, contentChunks, retryAfterMillis);
            }
        }

        /** Called without the lock: once the attempt has ended, stops its timers and reports it, once. */
        void publish() {
            Outcome o;
            Flow.Subscription s;
            CompletableFuture<?> r;
            Http1Client.Exchange x;
            synchronized (this) {
                if (ending == null || published) {
                    return;
                }
                published = true;
                o = ending;
                s = subscription;
                r = response;
                x = exchange;
            }
            live.remove(this);
            if (x != null) {
                x.cancel(); // no-op when the response was read to its end; else frees the connection
            }
            if (o.end().failure() != null) {
                if (s != null) {
                    s.cancel();
                }
                if (r != null) {
                    r.cancel(true);
                }
            }
            outcome.complete(o);
        }

        /** Ends the attempt from outside (start failed); takes the lock itself. */
        void abort(Failure failure) {
            synchronized (this) {
                endWith(failure, -1);
            }
            publish();
        }
    }
}
