package dev.vernier.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatesTest {

    private static final Gates NONE = new Gates(null, null, null, null, null, null);

    /** A sample with its first chunk at {@code ttftMs} and last at {@code e2eMs}; failed when asked. */
    private static Sample sample(String provider, int seq, double ttftMs, double e2eMs, boolean failed) {
        long ttft = Math.round(ttftMs * 1e6);
        long e2e = Math.round(e2eMs * 1e6);
        return Sample.builder()
                .seq(seq)
                .providerId(provider)
                .caseId("c")
                .promptId("p")
                .repeat(seq)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(failed ? List.of() : List.of(ttft, e2e))
                .endNanos(e2e)
                .prompt("")
                .text("x")
                .finishReason(failed ? FinishReason.ERROR : FinishReason.STOP)
                .tokens(TokenCounts.UNKNOWN)
                .failure(failed ? Failure.of(FailureKind.SERVER_ERROR, "down") : null)
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }

    private static RunResult run(List<Sample> samples, String... skipped) {
        List<ProviderRun> providers = new ArrayList<>();
        samples.stream()
                .map(Sample::providerId)
                .distinct()
                .forEach(id -> providers.add(new ProviderRun(
                        id, AccessMode.IN_PROCESS, null, -1, null, 1_000_000_000L, 1, null, null, null, null)));
        for (String id : skipped) {
            providers.add(new ProviderRun(id, null, null, -1, "no key", 0, 1, null, null, null, null));
        }
        return new RunResult("s", "s.yaml", Instant.EPOCH, Instant.EPOCH, Map.of(), providers, samples);
    }

    private static List<Sample> fast(String provider, int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(sample(provider, i, 10, 50, false));
        }
        return samples;
    }

    @Test
    void no_limits_means_no_breaches() {
        assertThat(NONE.check(run(fast("a", 3)))).isEmpty();
        assertThat(NONE.any()).isFalse();
    }

    @Test
    void a_p95_ttft_above_the_limit_is_one_line_naming_provider_metric_value_and_limit() {
        Gates gates = new Gates(null, null, 0.001, null, null, null);

        List<Breach> breaches = gates.check(run(fast("llamacpp:tiny", 4)));

        // 10 ms as read back from a 3-significant-digit histogram
        assertThat(breaches)
                .singleElement()
                .extracting(Breach::line)
                .asString()
                .matches("llamacpp:tiny: TTFT p95 10\\.0\\d* ms, limit <= 0\\.001 ms \\(maxP95TtftMs\\)");
    }

    @Test
    void latencies_within_their_limits_pass() {
        Gates gates = new Gates(null, null, 11.0, 51.0, null, 0.0);

        assertThat(gates.check(run(fast("a", 4)))).isEmpty();
    }

    @Test
    void each_provider_is_checked_and_skipped_providers_are_not() {
        List<Sample> samples = new ArrayList<>(fast("a", 2));
        samples.add(sample("b", 9, 500, 900, false));
        Gates gates = new Gates(null, null, null, 100.0, null, null);

        assertThat(gates.check(run(samples, "c"))).extracting(Breach::provider).containsExactly("b");
    }

    @Test
    void the_error_rate_gate_counts_failed_requests() {
        List<Sample> samples = new ArrayList<>(fast("a", 3));
        samples.add(sample("a", 7, 0, 5, true));
        Gates gates = new Gates(null, null, null, null, null, 0.1);

        assertThat(gates.check(run(samples)))
                .extracting(Breach::line)
                .containsExactly("a: error rate 0.25 (1/4), limit <= 0.1 (maxErrorRate)");
    }

    @Test
    void a_latency_limit_on_a_provider_without_a_successful_request_is_a_breach_not_a_pass() {
        Gates gates = new Gates(null, null, 1000.0, null, null, null);

        assertThat(gates.check(run(List.of(sample("a", 0, 0, 5, true)))))
                .extracting(Breach::measured)
                .containsExactly("not measured — no successful request");
    }

    @Test
    void a_pass_rate_gate_fails_saying_no_assertions_were_scored() {
        Gates gates = new Gates(0.9, 0.8, null, null, null, null);

        assertThat(gates.check(run(fast("a", 2))))
                .extracting(Breach::line)
                .containsExactly(
                        "all providers: pass rate not measured — no assertions scored (add 'assert:' to the cases), limit >= 0.9 (minPassRate)",
                        "a: pass rate not measured — no assertions scored (add 'assert:' to the cases), limit >= 0.8 (minProviderPassRate)");
    }

    private static Sample scored(String provider, int seq, boolean pass) {
        return sample(provider, seq, 10, 50, false)
                .withScores(List.of(new Score(
                        "contains", pass, pass ? 1 : 0, 1, pass ? "ok" : "output does not contain 'x'", Map.of())));
    }

    @Test
    void pass_rate_gates_compare_the_measured_share_of_passing_requests() {
        Gates gates = new Gates(0.6, 0.7, null, null, null, null);
        List<Sample> samples = List.of(
                scored("a", 0, true),
                scored("a", 1, true),
                scored("a", 2, false),
                scored("b", 3, true),
                sample("b", 4, 10, 50, true));

        assertThat(gates.check(run(samples)))
                .extracting(Breach::line)
                .containsExactly(
                        "a: pass rate 0.667 (2/3), limit >= 0.7 (minProviderPassRate)",
                        "b: pass rate 0.5 (1/2), limit >= 0.7 (minProviderPassRate)");
        assertThat(new Gates(0.6, 0.5, null, null, null, null).check(run(samples)))
                .isEmpty();
    }

    @Test
    void a_cost_gate_fails_saying_cost_is_not_measured_when_no_request_has_a_cost() {
        Gates gates = new Gates(null, null, null, null, 2.5, null);

        assertThat(gates.check(run(fast("a", 2))))
                .extracting(Breach::line)
                .containsExactly(
                        "a: cost per 1k requests not measured — no price or hardware cost applies (declare 'prices:' or"
                                + " 'hardware:' in the suite), limit <= $2.5 (maxCostPer1kRequests)");
    }

    @Test
    void a_cost_gate_compares_mean_request_cost_times_1000() {
        List<Sample> samples =
                List.of(priced("a", 0, 0.002), priced("a", 1, 0.004), priced("b", 2, 0.001), priced("b", 3, 0.001));
        // a: (0.002 + 0.004) / 2 x 1000 = $3 > $2.5; b: $1
        assertThat(new Gates(null, null, null, null, 2.5, null).check(run(samples)))
                .extracting(Breach::line)
                .containsExactly("a: cost per 1k requests $3, limit <= $2.5 (maxCostPer1kRequests)");
        assertThat(new Gates(null, null, null, null, 3.0, null).check(run(samples)))
                .isEmpty();
    }

    @Test
    void a_cost_gate_fails_when_some_requests_have_no_known_cost() {
        List<Sample> samples = List.of(priced("a", 0, 0.001), sample("a", 1, 10, 50, false));
        assertThat(new Gates(null, null, null, null, 100.0, null).check(run(samples)))
                .extracting(Breach::line)
                .containsExactly("a: cost per 1k requests not measured — 1 of 2 requests have no known cost,"
                        + " limit <= $100 (maxCostPer1kRequests)");
    }

    private static Sample priced(String provider, int seq, double usd) {
        return sample(provider, seq, 10, 50, false).withProviderStat("cost_usd", usd);
    }

    @Test
    void shares_outside_0_to_1_are_rejected_naming_the_parameter() {
        assertThatThrownBy(() -> new Gates(null, null, null, null, null, 5.0).validate())
                .hasMessageStartingWith("maxErrorRate must be between 0 and 1");
        assertThatThrownBy(() -> new Gates(null, null, -1.0, null, null, null).validate())
                .hasMessageStartingWith("maxP95TtftMs must be 0 or more");
    }
}
