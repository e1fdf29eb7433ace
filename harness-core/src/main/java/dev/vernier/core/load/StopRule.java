package dev.vernier.core.load;

import java.util.Locale;

/**
 * Ends a load step early when the provider is clearly past its limit. Checked after every measured
 * completion once {@code minRequests} have completed; a step that stops says why.
 *
 * @param maxErrorRate  stop when failed / completed exceeds this; NaN for no limit
 * @param maxP95TtftMs  stop when the p95 TTFT of the step's successful requests exceeds this; NaN for no limit
 * @param minRequests   completions needed before the rule is applied
 */
public record StopRule(double maxErrorRate, double maxP95TtftMs, int minRequests) {

    /** Never stops. */
    public static final StopRule NONE = new StopRule(Double.NaN, Double.NaN, 10);

    public StopRule {
        if (minRequests < 1) {
            throw new IllegalArgumentException("min_requests must be >= 1, was " + minRequests);
        }
    }

    /**
     * Why the step must stop, or null to go on.
     *
     * @param completed measured completions so far
     * @param failed    of which failed
     * @param p95TtftMs p95 TTFT so far (NaN when none)
     */
    public String breach(long completed, long failed, double p95TtftMs) {
        if (completed < minRequests) {
            return null;
        }
        double errorRate = (double) failed / completed;
        if (!Double.isNaN(maxErrorRate) && errorRate > maxErrorRate) {
            return String.format(
                    Locale.ROOT,
                    "stopped early: error rate %.3f > %s after %d requests",
                    errorRate,
                    trim(maxErrorRate),
                    completed);
        }
        if (!Double.isNaN(maxP95TtftMs) && !Double.isNaN(p95TtftMs) && p95TtftMs > maxP95TtftMs) {
            return String.format(
                    Locale.ROOT,
                    "stopped early: p95 TTFT %.1f ms > %s ms after %d requests",
                    p95TtftMs,
                    trim(maxP95TtftMs),
                    completed);
        }
        return null;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
