package dev.vernier.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Per-provider reasoning figures: sums with their unknowns, time splits, and the transparency share. */
class ReasoningSummaryTest {

    private static final long MS = 1_000_000;

    private static Sample sample(List<Long> reasoning, List<Long> answer, TokenCounts tokens) {
        return Sample.builder()
                .providerId("p")
                .startedAt(Instant.EPOCH)
                .reasoningNanos(reasoning)
                .chunkNanos(answer)
                .tokens(tokens)
                .build();
    }

    private static TokenCounts usage(long output, long reasoning) {
        return new TokenCounts(10, output, -1, reasoning, CountSource.SERVER_USAGE, CountSource.SERVER_USAGE);
    }

    @Test
    void hidden_share_is_hidden_reasoning_over_billed_output() {
        Sample hidden = sample(List.of(), List.of(500 * MS, 510 * MS), usage(80, 60));
        Sample plain = sample(List.of(), List.of(100 * MS, 110 * MS), usage(20, 0));

        ReasoningSummary r = ReasoningSummary.of(List.of(hidden, plain));

        assertThat(r.requests()).isEqualTo(2);
        assertThat(r.reasoningRequests()).isEqualTo(1);
        assertThat(r.hiddenReasoningTokens()).isEqualTo(60);
        assertThat(r.answerTokens()).isEqualTo(40);
        assertThat(r.billedOutputTokens()).isEqualTo(100);
        assertThat(r.hiddenShare()).isEqualTo(0.6);
        assertThat(r.firstAnswerMs().p50()).isBetween(100.0, 500.5);
    }

    @Test
    void one_request_with_unknown_hidden_reasoning_makes_the_share_unknown_not_smaller() {
        Sample known = sample(List.of(), List.of(500 * MS, 510 * MS), usage(80, 60));
        Sample summary = sample(List.of(100 * MS), List.of(300 * MS, 310 * MS), usage(50, -1));

        ReasoningSummary r = ReasoningSummary.of(List.of(known, summary));

        assertThat(r.hiddenUnknown()).isEqualTo(1);
        assertThat(r.answerUnknown()).isEqualTo(1);
        assertThat(r.hiddenShare()).isNaN();
        assertThat(r.reasoningMs().count()).isEqualTo(1);
        assertThat(r.reasoningMs().p50()).isBetween(199.9, 200.1);
    }

    @Test
    void warm_ups_and_failures_are_left_out() {
        Sample warm = sample(List.of(), List.of(MS), usage(80, 60)).toBuilder()
                .warmup(true)
                .build();

        assertThat(ReasoningSummary.of(List.of(warm)).requests()).isZero();
        assertThat(ReasoningSummary.of(List.of(warm)).any()).isFalse();
    }

    @Test
    void output_throughput_is_unknown_when_a_requests_timed_tokens_are() {
        Sample summary = sample(List.of(100 * MS), List.of(300 * MS, 310 * MS), usage(50, -1));
        Sample known = sample(List.of(), List.of(100 * MS, 110 * MS), usage(2, 0));

        Summary mixed = Summary.of("p", List.of(summary, known), 1_000_000_000L);
        Summary clean = Summary.of("p", List.of(known), 1_000_000_000L);

        assertThat(mixed.outputTokensUnknown()).isEqualTo(1);
        assertThat(mixed.outputTokensPerSecond()).isNaN();
        assertThat(clean.outputTokensPerSecond()).isEqualTo(2.0);
        assertThat(mixed.tpotMs().count()).isEqualTo(1);
    }
}
