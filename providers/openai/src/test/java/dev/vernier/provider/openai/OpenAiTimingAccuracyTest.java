package dev.vernier.provider.openai;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The provider adds (almost) nothing to what the server's timing is: measured through the real runner. */
class OpenAiTimingAccuracyTest {

    private static final int CONCURRENCY = 8;
    private static final int ROUNDS = 4;
    private static final int WARMUP_ROUNDS = 3;

    @Test
    void median_ttft_and_tpot_match_the_servers_schedule_at_concurrency_8() throws Exception {
        SimulatorConfig config = SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(200))
                .withInterTokenDelay(Duration.ofMillis(20))
                .withTokens(32);
        try (StreamingSimulator simulator = new StreamingSimulator(config);
                Provider provider = providerFor(simulator)) {
            List<PlannedRequest> requests = new ArrayList<>();
            // warm-ups (excluded from statistics) fill the connection pool and warm the JIT
            for (int i = 0; i < WARMUP_ROUNDS * CONCURRENCY; i++) {
                requests.add(planned(requests.size(), provider.id(), i, true));
            }
            for (int r = 0; r < ROUNDS; r++) {
                for (int i = 0; i < CONCURRENCY; i++) {
                    requests.add(planned(requests.size(), provider.id(), r, false));
                }
            }

            Runner runner = new Runner(SystemClock.instance(), CONCURRENCY, Duration.ofSeconds(10));
            Runner.Outcome outcome = runner.run(new RunPlan(requests), Map.of(provider.id(), provider), s -> {});

            List<Sample> measured =
                    outcome.samples().stream().filter(s -> !s.warmup()).toList();
            assertThat(measured).hasSize(CONCURRENCY * ROUNDS);
            assertThat(measured).allSatisfy(s -> {
                assertThat(s.failure()).isNull();
                assertThat(s.chunkNanos()).hasSize(32);
                assertThat(s.outputTokens()).isEqualTo(32);
            });
            double ttftMs = median(
                    measured.stream().mapToDouble(s -> s.ttftNanos() / 1e6).toArray());
            double tpotMs = median(
                    measured.stream().mapToDouble(s -> s.tpotNanos() / 1e6).toArray());
            // what is left over 200 ms is loopback HTTP (request to handler, chunk to sink) and 8 streams
            // sharing this machine's cores; about 2 to 4 ms on a 2-core VM
            assertThat(ttftMs).as("median TTFT ms").isCloseTo(200.0, within(5.0));
            assertThat(tpotMs).as("median TPOT ms").isCloseTo(20.0, within(2.0));
        }
    }

    private static Provider providerFor(StreamingSimulator simulator) throws Exception {
        simulator.start();
        return Providers.local(simulator.openAiBaseUrl());
    }

    private static PlannedRequest planned(int seq, String providerId, int repeat, boolean warmup) {
        GenerationRequest request = new GenerationRequest("t" + seq, "count to thirty two", null, 0.0, 64, null);
        return new PlannedRequest(seq, providerId, "timing", "p", repeat, warmup, request);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
