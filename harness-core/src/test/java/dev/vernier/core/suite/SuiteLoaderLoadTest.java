package dev.vernier.core.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.load.Arrivals;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.testing.FakeProviderFactory;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The suite's {@code load:} and {@code slo:} sections. */
class SuiteLoaderLoadTest {

    private static final Path FILE = Path.of("suites/load.yaml");
    private static final String HEAD = "prompts: [\"hi\"]\nproviders: [{type: test-fake}]\n";
    private final SuiteLoader loader = new SuiteLoader(ProviderRegistry.of(List.of(new FakeProviderFactory())));

    private Suite parse(String yaml) {
        return loader.parse(FILE, new StringReader(HEAD + yaml));
    }

    private void assertRejected(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(SuiteException.class).hasMessage(message);
    }

    @Test
    void without_a_load_section_the_suite_is_one_closed_loop_step_at_its_concurrency() {
        Suite s = parse("concurrency: 3\n");
        assertThat(s.load().steps()).containsExactly(new LoadStep.Closed(3));
        assertThat(s.load().requestsPerStep()).isZero();
        assertThat(s.slo()).isEqualTo(Slo.NONE);
    }

    @Test
    void reads_a_concurrency_sweep_with_bounds_warm_up_cool_down_and_stop_rule() {
        Suite s = parse("""
                load:
                  concurrency: [1, 4, 16]
                  requests: 200
                  warmup_s: 2
                  cool_down_s: 0.5
                  stop_when: {error_rate: 0.1, p95_ttft_ms: 3000}
                slo: {ttft_ms: 500, e2e_ms: 4000}
                """);
        assertThat(s.load().steps())
                .containsExactly(new LoadStep.Closed(1), new LoadStep.Closed(4), new LoadStep.Closed(16));
        assertThat(s.load().requestsPerStep()).isEqualTo(200);
        assertThat(s.load().warmupPerStep()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.load().coolDown()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.load().stop().maxErrorRate()).isEqualTo(0.1);
        assertThat(s.load().stop().maxP95TtftMs()).isEqualTo(3000);
        assertThat(s.load().stop().minRequests()).isEqualTo(10);
        assertThat(s.concurrency()).isEqualTo(1);
        assertThat(s.slo().ttftMs()).isEqualTo(500);
        assertThat(s.slo().e2eMs()).isEqualTo(4000);
        assertThat(s.slo().tpotMs()).isNaN();
    }

    @Test
    void reads_an_open_loop_poisson_rate_with_an_in_flight_cap_and_a_duration() {
        Suite s = parse("""
                load:
                  rate: 2.5
                  arrivals: poisson
                  max_in_flight: 64
                  duration_s: 30
                """);
        assertThat(s.load().steps()).containsExactly(new LoadStep.Open(2.5, Arrivals.POISSON, 64));
        assertThat(s.load().durationPerStep()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.load().steps().get(0).label()).isEqualTo("2.50 req/s poisson (max 64 in flight)");
    }

    @Test
    void rejects_a_load_section_with_both_concurrency_and_rate() {
        assertRejected(
                "load:\n  concurrency: 2\n  rate: 4\n",
                "suites/load.yaml:4:3: 'load' needs exactly one of "
                        + "'concurrency' (closed loop: N requests in flight) or 'rate' (open loop: requests per second); "
                        + "either may be a list for a sweep, e.g. 'concurrency: [1, 4, 16]'.");
    }

    @Test
    void rejects_top_level_concurrency_beside_a_load_section() {
        assertRejected(
                "concurrency: 2\nload: {rate: 4}\n",
                "suites/load.yaml:3:1: 'concurrency' and 'load' both set "
                        + "the load. Fix: move the value to 'load: {concurrency: 2}' and remove this line.");
    }

    @Test
    void rejects_an_open_loop_option_on_a_closed_loop() {
        assertRejected(
                "load:\n  concurrency: 2\n  arrivals: poisson\n",
                "suites/load.yaml:5:3: 'arrivals' applies "
                        + "to an open loop ('rate:'), not to 'concurrency:'. Remove it or use 'rate:'.");
    }

    @Test
    void rejects_a_bad_sweep_value_at_its_line() {
        assertRejected(
                "load:\n  concurrency: [1, 0, 4]\n",
                "suites/load.yaml:4:20: 'load.concurrency' must be between 1 and 100000, found 0."
                        + " Give a whole number in that range, e.g. 'concurrency: 1'.");
    }

    @Test
    void rejects_unknown_arrivals_and_unknown_slo_keys() {
        assertRejected(
                "load: {rate: 1, arrivals: bursty}\n",
                "suites/load.yaml:3:27: 'arrivals' must be 'constant' " + "or 'poisson', found 'bursty'.");
        assertRejected(
                "slo: {ttft: 5}\n",
                "suites/load.yaml:3:7: unknown key 'ttft' in slo. " + "Allowed keys: ttft_ms, e2e_ms, tpot_ms.");
    }
}
