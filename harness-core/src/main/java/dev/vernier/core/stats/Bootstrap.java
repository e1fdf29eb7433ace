package dev.vernier.core.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile-bootstrap confidence intervals, reproducible from a seed.
 *
 * <p>For data x_1..x_n and a statistic T: draw B resamples of n values with replacement (indices
 * from a seeded {@link SplittableRandom}), compute T on each, sort the B values, and take the
 * alpha/2 and 1 - alpha/2 quantiles (linear interpolation between order statistics, R type 7) as the
 * interval, alpha = 1 - level. Defaults: B = 2000, level = 0.95.
 *
 * <p>Median (used by every CI here): the middle value, or the mean of the two middle values for even n.
 * Proportion: the share of successes; its resamples are drawn from the 0/1 outcomes. For n = 0 the
 * interval is NaN; with all successes (or none) the percentile interval collapses to a point, a
 * known limit of the percentile bootstrap for proportions near 0 or 1.
 */
public final class Bootstrap {

    /** Default number of resamples. */
    public static final int DEFAULT_RESAMPLES = 2000;
    /** Default seed, so that reports are reproducible. */
    public static final long DEFAULT_SEED = 0x5EED_7E57L;

    private final int resamples;
    private final long seed;
    private final double level;

    public Bootstrap(int resamples, long seed, double level) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("level must be in (0, 1)");
        }
        this.resamples = resamples;
        this.seed = seed;
        this.level = level;
    }

    /** B = 2000, the default seed, 95%. */
    public static Bootstrap defaults() {
        return new Bootstrap(DEFAULT_RESAMPLES, DEFAULT_SEED, 0.95);
    }

    /** B = 2000, 95%, the given seed. */
    public static Bootstrap seeded(long seed) {
        return new Bootstrap(DEFAULT_RESAMPLES, seed, 0.95);
    }

    public int resamples() {
        return resamples;
    }

    public double level() {
        return level;
    }

    /** CI of the median of {@code values}. */
    public Interval median(double[] values) {
        return of(values, Bootstrap::medianOf);
    }

    /** CI of a pass rate: {@code successes} out of {@code n}. */
    public Interval proportion(int successes, int n) {
        if (successes < 0 || successes > n) {
            throw new IllegalArgumentException("successes must be in [0, n]");
        }
        double[] outcomes = new double[n];
        Arrays.fill(outcomes, 0, successes, 1.0);
        return of(outcomes, Bootstrap::meanOf);
    }

    /** CI of any statistic of {@code values} (the statistic may reorder its argument). */
    public Interval of(double[] values, ToDoubleFunction<double[]> statistic) {
        int n = values.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, level, 0);
        }
        double estimate = statistic.applyAsDouble(values.clone());
        SplittableRandom random = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        double[] resample = new double[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                resample[i] = values[random.nextInt(n)];
            }
            stats[b] = statistic.applyAsDouble(resample);
        }
        return interval(estimate, stats, n);
    }

    /**
     * CI of {@code statistic(a*, b*)} where each resample draws whole pairs (a_i, b_i) with
     * replacement, keeping the pairing. {@code a} and {@code b} must have equal length.
     */
    public Interval paired(double[] a, double[] b, PairStatistic statistic) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("paired arrays differ in length");
        }
        int n = a.length;
        if (n == 0) {
            return new Interval(Double.NaN, Double.NaN, Double.NaN, level, 0);
        }
        double estimate = statistic.apply(a.clone(), b.clone());
        SplittableRandom random = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        double[] ra = new double[n];
        double[] rb = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                ra[i] = a[j];
                rb[i] = b[j];
            }
            stats[r] = statistic.apply(ra, rb);
        }
        return interval(estimate, stats, n);
    }

    /** A statistic of paired samples. */
    @FunctionalInterface
    public interface PairStatistic {
        double apply(double[] a, double[] b);
    }

    private Interval interval(double estimate, double[] stats, int n) {
        Arrays.sort(stats);
        double alpha = 1 - level;
        return new Interval(estimate, quantile(stats, alpha / 2), quantile(stats, 1 - alpha / 2), level, n);
    }

    /** Quantile q of sorted data, linear interpolation between order statistics (R type 7). */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Median; sorts its argument in place. NaN for no data. */
    public static double medianOf(double[] values) {
        int n = values.length;
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** Arithmetic mean. NaN for no data. */
    public static double meanOf(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }
}
