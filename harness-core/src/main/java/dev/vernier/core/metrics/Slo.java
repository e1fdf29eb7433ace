package dev.vernier.core.metrics;

import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Latency service-level objectives for goodput and the saturation point (suite key {@code slo:}).
 * Latencies are measured from t_intended (TTFT + queueing delay), so a queue in front of the
 * provider counts against it. A limit of NaN is not set.
 *
 * @param ttftMs max TTFT in ms
 * @param e2eMs  max E2E latency in ms
 * @param tpotMs max TPOT in ms
 */
public record Slo(double ttftMs, double e2eMs, double tpotMs) {

    /** No latency objective: goodput counts successful, passing requests. */
    public static final Slo NONE = new Slo(Double.NaN, Double.NaN, Double.NaN);

    public Slo {
        for (double v : new double[] {ttftMs, e2eMs, tpotMs}) {
            if (!Double.isNaN(v) && !(v > 0)) {
                throw new IllegalArgumentException("an SLO limit must be a positive number of ms, was " + v);
            }
        }
    }

    public boolean any() {
        return !Double.isNaN(ttftMs) || !Double.isNaN(e2eMs) || !Double.isNaN(tpotMs);
    }

    /** Whether the request meets every latency objective (a failed request never does). */
    public boolean latencyMet(Sample s) {
        if (!s.succeeded()) {
            return false;
        }
        if (!Double.isNaN(ttftMs)) {
            long t = s.ttftFromIntendedNanos() >= 0 ? s.ttftFromIntendedNanos() : s.e2eFromIntendedNanos();
            if (t / 1e6 > ttftMs) {
                return false;
            }
        }
        if (!Double.isNaN(e2eMs) && s.e2eFromIntendedNanos() / 1e6 > e2eMs) {
            return false;
        }
        return Double.isNaN(tpotMs) || s.tpotNanos() < 0 || s.tpotNanos() / 1e6 <= tpotMs;
    }

    /**
     * Good for goodput: succeeded, met every latency objective and passed its case's assertions (a
     * request whose case has no assertions passes).
     */
    public boolean good(Sample s) {
        return latencyMet(s) && (s.scores().isEmpty() || Verdict.passed(s));
    }

    /** Measured requests that are {@link #good}. */
    public long goodCount(Iterable<Sample> samples) {
        long n = 0;
        for (Sample s : samples) {
            if (!s.warmup() && good(s)) {
                n++;
            }
        }
        return n;
    }

    /** e.g. {@code TTFT <= 500 ms, E2E <= 5000 ms}; "none" without limits. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!Double.isNaN(ttftMs)) {
            parts.add("TTFT <= " + fmt(ttftMs) + " ms");
        }
        if (!Double.isNaN(e2eMs)) {
            parts.add("E2E <= " + fmt(e2eMs) + " ms");
        }
        if (!Double.isNaN(tpotMs)) {
            parts.add("TPOT <= " + fmt(tpotMs) + " ms");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
