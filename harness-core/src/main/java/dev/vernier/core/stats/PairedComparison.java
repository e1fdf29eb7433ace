package dev.vernier.core.stats;

import dev.vernier.core.run.Sample;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Paired comparison of two providers that ran the same plan. Samples are paired by
 * {@code case | prompt | repeat} ({@link #key(Sample)}); warm-ups are ignored and keys present on
 * one side only are dropped.
 *
 * <p><b>Metric values</b> (latency, speed): difference of medians
 * {@code D = median(a) - median(b)} with a percentile-bootstrap CI that resamples whole pairs
 * ({@link Bootstrap#paired}). The difference is significant when the CI excludes 0.
 *
 * <p><b>Pass/fail</b>: the exact McNemar test. With n01 = pairs where only A passed and n10 = pairs
 * where only B passed, n = n01 + n10 discordant pairs, under H0 n01 ~ Binomial(n, 1/2):
 * <pre>
 * p = min(1, 2 x sum_{i=0..min(n01, n10)} C(n, i) / 2^n)      (p = 1 when n = 0)
 * </pre>
 * Significant when p &lt; 0.05.
 */
public final class PairedComparison {

    /** Significance level used by the phrasing. */
    public static final double ALPHA = 0.05;

    /** One pair of metric values. */
    public record Pair(String key, double a, double b) {}

    /** One pair of pass/fail outcomes. */
    public record OutcomePair(String key, boolean a, boolean b) {}

    /**
     * Difference of medians A - B with its CI, in {@code unit}.
     *
     * @param nameA      label of A
     * @param nameB      label of B
     * @param difference median(a) - median(b), with the bootstrap CI
     * @param unit       unit of the values, e.g. {@code ms}
     */
    public record MedianDifference(String nameA, String nameB, Interval difference, String unit) {

        /** True when the CI excludes 0. */
        public boolean significant() {
            return difference.defined() && (difference.lower() > 0 || difference.upper() < 0);
        }

        /** Phrasing for a metric where lower is better, e.g. {@code comparative = "faster"} for latency. */
        public String lowerIsBetter(String comparative) {
            return phrase(comparative, true);
        }

        /** Phrasing for a metric where higher is better, e.g. {@code comparative = "faster"} for tokens/s. */
        public String higherIsBetter(String comparative) {
            return phrase(comparative, false);
        }

        private String phrase(String comparative, boolean lowerIsBetter) {
            Interval d = difference;
            String pct = Math.round(d.level() * 100) + "% CI ";
            if (!d.defined()) {
                return "no paired data to compare " + nameA + " and " + nameB;
            }
            if (!significant()) {
                return "no significant difference between " + nameA + " and " + nameB + " (difference of medians "
                        + fmt(d.estimate()) + " " + unit + ", " + pct + fmt(d.lower()) + "–" + fmt(d.upper()) + ")";
            }
            boolean aBetter = lowerIsBetter ? d.upper() < 0 : d.lower() > 0;
            String winner = aBetter ? nameA : nameB;
            String loser = aBetter ? nameB : nameA;
            double by = Math.abs(d.estimate());
            double lo = Math.min(Math.abs(d.lower()), Math.abs(d.upper()));
            double hi = Math.max(Math.abs(d.lower()), Math.abs(d.upper()));
            return winner + " is " + comparative + " than " + loser + " by " + fmt(by) + " " + unit + " (" + pct
                    + fmt(lo) + "–" + fmt(hi) + ")";
        }
    }

    /**
     * Result of the exact McNemar test.
     *
     * @param bothPass pairs where both passed
     * @param onlyA    pairs where only A passed (n01)
     * @param onlyB    pairs where only B passed (n10)
     * @param bothFail pairs where both failed
     * @param pValue   two-sided exact p-value
     */
    public record McNemar(String nameA, String nameB, int bothPass, int onlyA, int onlyB, int bothFail, double pValue) {

        public int pairs() {
            return bothPass + onlyA + onlyB + bothFail;
        }

        public boolean significant() {
            return pValue < ALPHA;
        }

        /** E.g. "A passes more often than B: ... (exact McNemar p = 0.012)" or "no significant difference ...". */
        public String phrase() {
            String counts = nameA + " alone passed " + onlyA + " and " + nameB + " alone passed " + onlyB + " of "
                    + pairs() + " paired samples";
            String p = "exact McNemar p = " + fmtP(pValue);
            if (!significant()) {
                return "no significant difference in pass rate between " + nameA + " and " + nameB + " (" + counts
                        + "; " + p + ")";
            }
            String winner = onlyA > onlyB ? nameA : nameB;
            String loser = onlyA > onlyB ? nameB : nameA;
            return winner + " passes more often than " + loser + " (" + counts + "; " + p + ")";
        }
    }

    private PairedComparison() {}

    /** The pairing key of a sample: {@code caseId|promptId|repeat}. */
    public static String key(Sample s) {
        return s.caseId() + "|" + s.promptId() + "|" + s.repeat();
    }

    /**
     * Pairs metric values; excludes warm-ups, failed samples and values that are NaN or negative
     * (the harness's "undefined" marker, e.g. TTFT of a non-streamed reply).
     */
    public static List<Pair> pairValues(Collection<Sample> a, Collection<Sample> b, ToDoubleFunction<Sample> metric) {
        Map<String, Double> left = values(a, metric);
        Map<String, Double> right = values(b, metric);
        List<Pair> out = new ArrayList<>();
        for (Map.Entry<String, Double> e : left.entrySet()) {
            Double other = right.get(e.getKey());
            if (other != null) {
                out.add(new Pair(e.getKey(), e.getValue(), other));
            }
        }
        return out;
    }

    /** Pairs pass/fail outcomes; excludes warm-ups only (a failed request is a failed answer). */
    public static List<OutcomePair> pairOutcomes(Collection<Sample> a, Collection<Sample> b, Predicate<Sample> passed) {
        Map<String, Boolean> left = new LinkedHashMap<>();
        Map<String, Boolean> right = new LinkedHashMap<>();
        a.stream().filter(s -> !s.warmup()).forEach(s -> left.putIfAbsent(key(s), passed.test(s)));
        b.stream().filter(s -> !s.warmup()).forEach(s -> right.putIfAbsent(key(s), passed.test(s)));
        List<OutcomePair> out = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : left.entrySet()) {
            Boolean other = right.get(e.getKey());
            if (other != null) {
                out.add(new OutcomePair(e.getKey(), e.getValue(), other));
            }
        }
        return out;
    }

    private static Map<String, Double> values(Collection<Sample> samples, ToDoubleFunction<Sample> metric) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.warmup() || !s.succeeded()) {
                continue;
            }
            double v = metric.applyAsDouble(s);
            if (!Double.isNaN(v) && v >= 0 && !Double.isInfinite(v)) {
                out.putIfAbsent(key(s), v);
            }
        }
        return out;
    }

    /** Difference of medians A - B over the pairs, with a bootstrap CI resampling pairs. */
    public static MedianDifference medians(
            String nameA, String nameB, List<Pair> pairs, String unit, Bootstrap bootstrap) {
        double[] a = pairs.stream().mapToDouble(Pair::a).toArray();
        double[] b = pairs.stream().mapToDouble(Pair::b).toArray();
        Interval d = bootstrap.paired(a, b, (x, y) -> Bootstrap.medianOf(x) - Bootstrap.medianOf(y));
        return new MedianDifference(nameA, nameB, d, unit);
    }

    /** The exact McNemar test over paired outcomes. */
    public static McNemar mcnemar(String nameA, String nameB, List<OutcomePair> pairs) {
        int both = 0;
        int onlyA = 0;
        int onlyB = 0;
        int neither = 0;
        for (OutcomePair p : pairs) {
            if (p.a() && p.b()) {
                both++;
            } else if (p.a()) {
                onlyA++;
            } else if (p.b()) {
                onlyB++;
            } else {
                neither++;
            }
        }
        return new McNemar(nameA, nameB, both, onlyA, onlyB, neither, mcnemarExactP(onlyA, onlyB));
    }

    /**
     * Two-sided exact McNemar p-value for discordant counts n01 and n10:
     * {@code min(1, 2 x P(X <= min(n01, n10)))}, X ~ Binomial(n01 + n10, 1/2). Computed in log space, so
     * it is exact to double precision for any n.
     */
    public static double mcnemarExactP(int n01, int n10) {
        if (n01 < 0 || n10 < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
        int n = n01 + n10;
        if (n == 0) {
            return 1.0;
        }
        int k = Math.min(n01, n10);
        double logPmf = n * Math.log(0.5);
        double tail = 0;
        for (int i = 0; i <= k; i++) {
            tail += Math.exp(logPmf);
            logPmf += Math.log(n - i) - Math.log(i + 1);
        }
        return Math.min(1.0, 2 * tail);
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a == 0) {
            return "0";
        }
        return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static String fmtP(double p) {
        if (p < 0.001) {
            return "< 0.001";
        }
        return String.format(Locale.ROOT, "%.3f", p);
    }
}
