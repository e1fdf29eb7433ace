package dev.vernier.core.metrics;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;

/**
 * Percentiles of one metric, read from a histogram (3 significant digits).
 *
 * @param count  values recorded
 * @param p50    median
 * @param p90    90th percentile
 * @param p95    95th percentile
 * @param p99    99th percentile
 * @param max    largest value
 * @param mean   arithmetic mean
 * @param stddev standard deviation
 */
public record Distribution(
        long count, double p50, double p90, double p95, double p99, double max, double mean, double stddev) {

    public static final Distribution EMPTY =
            new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Reads a histogram of integer values, dividing each by {@code unitsPerResult} (e.g. 1000 for µs to ms). */
    public static Distribution of(Histogram h, double unitsPerResult) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Distribution(
                h.getTotalCount(),
                h.getValueAtPercentile(50) / unitsPerResult,
                h.getValueAtPercentile(90) / unitsPerResult,
                h.getValueAtPercentile(95) / unitsPerResult,
                h.getValueAtPercentile(99) / unitsPerResult,
                h.getMaxValue() / unitsPerResult,
                h.getMean() / unitsPerResult,
                h.getStdDeviation() / unitsPerResult);
    }

    public static Distribution of(DoubleHistogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new Distribution(
                h.getTotalCount(),
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(90),
                h.getValueAtPercentile(95),
                h.getValueAtPercentile(99),
                h.getMaxValue(),
                h.getMean(),
                h.getStdDeviation());
    }
}
