package dev.vernier.provider.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.HarnessWarmup;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.time.SystemClock;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The harness warm-up of the HTTP transport ({@code http}): streams from an in-process loopback
 * {@link WarmupServer} over http and https, SSE (read in place with {@link JsonCursor}, as the OpenAI
 * dialect does) and NDJSON, 8 requests at a time, in rounds that each open new connections (so TLS
 * handshakes are warmed too), for the first half of {@value #EXERCISE_SHARE} of the budget; then the
 * same streams as requests of the harness's own {@link Runner} (closed loop, {@value #RUNNER_CONCURRENCY}
 * in flight: the sink that stamps each chunk, the completion and sample bookkeeping, the dispatch of the
 * next request) for the second half; then it waits, within the budget, for the JIT compiler to finish
 * what that queued. The https side uses a self-signed loopback
 * certificate shipped in this jar ({@code warmup-loopback.p12}), trusted by the warm-up's client
 * alone: it protects nothing and is used by nothing else. Afterwards every client, server, thread
 * and connection of the warm-up is closed.
 */
public final class HttpWarmup implements HarnessWarmup {

    /** Requests in flight at once. */
    static final int CONCURRENCY = 8;
    /** Rounds with fresh clients (new connections, new TLS handshakes). */
    static final int ROUNDS = 6;

    /** Requests in flight at once in the runner phase, as many as the cold-run check's wave. */
    static final int RUNNER_CONCURRENCY = 32;
    /** Requests per runner in the runner phase (the budget is checked between runners). */
    static final int RUNNER_BATCH = 2 * RUNNER_CONCURRENCY;

    /** The share of the budget spent sending; the rest waits for the JIT to finish compiling. */
    static final double EXERCISE_SHARE = 0.7;

    private static final long SETTLE_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String KEYSTORE = "warmup-loopback.p12";
    private static final char[] KEYSTORE_PASSWORD = "vernier-warmup".toCharArray();

    @Override
    public String name() {
        return "http";
    }

    @Override
    public boolean appliesTo(Provider provider) {
        return provider instanceof HttpProvider;
    }

    @Override
    public Duration run(Duration budget) {
        long start = System.nanoTime();
        try {
            exercise(budget);
        } catch (Exception | LinkageError e) {
            // a warm-up that could not run only took less time
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * What a warm-up did, for tests.
     *
     * @param requests sent
     * @param failures ended with a failure
     * @param cut      still streaming when the budget ran out (ended by closing)
     * @param chunks   content chunks received
     * @param runnerRequests of {@code requests}, those sent through the harness's runner
     */
    record Result(int requests, int failures, int cut, int chunks, int runnerRequests) {}

    Result exercise(Duration budget) throws IOException, GeneralSecurityException, InterruptedException {
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        long deadline = start + (long) (budget.toNanos() * EXERCISE_SHARE);
        long transportDeadline = start + (long) (budget.toNanos() * EXERCISE_SHARE / 2);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = HttpWarmup.class.getResourceAsStream(KEYSTORE)) {
            if (in == null) {
                throw new IOException("missing resource " + KEYSTORE);
            }
            store.load(in, KEYSTORE_PASSWORD);
        }
        PrivateKey key = (PrivateKey) store.getKey("loopback", KEYSTORE_PASSWORD);
        X509Certificate certificate = (X509Certificate) store.getCertificate("loopback");
        SslContext serverTls = SslContextBuilder.forServer(key, certificate)
                .sslProvider(SslProvider.JDK)
                .build();
        SslContext clientTls = TlsTrust.client(List.of(certificate), false);
        AtomicInteger chunks = new AtomicInteger();
        int requests = 0;
        int failures = 0;
        int cut = 0;
        int runnerRequests;
        try (WarmupServer server = new WarmupServer(serverTls)) {
            for (int round = 0; round < ROUNDS && System.nanoTime() < transportDeadline; round++) {
                long roundEnd = System.nanoTime() + (transportDeadline - System.nanoTime()) / (ROUNDS - round);
                try (StreamingHttp http = client(server.httpBase(), null);
                        StreamingHttp https = client(server.httpsBase(), clientTls)) {
                    List<Target> targets = targets(server, http, https);
                    do {
                        List<CompletableFuture<Completion>> batch = new ArrayList<>();
                        for (int i = 0; i < CONCURRENCY; i++) {
                            Target t = targets.get((requests + i) % targets.size());
                            batch.add(t.http.stream(t.target, BODY, t.decoders, new CountingSink(chunks)));
                        }
                        boolean late = false;
                        for (CompletableFuture<Completion> result : batch) {
                            requests++;
                            try {
                                // never past the budget: what is still streaming then is cut by closing
                                long left = Math.max(1, end - System.nanoTime());
                                if (!result.get(left, TimeUnit.NANOSECONDS).succeeded()) {
                                    failures++;
                                }
                            } catch (TimeoutException e) {
                                late = true;
                                cut++;
                            } catch (ExecutionException e) {
                                failures++;
                            }
                        }
                        if (late) {
                            break;
                        }
                    } while (System.nanoTime() < roundEnd);
                }
            }
            int[] runner = throughRunner(server, clientTls, deadline, end, chunks);
            requests += runner[0];
            failures += runner[1];
            cut += runner[2];
            runnerRequests = runner[0];
        }
        settle(end);
        return new Result(requests, failures, cut, chunks.get(), runnerRequests);
    }

    /**
     * The runner phase: batches of {@value #RUNNER_BATCH} requests through a {@link Runner}, SSE and
     * NDJSON over http and https in turn, until {@code until}; a request still running at {@code end}
     * (the budget's end) times out there.
     *
     * @return requests sent, failed, and cut at the budget's end (timed out there)
     */
    private static int[] throughRunner(
            WarmupServer server, SslContext clientTls, long until, long end, AtomicInteger chunks)
            throws InterruptedException {
        int requests = 0;
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger cut = new AtomicInteger();
        SystemClock clock = SystemClock.withOwnTimer("vernier-warmup-timer");
        try (StreamingHttp http = client(server.httpBase(), null);
                StreamingHttp https = client(server.httpsBase(), clientTls)) {
            LoopbackProvider provider = new LoopbackProvider(targets(server, http, https));
            while (System.nanoTime() < until) {
                List<PlannedRequest> plan = new ArrayList<>(RUNNER_BATCH);
                for (int i = 0; i < RUNNER_BATCH; i++) {
                    int n = requests + i;
                    plan.add(new PlannedRequest(
                            n,
                            LoopbackProvider.ID,
                            "warmup",
                            "p",
                            n,
                            false,
                            new GenerationRequest("warmup-" + n, "warm up", null, 0.0, WarmupServer.TOKENS, null)));
                }
                Duration timeout =
                        Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), end - System.nanoTime()));
                new Runner(clock, RUNNER_CONCURRENCY, timeout)
                        .run(new RunPlan(plan), Map.of(LoopbackProvider.ID, provider), new RunListener() {
                            @Override
                            public void sampleCompleted(Sample sample) {
                                chunks.addAndGet(sample.chunkNanos().size());
                                if (sample.failure() != null && sample.failure().kind() == FailureKind.TIMEOUT) {
                                    cut.incrementAndGet();
                                } else if (!sample.succeeded()) {
                                    failures.incrementAndGet();
                                }
                            }
                        });
                requests += RUNNER_BATCH;
            }
        } finally {
            clock.stop();
        }
        return new int[] {requests, failures.get(), cut.get()};
    }

    private static List<Target> targets(WarmupServer server, StreamingHttp http, StreamingHttp https) {
        return List.of(
                new Target(http, server.httpBase() + "/v1/chat/completions", Sse::new),
                new Target(https, server.httpsBase() + "/v1/chat/completions", Sse::new),
                new Target(http, server.httpBase() + "/api/chat", Ndjson::new),
                new Target(https, server.httpsBase() + "/api/chat", Ndjson::new));
    }

    /** A provider on the warm-up's clients: request {@code i} goes to target {@code i mod 4}. */
    private static final class LoopbackProvider implements Provider {
        static final String ID = "warmup:loopback";
        private final List<Target> targets;
        private final AtomicInteger next = new AtomicInteger();

        LoopbackProvider(List<Target> targets) {
            this.targets = targets;
        }

        @Override
        public String id() {
            return ID;
        }

        @Override
        public AccessMode accessMode() {
            return AccessMode.SELF_HOSTED_SERVER;
        }

        @Override
        public ModelFacts describe() {
            return new ModelFacts("loopback", null, null, null, null, DataDestination.THIS_MACHINE, "harness warm-up");
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            Target t = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
            return t.http.stream(t.target, BODY, t.decoders, sink);
        }

        @Override
        public void close() {
            // the clients are closed by the warm-up
        }
    }

    /**
     * Waits, within the budget, until the JIT compiler has had 100 ms without new work: the code just
     * exercised is then compiled, and its compilation does not compete with the first measured
     * requests for the processors.
     */
    private static void settle(long end) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long before = jit.getTotalCompilationTime();
        while (System.nanoTime() + SETTLE_STEP_NANOS < end) {
            TimeUnit.NANOSECONDS.sleep(SETTLE_STEP_NANOS);
            long now = jit.getTotalCompilationTime();
            if (now - before <= 1) {
                return;
            }
            before = now;
        }
    }

    private static final byte[] BODY =
            "{\"model\":\"w\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}"
                    .getBytes(StandardCharsets.UTF_8);

    private static StreamingHttp client(String base, SslContext tls) {
        URI uri = URI.create(base);
        return new StreamingHttp(
                new StreamSettings(uri, Duration.ofSeconds(5), Duration.ofSeconds(10), RetryPolicy.standard(0)),
                HttpFailures.of("warmup", uri, ""),
                tls);
    }

    private static final class Target {
        final StreamingHttp http;
        final StreamingHttp.Target target;
        final Supplier<? extends StreamDecoder> decoders;

        Target(StreamingHttp http, String url, Supplier<? extends StreamDecoder> decoders) {
            this.http = http;
            this.target = http.target(URI.create(url), Map.of("Content-Type", "application/json"));
            this.decoders = decoders;
        }
    }

    /** Takes the chunks as the harness's sink does (a timestamp each), keeping only a count. */
    private static final class CountingSink implements TokenSink {
        private final AtomicInteger chunks;
        private long last;

        CountingSink(AtomicInteger chunks) {
            this.chunks = chunks;
        }

        @Override
        public void onChunk(String text, int tokens) {
            last = System.nanoTime();
            chunks.incrementAndGet();
        }

        @Override
        public boolean cancelled() {
            return false;
        }

        @Override
        public void requestWriting() {
            last = System.nanoTime();
        }
    }

    /** OpenAI-style chunks read in place: {@code choices[0].delta.content}. */
    private static final class Sse extends SseDecoder {
        private static final JsonCursor.Name CHOICES = JsonCursor.Name.of("choices");
        private static final JsonCursor.Name DELTA = JsonCursor.Name.of("delta");
        private static final JsonCursor.Name CONTENT = JsonCursor.Name.of("content");
        private final JsonCursor cursor = new JsonCursor(new byte[0], 0, 0);

        @Override
        protected void onData(String payload, StreamControl control) {
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            onData(bytes, 0, bytes.length, control);
        }

        @Override
        protected void onData(byte[] bytes, int offset, int length, StreamControl control) {
            try {
                JsonCursor c = cursor.reset(bytes, offset, length);
                c.beginObject();
                while (c.nextField()) {
                    if (c.fieldIs(CHOICES) && c.atArray()) {
                        c.beginArray();
                        while (c.nextElement()) {
                            content(c, control);
                        }
                    } else {
                        c.skipValue();
                    }
                }
            } catch (JsonCursor.Malformed e) {
                control.fail(control.failures().malformed(e.getMessage()));
            }
        }

        private static void content(JsonCursor c, StreamControl control) throws JsonCursor.Malformed {
            if (!c.atObject()) {
                c.skipValue();
                return;
            }
            c.beginObject();
            while (c.nextField()) {
                if (c.fieldIs(DELTA) && c.atObject()) {
                    c.beginObject();
                    while (c.nextField()) {
                        if (c.fieldIs(CONTENT) && c.atString()) {
                            control.content(c.readString(), 1);
                        } else {
                            c.skipValue();
                        }
                    }
                } else {
                    c.skipValue();
                }
            }
        }

        @Override
        protected StreamEnd end(StreamControl control) {
            return control.isDone()
                    ? StreamEnd.success(FinishReason.STOP, TokenCounts.UNKNOWN)
                    : StreamEnd.failed(control.failures().malformed("no [DONE]"));
        }
    }

    /** Ollama-style lines: {@code message.content}, then {@code done: true}. */
    private static final class Ndjson extends NdjsonDecoder {
        @Override
        protected void onObject(ObjectNode object, StreamControl control) {
            control.content(object.path("message").path("content").asText(""), 1);
            if (object.path("done").asBoolean(false)) {
                control.done();
            }
        }

        @Override
        protected StreamEnd end(StreamControl control) {
            return control.isDone()
                    ? StreamEnd.success(FinishReason.STOP, TokenCounts.UNKNOWN)
                    : StreamEnd.failed(control.failures().malformed("no done line"));
        }
    }
}
