package dev.vernier.maven;

import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.PassCount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The limits a run must stay within for the build to pass. A null limit is not checked. Every limit
 * that is set is checked against every provider that ran (skipped providers have no numbers); a
 * limit on something the run does not measure is a breach saying so, never a silent pass.
 *
 * @param minPassRate          lowest share of passed assertions over the whole run, 0..1
 * @param minProviderPassRate  lowest share of passed assertions for each provider, 0..1
 * @param maxP95TtftMs         highest TTFT p95 per provider, milliseconds
 * @param maxP95E2eMs          highest E2E latency p95 per provider, milliseconds
 * @param maxCostPer1kRequests highest cost of 1,000 requests per provider, US dollars
 * @param maxErrorRate         highest share of failed requests per provider, 0..1
 */
public record Gates(
        Double minPassRate,
        Double minProviderPassRate,
        Double maxP95TtftMs,
        Double maxP95E2eMs,
        Double maxCostPer1kRequests,
        Double maxErrorRate) {

    /** Provider label for run-wide gates. */
    public static final String ALL_PROVIDERS = "all providers";

    /** Whether any limit is set. */
    public boolean any() {
        return minPassRate != null
                || minProviderPassRate != null
                || maxP95TtftMs != null
                || maxP95E2eMs != null
                || maxCostPer1kRequests != null
                || maxErrorRate != null;
    }

    /**
     * @throws IllegalArgumentException naming the parameter when a limit is out of range
     */
    public void validate() {
        share("minPassRate", minPassRate);
        share("minProviderPassRate", minProviderPassRate);
        share("maxErrorRate", maxErrorRate);
        positive("maxP95TtftMs", maxP95TtftMs);
        positive("maxP95E2eMs", maxP95E2eMs);
        positive("maxCostPer1kRequests", maxCostPer1kRequests);
    }

    /** Every breach of this run, run-wide gates first, then per provider in suite order. */
    public List<Breach> check(RunResult result) {
        List<Breach> breaches = new ArrayList<>();
        if (minPassRate != null) {
            passRate(breaches, ALL_PROVIDERS, PassCount.of(result.samples()), minPassRate, "minPassRate");
        }
        Map<String, Summary> summaries = result.summaries();
        for (Summary s : summaries.values()) {
            String id = s.providerId();
            if (minProviderPassRate != null) {
                passRate(
                        breaches,
                        id,
                        PassCount.of(result.samples().stream()
                                .filter(x -> x.providerId().equals(id))
                                .toList()),
                        minProviderPassRate,
                        "minProviderPassRate");
            }
            if (maxP95TtftMs != null) {
                atMost(breaches, id, "TTFT p95", s.ttftMs().p95(), maxP95TtftMs, " ms", "maxP95TtftMs");
            }
            if (maxP95E2eMs != null) {
                atMost(breaches, id, "E2E p95", s.e2eMs().p95(), maxP95E2eMs, " ms", "maxP95E2eMs");
            }
            if (maxCostPer1kRequests != null) {
                costPer1k(
                        breaches,
                        id,
                        result.samples().stream()
                                .filter(x -> x.providerId().equals(id) && !x.warmup())
                                .toList(),
                        maxCostPer1kRequests);
            }
            if (maxErrorRate != null) {
                double rate = s.errorRate();
                if (s.requests() == 0 || rate > maxErrorRate) {
                    breaches.add(new Breach(
                            id,
                            "error rate",
                            s.requests() == 0
                                    ? "not measured — no requests"
                                    : plain(rate) + " (" + s.failures() + "/" + s.requests() + ")",
                            "<= " + plain(maxErrorRate),
                            "maxErrorRate"));
                }
            }
        }
        return breaches;
    }

    private static void passRate(List<Breach> out, String id, PassCount count, double limit, String parameter) {
        if (count.rate().isEmpty()) {
            out.add(new Breach(
                    id,
                    "pass rate",
                    "not measured — no assertions scored (add 'assert:' to the cases)",
                    ">= " + plain(limit),
                    parameter));
        } else if (count.rate().getAsDouble() < limit) {
            out.add(new Breach(
                    id,
                    "pass rate",
                    plain(count.rate().getAsDouble()) + " (" + count.passed() + "/" + count.judged() + ")",
                    ">= " + plain(limit),
                    parameter));
        }
    }

    /** The sample provider stat with a request's cost in USD (set by the session when it could be priced). */

    /**
     * Cost of 1,000 requests = mean measured request cost x 1000; a breach saying "not measured" when any
     * measured request of the provider has no cost (an unknown price is never taken as free).
     */
    private static void costPer1k(List<Breach> out, String id, List<Sample> measured, double limit) {
        long priced = measured.stream()
                .filter(x -> x.providerStats().containsKey(Sample.COST_STAT))
                .count();
        if (measured.isEmpty() || priced < measured.size()) {
            out.add(new Breach(
                    id,
                    "cost per 1k requests",
                    priced == 0
                            ? "not measured — no price or hardware cost applies (declare 'prices:' or 'hardware:' in the suite)"
                            : "not measured — " + (measured.size() - priced) + " of " + measured.size()
                                    + " requests have no known cost",
                    "<= $" + plain(limit),
                    "maxCostPer1kRequests"));
            return;
        }
        double per1k = measured.stream()
                        .mapToDouble(x -> x.providerStats().get(Sample.COST_STAT))
                        .sum()
                / measured.size()
                * 1000;
        if (per1k > limit) {
            out.add(new Breach(
                    id, "cost per 1k requests", "$" + plain(per1k), "<= $" + plain(limit), "maxCostPer1kRequests"));
        }
    }

    private static void atMost(
            List<Breach> out, String id, String metric, double measured, double limit, String unit, String parameter) {
        if (Double.isNaN(measured)) {
            out.add(new Breach(
                    id, metric, "not measured — no successful request", "<= " + plain(limit) + unit, parameter));
        } else if (measured > limit) {
            out.add(new Breach(id, metric, plain(measured) + unit, "<= " + plain(limit) + unit, parameter));
        }
    }

    private static String plain(double value) {
        String s = String.format(Locale.ROOT, "%.3f", value);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }

    private static void share(String name, Double value) {
        if (value != null && (value.isNaN() || value < 0 || value > 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1 (a share, e.g. 0.95), was " + value);
        }
    }

    private static void positive(String name, Double value) {
        if (value != null && (value.isNaN() || value < 0)) {
            throw new IllegalArgumentException(name + " must be 0 or more, was " + value);
        }
    }
}
