package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.TokenCounts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a sample splits billed output into answer, visible and hidden reasoning, and which tokens enter
 * TPOT and decode speed, for each way a vendor shows (or does not show) its reasoning. Times in ms
 * from t_send; every case is the shape of a documented vendor stream.
 */
class SampleReasoningTest {

    private static final long MS = 1_000_000;

    /** {@code count} chunk times from {@code firstMs}, {@code gapMs} apart, in ns. */
    private static List<Long> times(long firstMs, long gapMs, int count) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add((firstMs + i * gapMs) * MS);
        }
        return out;
    }

    private static Sample sample(List<Long> reasoning, List<Long> answer, TokenCounts tokens) {
        return Sample.builder()
                .providerId("p")
                .caseId("c")
                .promptId("q")
                .startedAt(Instant.EPOCH)
                .reasoningNanos(reasoning)
                .chunkNanos(answer)
                .endNanos(10_000 * MS)
                .tokens(tokens)
                .build();
    }

    private static TokenCounts usage(long output, long reasoning) {
        return new TokenCounts(10, output, -1, reasoning, CountSource.SERVER_USAGE, CountSource.SERVER_USAGE);
    }

    @Test
    void hidden_reasoning_is_billed_and_counted_but_left_out_of_tpot_and_decode_speed() {
        // OpenAI gpt-5-nano: 64 reasoning tokens of 78 billed, none streamed; 14 answer chunks 10 ms apart
        Sample s = sample(List.of(), times(740, 10, 14), usage(78, 64));

        assertThat(s.hiddenReasoningTokens()).isEqualTo(64);
        assertThat(s.hiddenReasoningSource()).isEqualTo(CountSource.SERVER_USAGE);
        assertThat(s.visibleReasoningTokens()).isZero();
        assertThat(s.answerTokens()).isEqualTo(14);
        assertThat(s.outputTokens()).isEqualTo(14);
        assertThat(s.ttftNanos()).isEqualTo(740 * MS);
        assertThat(s.firstAnswerNanos()).isEqualTo(740 * MS);
        assertThat(s.tpotNanos() / MS).isCloseTo(10.0, within(1e-9));
        assertThat(s.decodeTokensPerSecond()).isCloseTo(100.0, within(1e-9));
        assertThat(s.reasoningTimeNanos()).isEqualTo(-1);
    }

    @Test
    void fully_streamed_reasoning_counts_as_visible_and_is_timed_with_the_answer() {
        // DeepSeek-style reasoning_content: 30 reasoning deltas then 10 answer deltas, 10 ms apart
        Sample s = sample(
                times(100, 10, 30),
                times(400, 10, 10),
                usage(40, 30).withVisibleReasoning(30, CountSource.SERVER_USAGE));

        assertThat(s.hiddenReasoningTokens()).isZero();
        assertThat(s.visibleReasoningTokens()).isEqualTo(30);
        assertThat(s.answerTokens()).isEqualTo(10);
        assertThat(s.outputTokens()).isEqualTo(40);
        assertThat(s.ttftNanos()).isEqualTo(100 * MS);
        assertThat(s.firstAnswerNanos()).isEqualTo(400 * MS);
        assertThat(s.reasoningTimeNanos()).isEqualTo(300 * MS);
        assertThat(s.answerTimeNanos()).isEqualTo(90 * MS);
        assertThat(s.tpotNanos() / MS).isCloseTo(10.0, within(1e-9));
        assertThat(s.answerOnlyTiming()).isFalse();
    }

    @Test
    void a_reasoning_count_from_chunks_gives_answer_tokens_with_the_weaker_source() {
        // Ollama: eval_count (native) covers thinking and answer; thinking counted one token per line
        TokenCounts native_ = new TokenCounts(5, 25, -1, -1, CountSource.PROVIDER_NATIVE, CountSource.PROVIDER_NATIVE)
                .withVisibleReasoning(20, CountSource.CHUNK_COUNT);
        Sample s = sample(times(50, 10, 20), times(250, 10, 5), native_);

        assertThat(s.answerTokens()).isEqualTo(5);
        assertThat(s.answerTokensSource()).isEqualTo(CountSource.CHUNK_COUNT);
        assertThat(s.hiddenReasoningTokens()).isZero();
        assertThat(s.outputTokens()).isEqualTo(25);
        assertThat(s.tpotNanos() / MS).isCloseTo(10.0, within(1e-9));
    }

    @Test
    void a_thought_summary_hides_the_billed_reasoning_and_times_only_the_answer() {
        // Gemini includeThoughts: 185 thinking tokens billed, 4 summary events, then 23 answer tokens,
        // the answer as 23 events 10 ms apart from 400 ms
        Sample s = sample(List.of(100 * MS, 150 * MS, 200 * MS, 250 * MS), times(400, 10, 23), usage(208, 185));

        assertThat(s.answerOnlyTiming()).isTrue();
        assertThat(s.visibleReasoningTokens()).isEqualTo(-1);
        assertThat(s.hiddenReasoningTokens()).isEqualTo(185);
        assertThat(s.answerTokens()).isEqualTo(23);
        assertThat(s.outputTokens()).isEqualTo(23);
        assertThat(s.ttftNanos()).isEqualTo(100 * MS);
        assertThat(s.firstAnswerNanos()).isEqualTo(400 * MS);
        assertThat(s.tpotNanos() / MS).isCloseTo(10.0, within(1e-9));
        assertThat(s.decodeTokensPerSecond()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void a_summary_without_any_reasoning_count_leaves_the_split_and_tpot_unknown() {
        // Claude 4 summarized thinking: output_tokens includes the full thinking, no breakdown
        Sample s = sample(times(130, 10, 10), times(260, 10, 3), usage(53, -1));

        assertThat(s.hiddenReasoningTokens()).isEqualTo(-1);
        assertThat(s.hiddenReasoningSource()).isEqualTo(CountSource.UNKNOWN);
        assertThat(s.answerTokens()).isEqualTo(-1);
        assertThat(s.outputTokens()).isEqualTo(-1);
        assertThat(s.tpotNanos()).isEqualTo(-1);
        assertThat(s.decodeTokensPerSecond()).isEqualTo(-1);
        assertThat(s.ttftNanos()).isEqualTo(130 * MS);
        assertThat(s.firstAnswerNanos()).isEqualTo(260 * MS);
        assertThat(s.reasoningTimeNanos()).isEqualTo(130 * MS);
    }

    @Test
    void reasoning_reported_as_unseen_without_a_count_leaves_the_split_unknown() {
        // Anthropic with display omitted: thinking happened (the provider reports 0 visible), no count
        Sample s =
                sample(List.of(), times(500, 10, 5), usage(300, -1).withVisibleReasoning(0, CountSource.SERVER_USAGE));

        assertThat(s.hiddenReasoningTokens()).isEqualTo(-1);
        assertThat(s.answerTokens()).isEqualTo(-1);
        assertThat(s.outputTokens()).isEqualTo(-1);
        assertThat(s.decodeTokensPerSecond()).isEqualTo(-1);
    }

    @Test
    void a_model_that_does_not_reason_keeps_every_figure_it_had() {
        Sample s = sample(List.of(), times(200, 20, 32), TokenCounts.of(4, 32, CountSource.SERVER_USAGE));

        assertThat(s.hiddenReasoningTokens()).isZero();
        assertThat(s.answerTokens()).isEqualTo(32);
        assertThat(s.outputTokens()).isEqualTo(32);
        assertThat(s.ttftNanos()).isEqualTo(s.firstAnswerNanos());
        assertThat(s.tpotNanos() / MS).isCloseTo(20.0, within(1e-9));
        assertThat(s.answerOnlyTiming()).isFalse();
    }

    @Test
    void without_an_output_count_the_chunks_of_both_kinds_are_counted() {
        Sample s = sample(
                times(100, 10, 3),
                times(130, 10, 4),
                TokenCounts.UNKNOWN.withVisibleReasoning(3, CountSource.CHUNK_COUNT));

        assertThat(s.answerTokens()).isEqualTo(4);
        assertThat(s.answerTokensSource()).isEqualTo(CountSource.CHUNK_COUNT);
        assertThat(s.outputTokens()).isEqualTo(7);
    }
}
