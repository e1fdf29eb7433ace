package dev.vernier.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedScoringTest {

    private static final Assertion ASSERTION = new Assertion("custom", false, null, null, 1, Map.of());

    /** What a test scorer does. */
    private interface ScoreFunction {
        Score score(Assertion a, Scored subject, ScoringContext context);
    }

    private static Scorer scorer(ScoreFunction f) {
        return new Scorer() {
            @Override
            public ScorerInfo info() {
                return new ScorerInfo("custom", "test", false, false);
            }

            @Override
            public void validate(Assertion a) {}

            @Override
            public Score score(Assertion a, Scored subject, ScoringContext context) {
                return f.score(a, subject, context);
            }
        };
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void a_stack_overflow_becomes_a_failing_score_with_the_reason() {
        Score s = BoundedScoring.score(
                scorer((a, sub, c) -> {
                    recurse(0);
                    return null;
                }),
                ASSERTION,
                Samples.scored("x"),
                ScoringContext.none(),
                Duration.ofSeconds(10));
        assertThat(s.pass()).isFalse();
        assertThat(s.reason()).isEqualTo("scorer error: the check recursed too deeply on this output (stack overflow)");
    }

    @Test
    void a_scorer_that_outlasts_its_bound_fails_in_time_with_the_reason() {
        long start = System.nanoTime();
        Score s = BoundedScoring.score(
                scorer((a, sub, c) -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new Score("custom", true, 1, 1, "late", Map.of());
                }),
                ASSERTION,
                Samples.scored("x"),
                ScoringContext.none(),
                Duration.ofMillis(200));
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        assertThat(s.pass()).isFalse();
        assertThat(s.reason()).isEqualTo("scorer error: no result within 200 ms; the assertion counts as failed");
    }

    @Test
    void negation_does_not_turn_a_scorer_error_into_a_pass() {
        Scorer boom = scorer((a, sub, c) -> {
            throw new IllegalStateException("kaput");
        });
        var scores = Verdict.score(
                List.of(new Assertion("custom", true, null, null, 1, Map.of())),
                1,
                Samples.scored("x"),
                ScoringContext.none(),
                ScorerRegistry.of(List.of(boom)));
        assertThat(scores).singleElement().satisfies(s -> assertThat(s.pass()).isFalse());
    }
}
