package dev.vernier.provider.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
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
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The harness warm-up of the HTTP transport ({@code http}), on the code the run's requests will run:
 * each HTTP provider of the run (one per provider class and scheme) is copied by its own factory into a loopback
 * twin ({@link HttpProvider#loopbackTwin}: the same entry, sending to an in-process
 * {@link WarmupServer} that answers with the provider's own {@link HttpProvider#warmupAnswer}), so its
 * request building, its decoder and the transport are what gets loaded and compiled, in the provider's
 * own scheme only. Without such providers (or for {@link #run(Duration)}) stand-ins stream instead:
 * SSE read in place with {@link JsonCursor} as the OpenAI dialect does, and NDJSON, over http and https.
 *
 * <p>First, {@value #CONCURRENCY} requests at a time in rounds that each open new connections (so
 * connection set-up and TLS handshakes are warmed too), for the first half of {@value #EXERCISE_SHARE}
 * of what is left of the budget once the server is up; then the same as requests of the harness's own
 * {@link Runner} (closed loop, {@value #RUNNER_CONCURRENCY} in flight: the sink that stamps each chunk,
 * the completion and sample bookkeeping, the dispatch of the next request) for the second half, and
 * on while the JIT compiler is still busy (it compiles what the traffic made hot, and each batch can
 * make more so) until nine tenths of the budget; then it waits, within the budget, for the compiler to
 * finish what that queued. The compiler's work is read from its threads' processor time
 * ({@link CompilerActivity}), so a long compilation in progress counts as work. TLS is set up only when
 * something uses it (in a fresh JVM that alone takes most of a second): a self-signed loopback
 * certificate shipped in this jar as PEM ({@code warmup-loopback-cert.pem} and its unencrypted key),
 * trusted by the warm-up's clients alone: it protects nothing and is used by nothing else. Afterwards
 * every client, twin, server, thread and connection of the warm-up is closed.
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

    private static final long SETTLE_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** The compiler counts as quiet while it works less than this share of the time. */
    static final double QUIET_SHARE = 0.05;
    /** Sending, the compiler's work is judged over at least this long (whole batches). */
    private static final long QUIET_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Content tokens in every warm-up answer ({@link HttpProvider#warmupAnswer} is asked for this many). */
    public static final int TOKENS = WarmupServer.TOKENS;

    /** At most this many providers of a run are twinned (one per provider class and scheme). */
    static final int MAX_TWINNED = 8;
    /** The path prefix of twin {@code i}'s answers on the warm-up server. */
    static final String TWIN = "/twin";

    private static final String CERTIFICATE = "warmup-loopback-cert.pem";
    private static final String KEY = "warmup-loopback-key.pem";

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
        return run(budget, List.of());
    }

    @Override
    public Duration run(Duration budget, List<Provider> providers) {
        long start = System.nanoTime();
        try {
            exercise(budget, providers);
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
     * @param twinned  providers of the run whose loopback twins did the sending (0: the stand-ins did)
     */
    public record Result(int requests, int failures, int cut, int chunks, int runnerRequests, int twinned) {}

    Result exercise(Duration budget)
            throws IOException, GeneralSecurityException, InterruptedException, ConfigException {
        return exercise(budget, List.of());
    }

    /**
     * Runs the warm-up for a run of {@code providers}, returning what it did: the providers' own code is
     * exercised when they can be twinned ({@link HttpProvider#warmupAnswer}), else the stand-ins'.
     * Public for the providers' tests (that their answer decodes through their own decoder).
     */
    public Result exercise(Duration budget, List<Provider> providers)
            throws IOException, GeneralSecurityException, InterruptedException, ConfigException {
        long start = System.nanoTime();
        long end = start + budget.toNanos();
        List<Map.Entry<HttpProvider<?>, WarmupAnswer>> candidates = candidates(providers);
        // TLS only when something will use it: setting it up in a fresh JVM takes most of a second
        boolean tls = candidates.isEmpty()
                || candidates.stream().anyMatch(c -> c.getKey().tls());
        SslContext serverTls = null;
        SslContext clientTls = null;
        if (tls) {
            X509Certificate certificate;
            try (InputStream in = resource(CERTIFICATE)) {
                certificate = (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            try (InputStream chain = resource(CERTIFICATE);
                    InputStream key = resource(KEY)) {
                serverTls = SslContextBuilder.forServer(chain, key)
                        .sslProvider(SslProvider.JDK)
                        .build();
            }
            clientTls = TlsTrust.client(List.of(certificate), false);
        }
        AtomicInteger chunks = new AtomicInteger();
        int requests = 0;
        int failures = 0;
        int cut = 0;
        int runnerRequests;
        List<HttpProvider<?>> models;
        Path caFile = Files.createTempFile("vernier-warmup-ca", ".pem");
        try (WarmupServer server = new WarmupServer(serverTls)) {
            try (InputStream in = resource(CERTIFICATE)) {
                Files.copy(in, caFile, StandardCopyOption.REPLACE_EXISTING);
            }
            models = twinnable(candidates, server, caFile);
            // the deadlines count from here: in a fresh JVM setting up TLS and the server alone takes
            // most of a second, which must not eat the sending
            long setUp = System.nanoTime();
            long deadline = setUp + (long) (Math.max(0, end - setUp) * EXERCISE_SHARE);
            long transportDeadline = setUp + (deadline - setUp) / 2;
            for (int round = 0; round < ROUNDS && System.nanoTime() < transportDeadline; round++) {
                long roundEnd = System.nanoTime() + (transportDeadline - System.nanoTime()) / (ROUNDS - round);
                try (Senders senders = senders(server, clientTls, models, caFile)) {
                    do {
                        List<CompletableFuture<Completion>> batch = new ArrayList<>();
                        for (int i = 0; i < CONCURRENCY; i++) {
                            int n = requests + i;
                            Provider to = senders.list.get(n % senders.list.size());
                            batch.add(to.generate(request(n), new CountingSink(chunks))
                                    .toCompletableFuture());
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
            // past its share, it goes on sending while the compiler is still busy with what the traffic
            // queued (each batch can queue more), leaving a tenth of the budget to settle
            long busyUntil = Math.max(deadline, end - (end - start) / 10);
            int[] runner = throughRunner(server, clientTls, models, caFile, deadline, busyUntil, end, chunks);
            requests += runner[0];
            failures += runner[1];
            cut += runner[2];
            runnerRequests = runner[0];
        } finally {
            Files.deleteIfExists(caFile);
        }
        settle(end);
        return new Result(requests, failures, cut, chunks.get(), runnerRequests, models.size());
    }

    /**
     * The providers of the run that can be twinned, with their answers: one per provider class and
     * scheme, at most {@value #MAX_TWINNED}.
     */
    private static List<Map.Entry<HttpProvider<?>, WarmupAnswer>> candidates(List<Provider> providers) {
        List<Map.Entry<HttpProvider<?>, WarmupAnswer>> candidates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Provider p : providers) {
            if (candidates.size() < MAX_TWINNED
                    && p instanceof HttpProvider<?> http
                    && seen.add(p.getClass().getName() + (http.tls() ? " https" : " http"))) {
                WarmupAnswer answer = http.warmupAnswer(WarmupServer.TOKENS);
                if (answer != null) {
                    candidates.add(Map.entry(http, answer));
                }
            }
        }
        return candidates;
    }

    /**
     * Of the candidates, those whose twin can be made (each is twinned once here, so that one whose copy
     * is refused is left out), their answers registered with the server under {@code /twin<i>}.
     */
    private static List<HttpProvider<?>> twinnable(
            List<Map.Entry<HttpProvider<?>, WarmupAnswer>> candidates, WarmupServer server, Path caFile) {
        List<HttpProvider<?>> models = new ArrayList<>();
        for (Map.Entry<HttpProvider<?>, WarmupAnswer> c : candidates) {
            HttpProvider<?> http = c.getKey();
            String base = http.tls() ? server.httpsBase() : server.httpBase();
            try (HttpProvider<?> twin = http.loopbackTwin(base + TWIN + models.size(), caFile)) {
                if (twin == null) {
                    continue;
                }
            } catch (ConfigException | RuntimeException e) {
                continue; // its copy is refused: the others still warm up
            }
            server.answer(TWIN + models.size(), c.getValue());
            models.add(http);
        }
        return models;
    }

    /** Where the requests of one round or runner phase go, closed after it. */
    private static final class Senders implements AutoCloseable {
        final List<Provider> list = new ArrayList<>();
        final List<AutoCloseable> owned = new ArrayList<>();

        @Override
        public void close() {
            for (AutoCloseable c : owned) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing a warm-up client: nothing to do about it
                }
            }
        }
    }

    /**
     * Fresh senders (new connections): for each twinnable provider its twin, in its own scheme, or,
     * when there is none, the stand-ins (OpenAI-style SSE and Ollama-style NDJSON over both).
     */
    private static Senders senders(WarmupServer server, SslContext clientTls, List<HttpProvider<?>> models, Path caFile)
            throws ConfigException {
        Senders senders = new Senders();
        try {
            for (int i = 0; i < models.size(); i++) {
                // in the provider's own scheme only: TLS handshakes in a fresh JVM cost most of a second,
                // which a run over http never pays
                String base = models.get(i).tls() ? server.httpsBase() : server.httpBase();
                HttpProvider<?> twin = models.get(i).loopbackTwin(base + TWIN + i, caFile);
                if (twin != null) {
                    senders.owned.add(twin);
                    senders.list.add(twin);
                }
            }
            if (senders.list.isEmpty()) {
                StreamingHttp http = client(server.httpBase(), null);
                senders.owned.add(http);
                StreamingHttp https = client(server.httpsBase(), clientTls);
                senders.owned.add(https);
                senders.list.addAll(targets(server, http, https));
            }
            return senders;
        } catch (ConfigException | RuntimeException e) {
            senders.close();
            throw e;
        }
    }

    private static GenerationRequest request(int n) {
        return new GenerationRequest("warmup-" + n, "warm up", null, 0.0, WarmupServer.TOKENS, null);
    }

    /**
     * The runner phase: batches of {@value #RUNNER_BATCH} requests through a {@link Runner}, spread over
     * the senders, until {@code until}, and after it while the compiler worked more than
     * {@value #QUIET_SHARE} of the last 100 ms or more (whole batches) until {@code busyUntil}; a request
     * still running at {@code end} (the budget's end) times out there.
     *
     * @return requests sent, failed, and cut at the budget's end (timed out there)
     */
    private static int[] throughRunner(
            WarmupServer server,
            SslContext clientTls,
            List<HttpProvider<?>> models,
            Path caFile,
            long until,
            long busyUntil,
            long end,
            AtomicInteger chunks)
            throws InterruptedException, ConfigException {
        int requests = 0;
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger cut = new AtomicInteger();
        SystemClock clock = SystemClock.withOwnTimer("vernier-warmup-timer");
        try (Senders senders = senders(server, clientTls, models, caFile)) {
            RoundRobin provider = new RoundRobin(senders.list);
            CompilerActivity jit = CompilerActivity.get();
            long windowStart = System.nanoTime();
            long windowWork = jit.workNanos();
            boolean compiling = true;
            while (System.nanoTime() < until || (compiling && System.nanoTime() < busyUntil)) {
                List<PlannedRequest> plan = new ArrayList<>(RUNNER_BATCH);
                for (int i = 0; i < RUNNER_BATCH; i++) {
                    int n = requests + i;
                    plan.add(new PlannedRequest(n, WarmupProvider.ID, "warmup", "p", n, false, request(n)));
                }
                Duration timeout =
                        Duration.ofNanos(Math.max(TimeUnit.MILLISECONDS.toNanos(1), end - System.nanoTime()));
                new Runner(clock, RUNNER_CONCURRENCY, timeout)
                        .run(new RunPlan(plan), Map.of(WarmupProvider.ID, provider), new RunListener() {
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
                long now = System.nanoTime();
                if (now - windowStart >= QUIET_WINDOW_NANOS) {
                    long work = jit.workNanos();
                    compiling = windowWork < 0 || work - windowWork > (now - windowStart) * QUIET_SHARE;
                    windowStart = now;
                    windowWork = work;
                }
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

    /** What every provider of the warm-up is besides how it sends: loopback, closed by the warm-up. */
    private abstract static class WarmupProvider implements Provider {
        static final String ID = "warmup:loopback";

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
        public void close() {
            // the clients are closed by the warm-up
        }
    }

    /** The runner phase's provider: the senders, round robin. */
    private static final class RoundRobin extends WarmupProvider {
        private final List<Provider> providers;
        private final AtomicInteger next = new AtomicInteger();

        RoundRobin(List<Provider> providers) {
            this.providers = List.copyOf(providers);
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            return providers
                    .get(Math.floorMod(next.getAndIncrement(), providers.size()))
                    .generate(request, sink);
        }
    }

    /**
     * Waits, within the budget, until the JIT compiler has worked less than {@value #QUIET_SHARE} of
     * 50 ms ({@link CompilerActivity}): the code just exercised is then compiled, and its compilation
     * does not compete with the first measured requests for the processors.
     */
    private static void settle(long end) throws InterruptedException {
        CompilerActivity jit = CompilerActivity.get();
        if (!jit.measurable()) {
            return;
        }
        long before = jit.workNanos();
        while (System.nanoTime() + SETTLE_STEP_NANOS < end) {
            TimeUnit.NANOSECONDS.sleep(SETTLE_STEP_NANOS);
            long now = jit.workNanos();
            if (now - before <= SETTLE_STEP_NANOS * QUIET_SHARE) {
                return;
            }
            before = now;
        }
    }

    private static final byte[] BODY =
            "{\"model\":\"w\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}"
                    .getBytes(StandardCharsets.UTF_8);

    private static InputStream resource(String name) throws IOException {
        InputStream in = HttpWarmup.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name);
        }
        return in;
    }

    private static StreamingHttp client(String base, SslContext tls) {
        URI uri = URI.create(base);
        return new StreamingHttp(
                new StreamSettings(uri, Duration.ofSeconds(5), Duration.ofSeconds(10), RetryPolicy.standard(0)),
                HttpFailures.of("warmup", uri, ""),
                tls);
    }

    /** A stand-in: one kind of stream on one of the warm-up's clients, with the warm-up's decoder. */
    private static final class Target extends WarmupProvider {
        final StreamingHttp http;
        final StreamingHttp.Target target;
        final Supplier<? extends StreamDecoder> decoders;

        Target(StreamingHttp http, String url, Supplier<? extends StreamDecoder> decoders) {
            this.http = http;
            this.target = http.target(URI.create(url), Map.of("Content-Type", "application/json"));
            this.decoders = decoders;
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            return http.stream(target, BODY, decoders, sink);
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
