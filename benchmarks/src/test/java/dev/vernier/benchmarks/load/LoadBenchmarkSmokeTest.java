package dev.vernier.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The load benchmark end to end at a low concurrency with few requests: a real simulator process,
 * the raw JDK client and Vernier's runner with the openai provider, real meters. It checks that both
 * sides completed every request without an error and measured something; the numbers themselves are
 * for the README, not for assertions.
 */
class LoadBenchmarkSmokeTest {

    private static final int REQUESTS = 200;

    @Test
    void both_clients_complete_every_request_and_report_positive_figures() throws Exception {
        LoadTable.Settings settings = new LoadTable.Settings(
                List.of(4), 64, c -> REQUESTS, c -> 50, 1, Duration.ZERO, Set.of("raw", "vernier"));

        List<LevelSummary> results = LoadTable.run(settings, line -> {});

        assertThat(results)
                .extracting(LevelSummary::client)
                .containsExactly("raw JDK HttpClient", "Vernier (Runner + openai)");
        assertThat(results).allSatisfy(r -> {
            assertThat(r.concurrency()).isEqualTo(4);
            assertThat(r.requests()).isEqualTo(REQUESTS);
            assertThat(r.errors()).as("errors, first: %s", r.firstError()).isZero();
            assertThat(r.rounds().get(0).counts().contentEvents()).isEqualTo(64L * REQUESTS);
            assertThat(r.requestsPerSecond()).isPositive();
            assertThat(r.cpuMsPerRequest()).isPositive();
            assertThat(r.simulatorCpuMsPerRequest()).isPositive();
            assertThat(r.peakHeapBytes()).isPositive();
            assertThat(r.liveHeapBytes()).isPositive();
            assertThat(r.peakRssBytes()).isPositive();
        });
        String table = LoadTable.markdown(results);
        assertThat(table)
                .contains("| 4 | raw JDK HttpClient | 200 | 0 |")
                .contains("| 4 | Vernier (Runner + openai) | 200 | 0 |");
        assertThat(table.lines()
                        .filter(l -> l.startsWith("| 4 | Vernier"))
                        .findFirst()
                        .orElseThrow())
                .matches(".*\\| \\d+\\.\\d\\d \\|.*"); // the Vernier / raw ratio
    }
}
