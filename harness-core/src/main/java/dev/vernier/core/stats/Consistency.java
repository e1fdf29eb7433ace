package dev.vernier.core.stats;

import dev.vernier.core.run.Sample;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Consistency across repeats. For each provider x case x prompt with k measured repeats:
 * <pre>
 * identical share = (count of the most common output text) / k    (1 = all identical, 1/k = all different)
 * pass^k          = all k repeats pass
 * pass@k          = at least one repeat passes
 * flaky           = some repeats pass and some fail  (pass@k and not pass^k)
 * </pre>
 * Outputs are compared as exact strings (a failed request's output counts as its text, usually
 * empty). Warm-ups are excluded. Across cases, {@link Summary} gives the share of cases with pass^k
 * and pass@k and the number of flaky cases.
 */
public final class Consistency {

    /**
     * One case's consistency.
     *
     * @param providerId     provider
     * @param caseId         case
     * @param promptId       prompt
     * @param k              measured repeats
     * @param passes         repeats that passed
     * @param identicalShare share of outputs equal to the most common output
     * @param distinctOutputs number of distinct outputs
     */
    public record CaseConsistency(
            String providerId,
            String caseId,
            String promptId,
            int k,
            int passes,
            double identicalShare,
            int distinctOutputs) {

        public boolean passAll() {
            return k > 0 && passes == k;
        }

        public boolean passAny() {
            return passes > 0;
        }

        public boolean flaky() {
            return passes > 0 && passes < k;
        }
    }

    /**
     * Across cases.
     *
     * @param cases     cases counted
     * @param passAllShare share of cases with pass^k
     * @param passAnyShare share of cases with pass@k
     * @param flakyCases   number of flaky cases
     * @param meanIdenticalShare mean identical share
     */
    public record Summary(
            int cases, double passAllShare, double passAnyShare, int flakyCases, double meanIdenticalShare) {}

    private Consistency() {}

    /** Per provider x case x prompt, in first-seen order. */
    public static List<CaseConsistency> perCase(Collection<Sample> samples, Predicate<Sample> passed) {
        Map<List<String>, List<Sample>> groups = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (!s.warmup()) {
                groups.computeIfAbsent(
                                List.of(s.providerId(), String.valueOf(s.caseId()), String.valueOf(s.promptId())),
                                g -> new ArrayList<>())
                        .add(s);
            }
        }
        List<CaseConsistency> out = new ArrayList<>();
        for (Map.Entry<List<String>, List<Sample>> e : groups.entrySet()) {
            List<Sample> g = e.getValue();
            g.sort(Comparator.comparingInt(Sample::repeat));
            Map<String, Integer> counts = new HashMap<>();
            int passes = 0;
            for (Sample s : g) {
                counts.merge(s.text(), 1, Integer::sum);
                if (passed.test(s)) {
                    passes++;
                }
            }
            int top = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
            out.add(new CaseConsistency(
                    e.getKey().get(0),
                    e.getKey().get(1),
                    e.getKey().get(2),
                    g.size(),
                    passes,
                    (double) top / g.size(),
                    counts.size()));
        }
        return out;
    }

    /** Aggregates per-case results; NaN shares when there are no cases. */
    public static Summary summarise(List<CaseConsistency> cases) {
        int n = cases.size();
        if (n == 0) {
            return new Summary(0, Double.NaN, Double.NaN, 0, Double.NaN);
        }
        long all = cases.stream().filter(CaseConsistency::passAll).count();
        long any = cases.stream().filter(CaseConsistency::passAny).count();
        int flaky = (int) cases.stream().filter(CaseConsistency::flaky).count();
        double mean = cases.stream()
                .mapToDouble(CaseConsistency::identicalShare)
                .average()
                .orElse(Double.NaN);
        return new Summary(n, (double) all / n, (double) any / n, flaky, mean);
    }
}
