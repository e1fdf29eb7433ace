package dev.vernier.core.scoring;

import dev.vernier.core.run.Sample;
import java.util.OptionalDouble;

/**
 * How many measured samples passed their case, of those judged. A sample is judged when it carries
 * scores or its request failed (a failed request counts as not passing); warm-ups and unscored
 * successful samples are left out. With no scored sample at all there is no pass rate.
 *
 * @param passed samples that passed ({@link Verdict#passed(Sample)})
 * @param judged samples judged
 * @param scored samples that carry scores
 */
public record PassCount(int passed, int judged, int scored) {

    /** Counts the measured (non-warm-up) samples among the given ones. */
    public static PassCount of(Iterable<Sample> samples) {
        int passed = 0;
        int judged = 0;
        int scored = 0;
        for (Sample s : samples) {
            if (s.warmup() || !Verdict.judged(s)) {
                continue;
            }
            judged++;
            scored += s.scores().isEmpty() ? 0 : 1;
            passed += Verdict.passed(s) ? 1 : 0;
        }
        return new PassCount(passed, judged, scored);
    }

    /** passed / judged, empty when no sample was scored. */
    public OptionalDouble rate() {
        return scored == 0 || judged == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) passed / judged);
    }
}
