package dev.vernier.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Score;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloTest {

    /** A request due at 0, sent after {@code queueMs}, first token {@code ttftMs} later, then 9 more 10 ms apart. */
    private static Sample sample(long queueMs, long ttftMs, boolean pass, Failure failure) {
        List<Long> chunks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            chunks.add((ttftMs + 10L * i) * 1_000_000L);
        }
        List<Score> scores = List.of(new Score("contains", pass, pass ? 1 : 0, 1, "", Map.of()));
        return Sample.builder()
                .seq(0)
                .providerId("p")
                .caseId("c")
                .promptId("p1")
                .repeat(0)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(queueMs * 1_000_000L)
                .chunkNanos(chunks)
                .endNanos(chunks.get(9))
                .prompt("")
                .text("x")
                .finishReason(FinishReason.STOP)
                .tokens(TokenCounts.of(1, 10, CountSource.LOCAL_TOKENIZER))
                .failure(failure)
                .attempts(1)
                .providerStats(Map.of())
                .scores(scores)
                .build();
    }

    @Test
    void a_request_is_good_when_it_meets_every_limit_from_the_intended_time_and_passes() {
        Slo slo = new Slo(500, 1000, Double.NaN);

        assertThat(slo.good(sample(0, 400, true, null))).isTrue();
        assertThat(slo.good(sample(200, 400, true, null)))
                .as("TTFT 400 + 200 queued > 500")
                .isFalse();
        assertThat(slo.good(sample(0, 400, false, null)))
                .as("failed its assertion")
                .isFalse();
        assertThat(slo.good(sample(0, 950, true, null))).as("E2E 1040 > 1000").isFalse();
        assertThat(slo.good(sample(0, 10, true, new Failure(FailureKind.TIMEOUT, 0, true, "t"))))
                .isFalse();
    }

    @Test
    void counts_good_measured_requests_and_describes_its_limits() {
        Slo slo = new Slo(500, Double.NaN, 12);
        List<Sample> all =
                List.of(sample(0, 100, true, null), sample(450, 100, true, null), sample(0, 100, false, null));

        assertThat(slo.goodCount(all)).isEqualTo(1);
        assertThat(slo.describe()).isEqualTo("TTFT <= 500 ms, TPOT <= 12 ms");
        assertThat(Slo.NONE.goodCount(all))
                .as("no limits: successful and passing")
                .isEqualTo(2);
        assertThat(Slo.NONE.describe()).isEqualTo("none");
    }

    @Test
    void rejects_a_non_positive_limit() {
        assertThatThrownBy(() -> new Slo(0, Double.NaN, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
