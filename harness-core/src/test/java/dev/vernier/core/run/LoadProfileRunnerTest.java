package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.load.Arrivals;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.load.StopRule;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.TestSuites;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Load profiles on a fake clock: each time the runner's dispatching thread is parked, a driver moves
 * time to the next scheduled event, so every send time is exact.
 */
@Timeout(30)
class LoadProfileRunnerTest {

    private final FakeClock clock = new FakeClock();

    private static RunPlan plan(int cases) {
        List<TestCase> list = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            list.add(new TestCase("c" + i, "", Map.of()));
        }
        Suite suite =
                TestSuites.of(List.of(new PromptTemplate("p", "hi", null)), list, 8, 1, 0, 1, Duration.ofSeconds(60));
        return RunPlan.expand(suite, List.of("p"));
    }

    private static LoadProfile profile(
            List<LoadStep> steps, long requests, Duration duration, Duration warmup, Duration coolDown, StopRule stop) {
        return new LoadProfile(steps, requests, duration, warmup, coolDown, stop, 1);
    }

    /** Runs on a second thread while this one drives the fake clock. */
    private Runner.Outcome drive(LoadProfile load, RunPlan plan, Provider provider) throws Exception {
        AtomicReference<Runner.Outcome> out = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                out.set(new Runner(clock, load, Duration.ofSeconds(60), Map.of())
                        .run(plan, Map.of("p", provider), s -> {}));
            } catch (Throwable e) {
                error.set(e);
            }
        });
        runner.start();
        while (runner.isAlive()) {
            awaitParked(runner);
            if (runner.isAlive()) {
                long next = clock.nextDueNanos();
                clock.advance(Duration.ofNanos(next < 0 ? 1_000_000 : Math.max(0, next - clock.nanoTime())));
            }
        }
        if (error.get() != null) {
            throw new AssertionError(error.get());
        }
        return out.get();
    }

    /**
     * Waits until the runner's thread waits where only time or a completion can move it on: in a pause
     * on the clock, for a slot, or for its requests to complete. A thread that waits anywhere else (a
     * class being loaded or initialised by another thread, a lock) is not yet waiting on the clock.
     */
    private static void awaitParked(Thread t) throws InterruptedException {
        int stable = 0;
        while (t.isAlive() && stable < 5) {
            Thread.State s = t.getState();
            boolean waiting = (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) && waitsOnTheRun(t);
            stable = waiting ? stable + 1 : 0;
            Thread.sleep(0, 50_000);
        }
    }

    private static boolean waitsOnTheRun(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        for (int i = 1; i < stack.length; i++) {
            if (stack[i].getClassName().startsWith(Runner.class.getName())) {
                // the runner's own waits: a latch (a pause on the clock, warm-ups, its completion
                // thread), a slot, or its step's lock; anything else (a class being loaded, a lock
                // inside a library) is not a wait on the clock
                String callee = stack[i - 1].getClassName() + "." + stack[i - 1].getMethodName();
                return callee.equals("java.util.concurrent.CountDownLatch.await")
                        || callee.equals("java.util.concurrent.Semaphore.acquire")
                        || callee.equals("java.lang.Object.wait");
            }
        }
        return false;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Test
    void open_loop_sends_at_the_intended_rate_whatever_the_responses_take() throws Exception {
        LoadProfile load = profile(List.of(new LoadStep.Open(10, Arrivals.CONSTANT, 0)), 5, null, null, null, null);

        Runner.Outcome o = drive(load, plan(5), new DelayedProvider(clock, i -> 250, i -> false));

        assertThat(o.samples()).hasSize(5).allMatch(s -> s.queueNanos() == 0);
        assertThat(o.samples().stream()
                        .mapToDouble(s -> ms(s.sendNanos()))
                        .sorted()
                        .toArray())
                .containsExactly(0, 100, 200, 300, 400);
        assertThat(o.samples()).allMatch(s -> s.ttftNanos() == 250_000_000L);
        assertThat(o.steps()).singleElement().satisfies(st -> {
            assertThat(st.sent()).isEqualTo(5);
            assertThat(st.windowNanos()).isEqualTo(650_000_000L);
            assertThat(st.stopReason()).isNull();
        });
    }

    @Test
    void a_stall_behind_an_in_flight_cap_shows_in_latency_from_the_intended_time() throws Exception {
        // 10 req/s, at most 1 in flight; request 2 stalls for 2 s, the rest answer in 10 ms. Requests 3..9
        // were due at 300..900 ms but could only be sent after the stall: from t_send they look fast.
        LoadProfile load = profile(List.of(new LoadStep.Open(10, Arrivals.CONSTANT, 1)), 10, null, null, null, null);

        Runner.Outcome o = drive(load, plan(10), new DelayedProvider(clock, i -> i == 2 ? 2000 : 10, i -> false));

        Summary s = Summary.of("p", o.samples(), o.windowNanos().get("p"));
        assertThat(s.ttftMs().p50()).isCloseTo(10, within(0.1));
        // from t_intended: 10, 10, 2000 (the stalled one), then 1910, 1820, ..., 1370 for requests 3..9
        assertThat(s.ttftFromIntendedMs().p50()).isCloseTo(1550, within(5.0));
        assertThat(s.ttftFromIntendedMs().max()).isCloseTo(2000, within(5.0));
        assertThat(s.queueMs().max()).isCloseTo(1900, within(5.0));
        Sample third = o.samples().stream()
                .filter(x -> x.caseId().equals("c3"))
                .findFirst()
                .orElseThrow();
        assertThat(ms(third.intendedNanos())).isEqualTo(300);
        assertThat(ms(third.sendNanos())).isEqualTo(2200);
        assertThat(ms(third.ttftFromIntendedNanos())).isEqualTo(1910);
    }

    @Test
    void closed_loop_hides_the_stall_that_open_loop_reveals() throws Exception {
        LoadProfile closed = profile(List.of(new LoadStep.Closed(1)), 10, null, null, null, null);

        Runner.Outcome o = drive(closed, plan(10), new DelayedProvider(clock, i -> i == 2 ? 2000 : 10, i -> false));

        Summary s = Summary.of("p", o.samples(), o.windowNanos().get("p"));
        assertThat(s.ttftFromIntendedMs().p50()).isCloseTo(10, within(0.1));
        assertThat(s.queueMs().max()).isZero();
    }

    @Test
    void a_sweep_runs_each_step_in_turn_after_a_cool_down_and_tags_its_samples() throws Exception {
        LoadProfile load = profile(
                List.of(new LoadStep.Closed(1), new LoadStep.Closed(2)), 4, null, null, Duration.ofSeconds(1), null);

        Runner.Outcome o = drive(load, plan(2), new DelayedProvider(clock, i -> 100, i -> false));

        assertThat(o.steps()).extracting(StepRun::label).containsExactly("concurrency 1", "concurrency 2");
        assertThat(o.steps()).extracting(StepRun::windowNanos).containsExactly(400_000_000L, 200_000_000L);
        assertThat(o.samples())
                .filteredOn(s -> s.step() == 1)
                .hasSize(4)
                .allMatch(s -> s.sendNanos() >= 1_400_000_000L);
        assertThat(o.samples()).filteredOn(s -> s.step() == 0).hasSize(4);
        assertThat(o.samples()).extracting(Sample::seq).doesNotHaveDuplicates();
        assertThat(o.samples())
                .filteredOn(s -> s.step() == 1)
                .extracting(Sample::repeat)
                .containsExactlyInAnyOrder(0, 0, 1, 1);
        assertThat(o.windowNanos()).containsEntry("p", 600_000_000L);
    }

    @Test
    void a_duration_bound_stops_sending_when_time_is_up() throws Exception {
        LoadProfile load = profile(List.of(new LoadStep.Closed(1)), 0, Duration.ofSeconds(1), null, null, null);

        Runner.Outcome o = drive(load, plan(3), new DelayedProvider(clock, i -> 300, i -> false));

        assertThat(o.samples().stream()
                        .mapToDouble(s -> ms(s.sendNanos()))
                        .sorted()
                        .toArray())
                .containsExactly(0, 300, 600, 900);
        assertThat(o.samples()).extracting(Sample::caseId).containsExactly("c0", "c1", "c2", "c0");
    }

    @Test
    void requests_sent_during_the_warm_up_period_are_flagged_and_excluded() throws Exception {
        LoadProfile load = profile(
                List.of(new LoadStep.Open(10, Arrivals.CONSTANT, 0)), 10, null, Duration.ofMillis(250), null, null);

        Runner.Outcome o = drive(load, plan(10), new DelayedProvider(clock, i -> 50, i -> false));

        assertThat(o.samples())
                .filteredOn(Sample::warmup)
                .extracting(s -> ms(s.intendedNanos()))
                .containsExactlyInAnyOrder(0.0, 100.0, 200.0);
        assertThat(o.steps().get(0).windowNanos()).isEqualTo(650_000_000L); // 300 ms .. 950 ms
    }

    @Test
    void a_breached_stop_rule_ends_the_step_early_says_why_and_ends_the_sweep() throws Exception {
        LoadProfile load = profile(
                List.of(new LoadStep.Closed(1), new LoadStep.Closed(4)),
                20,
                null,
                null,
                null,
                new StopRule(0.5, Double.NaN, 3));

        Runner.Outcome o = drive(load, plan(2), new DelayedProvider(clock, i -> 10, i -> true));

        assertThat(o.steps()).singleElement().satisfies(st -> {
            assertThat(st.sent()).isEqualTo(3);
            assertThat(st.stopReason()).isEqualTo("stopped early: error rate 1.000 > 0.5 after 3 requests");
        });
        assertThat(o.samples()).hasSize(3);
    }

    @Test
    void p95_ttft_stop_rule_ends_a_step_when_latency_climbs() throws Exception {
        LoadProfile load =
                profile(List.of(new LoadStep.Closed(1)), 50, null, null, null, new StopRule(Double.NaN, 110, 5));

        Runner.Outcome o = drive(load, plan(1), new DelayedProvider(clock, i -> 20 + 20 * i, i -> false));

        // TTFTs 20, 40, 60, ...: after 5 requests p95 = 100 (not above 110); the 6th (120 ms) breaches it
        assertThat(o.steps().get(0).sent()).isEqualTo(6);
        assertThat(o.steps().get(0).stopReason())
                .startsWith("stopped early: p95 TTFT 12")
                .endsWith(" ms > 110 ms after 6 requests");
    }

    @Test
    void poisson_arrivals_have_the_requested_mean_and_spread_and_are_repeatable() {
        Random a = new Random(7);
        Random b = new Random(7);
        double sum = 0;
        double sumSq = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            long gap = Arrivals.POISSON.gapNanos(5, a);
            assertThat(gap).isEqualTo(Arrivals.POISSON.gapNanos(5, b));
            sum += gap / 1e9;
            sumSq += (gap / 1e9) * (gap / 1e9);
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSq / n - mean * mean);
        assertThat(mean).isCloseTo(0.2, within(0.002));
        assertThat(sd / mean).isCloseTo(1.0, within(0.02)); // exponential: coefficient of variation 1
        assertThat(Arrivals.CONSTANT.gapNanos(4, a)).isEqualTo(250_000_000L);
    }

    /** Answers each request after a delay on the fake clock: one chunk, then success or failure. */
    private static final class DelayedProvider implements Provider {
        private final FakeClock clock;
        private final IntFunction<Integer> delayMs;
        private final IntFunction<Boolean> fail;
        private final AtomicInteger calls = new AtomicInteger();

        DelayedProvider(FakeClock clock, IntFunction<Integer> delayMs, IntFunction<Boolean> fail) {
            this.clock = clock;
            this.delayMs = delayMs;
            this.fail = fail;
        }

        @Override
        public String id() {
            return "p";
        }

        @Override
        public AccessMode accessMode() {
            return AccessMode.SELF_HOSTED_SERVER;
        }

        @Override
        public ModelFacts describe() {
            return new ModelFacts("delayed", true, "MIT", 0L, null, DataDestination.THIS_MACHINE, "test double");
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            int i = calls.getAndIncrement();
            CompletableFuture<Completion> f = new CompletableFuture<>();
            clock.schedule(Duration.ofMillis(delayMs.apply(i)), () -> {
                if (fail.apply(i)) {
                    f.complete(Completion.failed(new Failure(FailureKind.PROVIDER_ERROR, 500, false, "boom")));
                } else {
                    sink.onChunk("x", 1);
                    f.complete(
                            Completion.success(FinishReason.STOP, TokenCounts.of(1, 1, CountSource.LOCAL_TOKENIZER)));
                }
            });
            return f;
        }
    }
}
