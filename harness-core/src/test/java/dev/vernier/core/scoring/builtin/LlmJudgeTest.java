package dev.vernier.core.scoring.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Samples;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.ScoringContext;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.ScriptedProvider;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LlmJudgeTest {

    private final LlmJudge judge = new LlmJudge();

    private static Assertion judged(Double threshold) {
        return new Assertion(
                "llm-judge", false, "Names Paris as the capital of France.", threshold, 1, Map.of("provider", "judge"));
    }

    private static ScoringContext replying(String... chunks) {
        Provider p = new ScriptedProvider(
                "judge:1", new FakeClock(), Duration.ofMillis(1), Duration.ofMillis(1), List.of(chunks));
        return id -> id.equals("judge") ? Optional.of(p) : Optional.empty();
    }

    private Score grade(ScoringContext context, Double threshold) {
        return judge.score(judged(threshold), Samples.scored("The capital of France is Paris."), context);
    }

    @Test
    void a_good_json_reply_passes_and_keeps_prompt_reply_score_and_tokens() {
        Score s = grade(replying("{\"score\": 0.9, ", "\"reason\": \"correct\"}"), null);

        assertThat(s.pass()).isTrue();
        assertThat(s.score()).isEqualTo(0.9);
        assertThat(s.reason()).isEqualTo("judge score 0.9 >= 0.5: correct");
        assertThat(s.details())
                .containsEntry("judge_reply", "{\"score\": 0.9, \"reason\": \"correct\"}")
                .containsEntry("judge_score", 0.9)
                .containsEntry("judge_output_tokens", 2L)
                .containsKey("judge_input_tokens");
        assertThat((String) s.details().get("judge_prompt"))
                .contains("Names Paris as the capital of France.")
                .contains("The capital of France is Paris.")
                .contains("What is it?");
    }

    @Test
    void a_low_score_fails_against_the_threshold() {
        Score s = grade(replying("```json\n{\"score\": 0.6, \"reason\": \"vague\"}\n```"), 0.8);
        assertThat(s.pass()).isFalse();
        assertThat(s.score()).isEqualTo(0.6);
        assertThat(s.reason()).isEqualTo("judge score 0.6 < 0.8: vague");
    }

    @Test
    void a_score_line_is_read_when_there_is_no_json() {
        Score s = grade(replying("The answer is right.\nSCORE: 1"), null);
        assertThat(s.pass()).isTrue();
        assertThat(s.score()).isEqualTo(1.0);
    }

    @Test
    void a_bad_reply_with_a_score_out_of_range_fails_with_the_raw_reply() {
        Score s = grade(replying("{\"score\": 8, \"reason\": \"out of ten\"}"), null);
        assertThat(s.pass()).isFalse();
        assertThat(s.score()).isZero();
        assertThat(s.reason())
                .isEqualTo(
                        "judge reply has no score between 0 and 1: " + "'{\"score\": 8, \"reason\": \"out of ten\"}'");
    }

    @Test
    void a_garbage_reply_is_a_failure_never_a_pass() {
        Score s = grade(replying("Once upon a time there was a little dog."), null);
        assertThat(s.pass()).isFalse();
        assertThat(s.reason()).contains("Once upon a time there was a little dog.");
        assertThat(s.details())
                .containsEntry("judge_reply", "Once upon a time there was a little dog.")
                .doesNotContainKey("judge_score");
    }

    @Test
    void a_missing_judge_provider_fails_the_assertion() {
        Score s = grade(ScoringContext.none(), null);
        assertThat(s.pass()).isFalse();
        assertThat(s.reason()).isEqualTo("judge provider 'judge' is not available in this run");
    }

    @Test
    void parses_json_and_score_lines_strictly() {
        assertThat(LlmJudge.parse("{\"score\": \"0.25\"}").score()).isEqualTo(0.25);
        assertThat(LlmJudge.parse("**Score:** 0.7").score()).isEqualTo(0.7);
        assertThat(LlmJudge.parse("score: -1")).isNull();
        assertThat(LlmJudge.parse("{\"grade\": 1}")).isNull();
        assertThat(LlmJudge.parse("")).isNull();
    }

    @Test
    void validation_requires_a_provider_and_exactly_one_rubric() {
        assertThatThrownBy(() -> judge.validate(new Assertion("llm-judge", false, "rubric", null, 1, Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs 'provider:'");
        Map<String, Object> both = new HashMap<>(Map.of("provider", "j", "rubric", "r"));
        assertThatThrownBy(() -> judge.validate(new Assertion("llm-judge", false, "rubric", null, 1, both)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("give the rubric once");
        assertThatThrownBy(
                        () -> judge.validate(new Assertion("llm-judge", false, null, null, 1, Map.of("provider", "j"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs a rubric");
    }
}
