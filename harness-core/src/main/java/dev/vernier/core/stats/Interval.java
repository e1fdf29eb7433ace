package dev.vernier.core.stats;

/**
 * A point estimate with a confidence interval.
 *
 * @param estimate the statistic on the original data
 * @param lower    lower bound
 * @param upper    upper bound
 * @param level    confidence level, e.g. 0.95
 * @param n        number of observations (pairs, for paired data)
 */
public record Interval(double estimate, double lower, double upper, double level, int n) {

    /** Whether {@code x} lies within [lower, upper]. */
    public boolean contains(double x) {
        return x >= lower && x <= upper;
    }

    /** Whether the interval could be computed (false for no data). */
    public boolean defined() {
        return !Double.isNaN(lower) && !Double.isNaN(upper);
    }
}
