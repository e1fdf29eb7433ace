package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.time.SystemClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Requests sent one at a time through the real {@link Runner} on the system clock, for end-to-end
 * timing tests of a provider against a {@link StreamingSimulator}: warm-ups first (connection pool,
 * JIT), then the measured requests, whose samples are returned.
 */
public final class TimedRuns {

    private TimedRuns() {}

    /** The schedule of the reasoning timing tests: 100 ms to the first event, 10 ms apart, 16 answer tokens. */
    public static SimulatorConfig reasoningSchedule() {
        return SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(100))
                .withInterTokenDelay(Duration.ofMillis(10))
                .withTokens(16);
    }

    /**
     * Asserts that the medians of TTFT, time to first answer and TPOT are each within 1 ms of the
     * schedule's values, in ms ({@code tpotMs} NaN: TPOT must be undefined for every sample instead).
     */
    public static void assertOnSchedule(List<Sample> samples, double ttftMs, double firstAnswerMs, double tpotMs) {
        assertThat(medianMs(samples, Sample::ttftNanos))
                .as("TTFT, ns per request " + values(samples, Sample::ttftNanos))
                .isCloseTo(ttftMs, within(1.0));
        assertThat(medianMs(samples, Sample::firstAnswerNanos))
                .as("time to first answer, ns per request " + values(samples, Sample::firstAnswerNanos))
                .isCloseTo(firstAnswerMs, within(1.0));
        if (Double.isNaN(tpotMs)) {
            assertThat(samples)
                    .allSatisfy(s -> assertThat(s.tpotNanos()).as("TPOT").isEqualTo(-1));
        } else {
            assertThat(medianMs(samples, Sample::tpotNanos))
                    .as("TPOT, ns per request " + values(samples, Sample::tpotNanos))
                    .isCloseTo(tpotMs, within(1.0));
        }
    }

    /**
     * After the {@linkplain #jitWarmup JIT warm-up}, sends {@code warmups + measured} requests (prompt
     * "two plus two", max 256 tokens, temperature 0) sequentially and returns the measured samples, in
     * completion order.
     */
    public static List<Sample> measure(Provider provider, int warmups, int measured) throws InterruptedException {
        return measure(provider, warmups, measured, null);
    }

    /** As {@link #measure(Provider, int, int)}, every request asking for {@code schema} (null for none). */
    public static List<Sample> measure(Provider provider, int warmups, int measured, ResponseSchema schema)
            throws InterruptedException {
        List<PlannedRequest> requests = new ArrayList<>();
        for (int i = 0; i < warmups + measured; i++) {
            boolean warm = i < warmups;
            GenerationRequest request =
                    new GenerationRequest("t" + i, "two plus two", null, 0.0, 256, null).withResponseSchema(schema);
            requests.add(new PlannedRequest(i, provider.id(), "timing", "p", i, warm, request));
        }
        jitWarmup(provider, schema);
        Runner runner = new Runner(SystemClock.instance(), 1, Duration.ofSeconds(20));
        Runner.Outcome outcome = runner.run(new RunPlan(requests), Map.of(provider.id(), provider), s -> {});
        return outcome.samples().stream().filter(s -> !s.warmup()).toList();
    }

    /**
     * Compiles the measuring path before anything is timed: {@value #JIT_WARMUP_REQUESTS} requests, {@value
     * #JIT_WARMUP_CONCURRENCY} at a time, through the provider's decoder, the transport and the runner.
     * Without it the first few hundred requests of a fresh JVM run partly interpreted and measured TTFT
     * 0.5 to 1.3 ms over the schedule here; after it, about 0.4 ms (a CLI or Maven run gets the same
     * from its harness warm-up, docs/transport.md).
     */
    static void jitWarmup(Provider provider, ResponseSchema schema) throws InterruptedException {
        List<PlannedRequest> requests = new ArrayList<>();
        for (int i = 0; i < JIT_WARMUP_REQUESTS; i++) {
            GenerationRequest request =
                    new GenerationRequest("j" + i, "two plus two", null, 0.0, 256, null).withResponseSchema(schema);
            requests.add(new PlannedRequest(i, provider.id(), "jit", "p", i, true, request));
        }
        new Runner(SystemClock.instance(), JIT_WARMUP_CONCURRENCY, Duration.ofSeconds(20))
                .run(new RunPlan(requests), Map.of(provider.id(), provider), s -> {});
    }

    static final int JIT_WARMUP_REQUESTS = 384;
    static final int JIT_WARMUP_CONCURRENCY = 64;

    /**
     * Sends {@code warmups + measured} three-turn conversations ("two plus two", then "and three?", then
     * "and four?", max 256 tokens, temperature 0) one after another and returns the measured turns, in
     * completion order.
     */
    public static List<Sample> measureConversations(Provider provider, int warmups, int measured)
            throws InterruptedException {
        List<PlannedRequest> requests = new ArrayList<>();
        for (int i = 0; i < warmups + measured; i++) {
            GenerationRequest request = new GenerationRequest("t" + i, "two plus two", null, 0.0, 256, null);
            requests.add(new PlannedRequest(
                    i, provider.id(), "chat", "p", i, i < warmups, request, List.of("and three?", "and four?")));
        }
        jitWarmup(provider, null);
        Runner runner = new Runner(SystemClock.instance(), 1, Duration.ofSeconds(20));
        Runner.Outcome outcome = runner.run(new RunPlan(requests), Map.of(provider.id(), provider), s -> {});
        return outcome.samples().stream().filter(s -> !s.warmup()).toList();
    }

    /**
     * Asserts that every turn of the conversations of {@link #measureConversations} succeeded, that each
     * turn's median TTFT and TPOT are within 1 ms of the schedule, and that the input tokens the vendor
     * reported grow with the history in every conversation (each turn carries the earlier ones).
     */
    public static void assertConversationsOnSchedule(List<Sample> turns, double ttftMs, double tpotMs) {
        assertThat(turns).allSatisfy(s -> {
            assertThat(s.failure()).isNull();
            assertThat(s.turn()).isNotNull();
        });
        for (int index = 0; index < 3; index++) {
            int i = index;
            List<Sample> at = turns.stream().filter(s -> s.turn().index() == i).toList();
            assertThat(at).as("turn " + i).isNotEmpty();
            try {
                assertOnSchedule(at, ttftMs, ttftMs, tpotMs);
            } catch (AssertionError e) {
                throw new AssertionError("turn " + i + ": " + e.getMessage(), e);
            }
        }
        Map<String, List<Long>> input = new TreeMap<>();
        for (Sample s : turns) {
            input.computeIfAbsent(s.turn().conversationId(), k -> new ArrayList<>(List.of(-1L, -1L, -1L)))
                    .set(s.turn().index(), s.tokens().input());
        }
        assertThat(input.values())
                .allSatisfy(perTurn -> assertThat(perTurn)
                        .as("input tokens per turn")
                        .isSorted()
                        .doesNotHaveDuplicates()
                        .allMatch(t -> t > 0));
    }

    /** The median of a figure over the samples. */
    public static double median(List<Sample> samples, ToDoubleFunction<Sample> figure) {
        double[] v = samples.stream().mapToDouble(figure).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** {@link #median} of a nanosecond figure, in milliseconds. */
    public static double medianMs(List<Sample> samples, ToDoubleFunction<Sample> nanos) {
        return median(samples, s -> nanos.applyAsDouble(s) / 1e6);
    }

    /** For messages: the figure's values in order. */
    public static String values(List<Sample> samples, ToDoubleFunction<Sample> figure) {
        return Arrays.toString(samples.stream().mapToDouble(figure).toArray());
    }
}
