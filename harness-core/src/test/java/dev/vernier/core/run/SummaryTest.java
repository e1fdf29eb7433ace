package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.metrics.Summary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static Sample sample(int seq, long ttftMs, Failure failure) {
        // 11 chunks 10 ms apart after the first: N = 11, TPOT = 10 ms
        List<Long> chunks = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            chunks.add((ttftMs + 10L * i) * 1_000_000L);
        }
        return Sample.builder()
                .seq(seq)
                .providerId("p")
                .caseId("c")
                .promptId("p1")
                .repeat(0)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(chunks)
                .endNanos(chunks.get(10))
                .prompt("")
                .text("x")
                .finishReason(FinishReason.STOP)
                .tokens(TokenCounts.of(5, 11, CountSource.LOCAL_TOKENIZER))
                .failure(failure)
                .attempts(1)
                .providerStats(Map.of())
                .build();
    }

    @Test
    void reads_percentiles_of_ttft_from_a_known_set_of_values() {
        List<Sample> samples = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            samples.add(sample(ms, ms, null));
        }
        Summary summary = Summary.of("p", samples, 2_000_000_000L);

        assertThat(summary.requests()).isEqualTo(100);
        assertThat(summary.ttftMs().p50()).isCloseTo(50.0, within(0.05));
        assertThat(summary.ttftMs().p90()).isCloseTo(90.0, within(0.1));
        assertThat(summary.ttftMs().p99()).isCloseTo(99.0, within(0.1));
        assertThat(summary.ttftMs().max()).isCloseTo(100.0, within(0.1));
        assertThat(summary.tpotMs().p50()).isCloseTo(10.0, within(0.01));
        assertThat(summary.itlMs().count()).isEqualTo(1000);
        assertThat(summary.decodeTokensPerSecond().p50()).isCloseTo(100.0, within(0.1));
        assertThat(summary.outputTokensPerSecond()).isCloseTo(1100 / 2.0, within(1e-9));
        assertThat(summary.requestsPerSecond()).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void counts_failures_and_retries_without_their_latencies() {
        Sample failed = Sample.builder()
                .seq(1)
                .providerId("p")
                .caseId("c")
                .promptId("p1")
                .repeat(0)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of())
                .endNanos(5_000_000_000L)
                .prompt("")
                .text("")
                .finishReason(FinishReason.ERROR)
                .tokens(TokenCounts.UNKNOWN)
                .failure(Failure.of(FailureKind.TIMEOUT, "t"))
                .attempts(3)
                .providerStats(Map.of())
                .build();
        Summary summary = Summary.of("p", List.of(sample(0, 20, null), failed), 1_000_000_000L);

        assertThat(summary.requests()).isEqualTo(2);
        assertThat(summary.failures()).isEqualTo(1);
        assertThat(summary.retries()).isEqualTo(2);
        assertThat(summary.errorRate()).isEqualTo(0.5);
        assertThat(summary.e2eMs().count()).isEqualTo(1);
        assertThat(summary.e2eMs().max()).isCloseTo(120.0, within(0.1));
    }
}
