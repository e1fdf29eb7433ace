package dev.vernier.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final ScorerRegistry REGISTRY = ScorerRegistry.load();

    private static List<Score> score(double threshold, Assertion... assertions) {
        return Verdict.score(
                List.of(assertions),
                threshold,
                Samples.scored("The capital is Paris."),
                ScoringContext.none(),
                REGISTRY);
    }

    @Test
    void negation_flips_pass_inverts_the_score_and_prefixes_the_reason() {
        Score s = score(1, new Assertion("contains", true, "Paris", null, 1, Map.of()))
                .get(0);
        assertThat(s.assertion()).isEqualTo("not-contains");
        assertThat(s.pass()).isFalse();
        assertThat(s.score()).isZero();
        assertThat(s.reason()).isEqualTo("negated: output contains 'Paris'");
    }

    @Test
    void a_sample_passes_when_the_weighted_share_reaches_the_threshold() {
        List<Score> scores = score(
                0.75,
                new Assertion("contains", false, "Paris", null, 3, Map.of()),
                new Assertion("contains", false, "Rome", null, 1, Map.of()));
        assertThat(Verdict.passShare(scores)).isEqualTo(0.75);
        assertThat(Verdict.passed(Samples.output("x").withScores(scores))).isTrue();
        assertThat(Verdict.passed(Samples.output("x").withScores(scores), 0.8)).isFalse();
    }

    @Test
    void by_default_every_assertion_must_pass() {
        List<Score> scores = score(
                1,
                new Assertion("contains", false, "Paris", null, 1, Map.of()),
                new Assertion("contains", false, "Rome", null, 1, Map.of()));
        assertThat(Verdict.passed(Samples.output("x").withScores(scores))).isFalse();
        assertThat(Verdict.failed(Samples.output("x").withScores(scores)))
                .extracting(Score::reason)
                .containsExactly("output does not contain 'Rome'");
    }

    @Test
    void a_failed_request_never_passes_and_counts_in_the_pass_rate() {
        assertThat(Verdict.passed(Samples.failed())).isFalse();
        List<Score> ok = score(1, new Assertion("contains", false, "Paris", null, 1, Map.of()));
        PassCount count = PassCount.of(List.of(Samples.output("x").withScores(ok), Samples.failed()));
        assertThat(count.passed()).isEqualTo(1);
        assertThat(count.judged()).isEqualTo(2);
        assertThat(count.rate()).hasValue(0.5);
    }

    @Test
    void there_is_no_pass_rate_without_scores() {
        assertThat(PassCount.of(List.of(Samples.output("x"), Samples.failed())).rate())
                .isEmpty();
    }

    @Test
    void a_throwing_scorer_becomes_a_failing_score() {
        Scorer boom = new ScorerRegistryTest.Always("boom") {
            @Override
            public Score score(Assertion assertion, Scored subject, ScoringContext context) {
                throw new IllegalStateException("kaput");
            }
        };
        List<Score> scores = Verdict.score(
                List.of(new Assertion("boom", false, null, null, 1, Map.of())),
                1,
                Samples.scored("x"),
                ScoringContext.none(),
                ScorerRegistry.of(List.of(boom)));
        assertThat(scores).singleElement().satisfies(s -> {
            assertThat(s.pass()).isFalse();
            assertThat(s.reason()).isEqualTo("scorer error: IllegalStateException: kaput");
        });
    }
}
