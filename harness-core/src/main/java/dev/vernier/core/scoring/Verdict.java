package dev.vernier.core.scoring;

import dev.vernier.core.run.Sample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a case's assertions to a sample and decides whether the sample passes: it passes when the
 * request succeeded and the weighted share of passing assertions is at least the case threshold.
 * The threshold travels with the scores (detail {@value #THRESHOLD_DETAIL}), so a report reading
 * only samples decides the same way the run did.
 */
public final class Verdict {

    /** Score detail holding the case's pass threshold. */
    public static final String THRESHOLD_DETAIL = "case_threshold";

    private static final double EPSILON = 1e-9;

    private Verdict() {}

    /**
     * Scores one output against every assertion, in order, each within its time bound
     * ({@link BoundedScoring}). A scorer that throws, overflows its stack or outlasts its bound yields a
     * failing score naming the reason; negation ({@code not-}) is applied here.
     *
     * @param caseThreshold the case's threshold, recorded in every score's details
     */
    public static List<Score> score(
            List<Assertion> assertions,
            double caseThreshold,
            Scored subject,
            ScoringContext context,
            ScorerRegistry registry) {
        List<Score> scores = new ArrayList<>();
        for (Assertion assertion : assertions) {
            Score raw = registry.find(assertion.type())
                    .map(scorer ->
                            BoundedScoring.score(scorer, assertion, subject, context, BoundedScoring.boundOf(scorer)))
                    .orElseGet(() -> BoundedScoring.failing(
                            assertion, "scorer error: " + registry.unknownMessage(assertion.type())));
            Score finished = assertion.negated() && !BoundedScoring.isError(raw) ? negate(raw) : raw;
            Map<String, Object> details = new LinkedHashMap<>(finished.details());
            details.put(THRESHOLD_DETAIL, caseThreshold);
            scores.add(new Score(
                    assertion.name(),
                    finished.pass(),
                    finished.score(),
                    assertion.weight(),
                    finished.reason(),
                    details));
        }
        return scores;
    }

    /** The negation of a score: pass flipped, score 1 - s, reason prefixed with "negated: ". */
    public static Score negate(Score score) {
        String name = score.assertion().startsWith(ScorerRegistry.NEGATION_PREFIX)
                ? score.assertion()
                : ScorerRegistry.NEGATION_PREFIX + score.assertion();
        return new Score(
                name, !score.pass(), 1 - score.score(), score.weight(), "negated: " + score.reason(), score.details());
    }

    /**
     * Weighted share of passing scores in [0, 1]; with all weights zero, the plain share; 1 when
     * there are no scores.
     */
    public static double passShare(List<Score> scores) {
        if (scores.isEmpty()) {
            return 1;
        }
        double total = 0;
        double passing = 0;
        for (Score s : scores) {
            total += s.weight();
            passing += s.pass() ? s.weight() : 0;
        }
        if (total <= 0) {
            return (double) scores.stream().filter(Score::pass).count() / scores.size();
        }
        return passing / total;
    }

    /** Whether a sample passes its case: it succeeded and its pass share reaches the threshold. */
    public static boolean passed(Sample sample, double threshold) {
        return sample.succeeded() && passShare(sample.scores()) >= threshold - EPSILON;
    }

    /**
     * Whether a sample passes its case, reading the threshold from its scores (1 when absent). A
     * failed request never passes.
     */
    public static boolean passed(Sample sample) {
        return passed(sample, threshold(sample));
    }

    /** The case threshold recorded in a sample's scores, 1 when none is recorded. */
    public static double threshold(Sample sample) {
        for (Score s : sample.scores()) {
            if (s.details().get(THRESHOLD_DETAIL) instanceof Number n) {
                return n.doubleValue();
            }
        }
        return 1;
    }

    /**
     * Whether a sample takes part in pass rates: it has scores, or it is a failed request (which counts
     * as not passing).
     */
    public static boolean judged(Sample sample) {
        return !sample.scores().isEmpty() || !sample.succeeded();
    }

    /** The assertions of a sample that failed, as written in the suite. */
    public static List<Score> failed(Sample sample) {
        return sample.scores().stream().filter(s -> !s.pass()).toList();
    }
}
