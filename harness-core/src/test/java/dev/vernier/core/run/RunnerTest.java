package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.ScriptedProvider;
import dev.vernier.core.testing.TestSuites;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class RunnerTest {

    private final FakeClock clock = new FakeClock();

    private static Suite suite(int cases, int prompts, int repeats, int warmup) {
        List<TestCase> caseList = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            caseList.add(new TestCase("c" + i, "", Map.of("x", "value" + i)));
        }
        List<PromptTemplate> promptList = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            promptList.add(new PromptTemplate("p" + i, "prompt " + i + " {{x}}", null));
        }
        return TestSuites.of(promptList, caseList, 8, repeats, warmup, 1, Duration.ofSeconds(5));
    }

    private static List<Sample> collect(List<Sample> into) {
        return into;
    }

    @Test
    void expands_case_by_prompt_by_provider_by_repeat_with_warmups_first() {
        RunPlan plan = RunPlan.expand(suite(2, 2, 3, 2), List.of("a", "b"));

        assertThat(plan.requests()).hasSize(2 * (2 + 2 * 2 * 3));
        assertThat(plan.measuredCount()).isEqualTo(24);
        assertThat(plan.byProvider().keySet()).containsExactly("a", "b");
        List<Boolean> warmupFlagsOfA =
                plan.byProvider().get("a").stream().map(r -> r.warmup()).toList();
        assertThat(warmupFlagsOfA.subList(0, 2)).containsOnly(true);
        assertThat(warmupFlagsOfA.subList(2, 14)).containsOnly(false);
        assertThat(plan.byProvider().get("b").stream()
                        .filter(r -> !r.warmup())
                        .map(r -> r.caseId() + "/" + r.promptId() + "/" + r.repeat())
                        .distinct())
                .hasSize(12);
        assertThat(plan.requests().get(3).request().prompt()).isEqualTo("prompt 1 value0");
        assertThat(plan.requests()).extracting(r -> r.seq()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void measures_ttft_e2e_tpot_and_itl_with_the_injected_clock() throws Exception {
        Provider scripted = new ScriptedProvider(
                "fake", clock, Duration.ofMillis(100), Duration.ofMillis(10), List.of("a", "b", "c", "d", "e"));
        RunPlan plan = RunPlan.expand(suite(1, 1, 1, 0), List.of("fake"));
        List<Sample> seen = new ArrayList<>();

        Runner.Outcome outcome =
                new Runner(clock, 1, Duration.ofSeconds(5)).run(plan, Map.of("fake", scripted), seen::add);

        Sample s = outcome.samples().get(0);
        assertThat(seen).containsExactly(s);
        assertThat(s.text()).isEqualTo("abcde");
        assertThat(s.ttftNanos()).isEqualTo(100_000_000L);
        assertThat(s.e2eNanos()).isEqualTo(140_000_000L);
        assertThat(s.tpotNanos()).isEqualTo(10_000_000.0);
        assertThat(s.itlNanos()).containsExactly(10_000_000L, 10_000_000L, 10_000_000L, 10_000_000L);
        assertThat(s.decodeTokensPerSecond()).isCloseTo(100.0, within(1e-9));
        assertThat(s.failure()).isNull();
        assertThat(outcome.windowNanos()).containsEntry("fake", 140_000_000L);
    }

    @Test
    void excludes_warmups_from_statistics_and_the_window() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        // The first two requests (warm-ups) are slow: 1 s to first token; measured ones take 50 ms.
        Provider provider = new FunctionProvider(request -> {
            boolean warm = calls.getAndIncrement() < 2;
            return sink -> {
                clock.advance(Duration.ofMillis(warm ? 1000 : 50));
                sink.onChunk("x", 1);
                return Completion.success(FinishReason.STOP, TokenCounts.of(1, 1, CountSource.LOCAL_TOKENIZER));
            };
        });
        RunPlan plan = RunPlan.expand(suite(1, 1, 3, 2), List.of("p"));

        Runner.Outcome outcome = new Runner(clock, 1, Duration.ofSeconds(5)).run(plan, Map.of("p", provider), s -> {});

        assertThat(outcome.samples()).hasSize(5);
        assertThat(outcome.samples()).filteredOn(Sample::warmup).hasSize(2);
        Summary summary =
                Summary.of("p", outcome.samples(), outcome.windowNanos().get("p"));
        assertThat(summary.requests()).isEqualTo(3);
        assertThat(summary.ttftMs().max()).isCloseTo(50.0, within(0.1));
        assertThat(outcome.windowNanos().get("p")).isEqualTo(150_000_000L);
    }

    @Test
    void never_has_more_than_the_concurrency_limit_in_flight() throws Exception {
        int limit = 3;
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        BlockingQueue<CompletableFuture<Completion>> pending = new LinkedBlockingQueue<>();
        Provider provider = new HeldProvider(inFlight, maxInFlight, pending);
        RunPlan plan = RunPlan.expand(suite(4, 1, 5, 0), List.of("held"));
        AtomicReference<Runner.Outcome> result = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                result.set(
                        new Runner(clock, limit, Duration.ofSeconds(60)).run(plan, Map.of("held", provider), s -> {}));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();

        int completed = 0;
        while (completed < 20) {
            CompletableFuture<Completion> next = pending.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("a request should be pending").isNotNull();
            Thread.sleep(2); // give the runner a chance to over-dispatch if it would
            assertThat(inFlight.get()).isLessThanOrEqualTo(limit);
            inFlight.decrementAndGet();
            next.complete(Completion.success(FinishReason.STOP, TokenCounts.UNKNOWN));
            completed++;
        }
        runner.join(5000);

        assertThat(result.get().samples()).hasSize(20);
        assertThat(maxInFlight.get()).isEqualTo(limit);
    }

    @Test
    void records_a_timeout_as_a_failure_sample_and_ignores_late_chunks() throws Exception {
        AtomicReference<TokenSink> sinkRef = new AtomicReference<>();
        CompletableFuture<Completion> never = new CompletableFuture<>();
        Provider stalled = new FunctionProvider(request -> sink -> null) {
            @Override
            public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                sink.onChunk("partial", 1);
                sinkRef.set(sink); // after the chunk, so the test's clock moves only once it arrived
                return never;
            }
        };
        RunPlan plan = RunPlan.expand(suite(1, 1, 1, 0), List.of("slow"));
        AtomicReference<Runner.Outcome> result = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                result.set(new Runner(clock, 1, Duration.ofMillis(750)).run(plan, Map.of("slow", stalled), s -> {}));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        while (sinkRef.get() == null || clock.pendingTasks() == 0) {
            Thread.sleep(1);
        }

        clock.advance(Duration.ofMillis(749));
        assertThat(sinkRef.get().cancelled()).isFalse();
        clock.advance(Duration.ofMillis(1));
        runner.join(5000);
        sinkRef.get().onChunk("late", 1);
        never.complete(Completion.success(FinishReason.STOP, TokenCounts.UNKNOWN));

        Sample s = result.get().samples().get(0);
        assertThat(s.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(s.failure().message()).isEqualTo("no complete response within 750 ms");
        assertThat(s.finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(s.text()).isEqualTo("partial");
        assertThat(s.endNanos()).isEqualTo(750_000_000L);
        assertThat(sinkRef.get().cancelled()).isTrue();
        assertThat(result.get().samples()).hasSize(1);
    }

    @Test
    void times_a_retried_request_from_its_successful_attempt_and_keeps_the_first_send_as_intended() throws Exception {
        Provider retrying = new FunctionProvider(request -> sink -> {
            clock.advance(Duration.ofMillis(700)); // attempt 1 fails after 700 ms, then backoff
            sink.attemptStarted(2);
            clock.advance(Duration.ofMillis(100));
            sink.onChunk("a", 1);
            clock.advance(Duration.ofMillis(10));
            sink.onChunk("b", 1);
            return new Completion(FinishReason.STOP, TokenCounts.of(1, 2, CountSource.SERVER_USAGE), null, 2, Map.of());
        });
        RunPlan plan = RunPlan.expand(suite(1, 1, 1, 0), List.of("r"));

        Sample s = new Runner(clock, 1, Duration.ofSeconds(5))
                .run(plan, Map.of("r", retrying), x -> {})
                .samples()
                .get(0);

        assertThat(s.attempts()).isEqualTo(2);
        assertThat(s.ttftNanos()).isEqualTo(100_000_000L);
        assertThat(s.e2eNanos()).isEqualTo(110_000_000L);
        assertThat(s.queueNanos())
                .as("t_send - t_intended: the failed attempt and its backoff")
                .isEqualTo(700_000_000L);
    }

    @Test
    void applies_each_providers_own_timeout() throws Exception {
        Provider silent = new FunctionProvider(request -> sink -> null) {
            @Override
            public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                return new CompletableFuture<>();
            }
        };
        RunPlan plan = RunPlan.expand(suite(1, 1, 1, 0), List.of("patient", "hasty"));
        Runner runner = new Runner(clock, 1, Duration.ofSeconds(10), Map.of("hasty", Duration.ofSeconds(2)));
        AtomicReference<Runner.Outcome> result = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(runner.run(plan, Map.of("patient", silent, "hasty", silent), s -> {}));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.start();
        for (int step = 0; step < 200 && thread.isAlive(); step++) {
            while (clock.pendingTasks() == 0 && thread.isAlive()) {
                Thread.sleep(1);
            }
            clock.advance(Duration.ofMillis(500));
        }
        thread.join(5000);

        assertThat(runner.timeoutFor("hasty")).isEqualTo(Duration.ofSeconds(2));
        assertThat(result.get().samples())
                .extracting(s -> s.providerId() + " " + s.failure().message())
                .containsExactly(
                        "patient no complete response within 10000 ms", "hasty no complete response within 2000 ms");
        assertThat(result.get().samples())
                .extracting(Sample::endNanos)
                .containsExactly(10_000_000_000L, 2_000_000_000L);
    }

    @Test
    void turns_a_thrown_exception_into_a_failure_sample_and_carries_on() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Provider flaky = new FunctionProvider(request -> sink -> {
            int n = calls.getAndIncrement();
            if (n == 0) {
                throw new IllegalStateException("boom");
            }
            sink.onChunk("ok", 1);
            return Completion.success(FinishReason.STOP, TokenCounts.UNKNOWN);
        });
        Provider failingStage = new FunctionProvider(request -> sink -> null) {
            @Override
            public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                return CompletableFuture.failedFuture(new IOException("socket closed"));
            }
        };
        RunPlan plan = RunPlan.expand(suite(2, 1, 1, 0), List.of("flaky", "stage"));
        List<Sample> seen = Collections.synchronizedList(new ArrayList<>());

        Runner.Outcome outcome = new Runner(clock, 2, Duration.ofSeconds(5))
                .run(plan, Map.of("flaky", flaky, "stage", failingStage), seen::add);

        assertThat(outcome.samples()).hasSize(4);
        assertThat(collect(seen)).hasSize(4);
        List<Sample> flakySamples = outcome.samples().stream()
                .filter(s -> s.providerId().equals("flaky"))
                .toList();
        assertThat(flakySamples).filteredOn(s -> !s.succeeded()).singleElement().satisfies(s -> {
            assertThat(s.failure().kind()).isEqualTo(FailureKind.PROVIDER_ERROR);
            assertThat(s.failure().message()).isEqualTo("IllegalStateException: boom");
        });
        assertThat(flakySamples)
                .filteredOn(Sample::succeeded)
                .singleElement()
                .extracting(Sample::text)
                .isEqualTo("ok");
        assertThat(outcome.samples())
                .filteredOn(s -> s.providerId().equals("stage"))
                .allSatisfy(s -> assertThat(s.failure().message()).isEqualTo("IOException: socket closed"));
    }

    /** Answers synchronously using a function of the request. */
    private static class FunctionProvider implements Provider {
        private final Function<GenerationRequest, Function<TokenSink, Completion>> behaviour;

        FunctionProvider(Function<GenerationRequest, Function<TokenSink, Completion>> behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public String id() {
            return "function";
        }

        @Override
        public AccessMode accessMode() {
            return AccessMode.IN_PROCESS;
        }

        @Override
        public ModelFacts describe() {
            return new ModelFacts("f", null, null, null, null, DataDestination.THIS_MACHINE, null);
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            return CompletableFuture.completedFuture(behaviour.apply(request).apply(sink));
        }
    }

    /** Returns futures the test completes, counting requests in flight. */
    private static final class HeldProvider extends FunctionProvider {
        private final AtomicInteger inFlight;
        private final AtomicInteger maxInFlight;
        private final BlockingQueue<CompletableFuture<Completion>> pending;

        HeldProvider(
                AtomicInteger inFlight,
                AtomicInteger maxInFlight,
                BlockingQueue<CompletableFuture<Completion>> pending) {
            super(r -> s -> null);
            this.inFlight = inFlight;
            this.maxInFlight = maxInFlight;
            this.pending = pending;
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            CompletableFuture<Completion> future = new CompletableFuture<>();
            pending.add(future);
            return future;
        }
    }
}
