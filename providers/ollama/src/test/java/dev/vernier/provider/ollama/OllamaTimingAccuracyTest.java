package dev.vernier.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.time.SystemClock;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The Ollama provider adds (almost) nothing to the server's schedule: eight streams at once through
 * the real runner, the simulator sending the first token after 200 ms and one every 20 ms after it.
 */
class OllamaTimingAccuracyTest {

    private static final int CONCURRENCY = 8;
    private static final int TOKENS = 32;
    private static final Duration TTFT = Duration.ofMillis(200);
    private static final Duration GAP = Duration.ofMillis(20);
    /** Rounds of 8 sent first and left out of the statistics: connection pool, JIT. */
    private static final int WARMUP_ROUNDS = 3;

    private static final int MEASURED_ROUNDS = 4;

    @Test
    void median_ttft_and_tpot_match_the_simulated_ollama_schedule_at_concurrency_8() throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults()
                .withTtft(TTFT)
                .withInterTokenDelay(GAP)
                .withTokens(TOKENS);
        try (StreamingSimulator simulator = new StreamingSimulator(config)) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.baseUrl())) {
                List<PlannedRequest> plan = new ArrayList<>();
                for (int round = 0; round < WARMUP_ROUNDS + MEASURED_ROUNDS; round++) {
                    boolean warmup = round < WARMUP_ROUNDS;
                    for (int i = 0; i < CONCURRENCY; i++) {
                        GenerationRequest request = new GenerationRequest(
                                "timing-" + plan.size(), "count to thirty two", null, 0.0, 2 * TOKENS, null);
                        plan.add(new PlannedRequest(
                                plan.size(), provider.id(), "timing", "count", round, warmup, request));
                    }
                }

                Runner runner = new Runner(SystemClock.instance(), CONCURRENCY, Duration.ofSeconds(10));
                List<Sample> measured =
                        runner.run(new RunPlan(plan), Map.of(provider.id(), provider), s -> {}).samples().stream()
                                .filter(s -> !s.warmup())
                                .toList();

                assertThat(measured).hasSize(CONCURRENCY * MEASURED_ROUNDS).allSatisfy(s -> {
                    assertThat(s.failure()).isNull();
                    assertThat(s.chunkNanos()).hasSize(TOKENS);
                    assertThat(s.outputTokens()).isEqualTo(TOKENS);
                    assertThat(s.providerStats()).containsKeys("eval_duration_ms", "total_duration_ms");
                });
                double ttftMs = median(measured, s -> s.ttftNanos() / 1e6);
                double tpotMs = median(measured, s -> s.tpotNanos() / 1e6);
                double serverEvalMs = median(measured, s -> s.providerStats().get("eval_duration_ms"));
                record(ttftMs, tpotMs, serverEvalMs);

                assertThat(ttftMs).as("median TTFT ms").isCloseTo(TTFT.toMillis(), within(5.0));
                assertThat(tpotMs).as("median TPOT ms").isCloseTo(GAP.toMillis(), within(2.0));
            }
        }
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> metric) {
        double[] values = samples.stream().mapToDouble(metric).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** Leaves the measured medians next to the surefire reports, for whoever tunes the machine. */
    private static void record(double ttftMs, double tpotMs, double serverEvalMs) throws Exception {
        Path dir = Path.of("target", "surefire-reports");
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("ollama-timing-medians.txt"),
                String.format(
                        Locale.ROOT,
                        "median TTFT %.3f ms (schedule %d), median TPOT %.3f ms (schedule %d), median server eval_duration %.3f ms%n",
                        ttftMs,
                        TTFT.toMillis(),
                        tpotMs,
                        GAP.toMillis(),
                        serverEvalMs));
    }
}
