package dev.vernier.report;

import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.PassCount;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The numbers every report shows for one provider that ran: its {@link Summary} plus what the
 * reports derive from its measured samples. The pass rate comes from the samples' scores; cost is
 * not in the result tree yet, its accessors return empty and the reports print {@link #NOT_MEASURED}.
 * When samples carry cost, fill it here and every writer picks it up.
 *
 * @param run         how the provider took part
 * @param summary     aggregates of its measured samples
 * @param measured    its measured (non-warm-up) samples, in plan order
 * @param consistency share of case x prompt groups (with at least two successful repeats) whose outputs
 *                    are all identical; NaN when no group has two
 * @param consistencyGroups number of groups the consistency is computed over
 */
record ProviderFigures(ProviderRun run, Summary summary, List<Sample> measured, double consistency,
                       int consistencyGroups) {

    /** What a report prints for a number this run did not measure. */
    static final String NOT_MEASURED = "not measured";

    String id() {
        return run.providerId();
    }

    /**
     * Share of judged measured requests that pass their case (weighted assertion share at least the
     * case threshold; a failed request counts as not passing); empty when no sample carries scores.
     */
    OptionalDouble passRate() {
        return passCount().rate();
    }

    /** Passing and judged request counts behind {@link #passRate()}. */
    PassCount passCount() {
        return PassCount.of(measured);
    }

    /** Cost of 1,000 requests in USD; empty until samples carry cost. */
    OptionalDouble costPer1kRequests() {
        return OptionalDouble.empty();
    }

    /** Cost divided by requests passing their assertions, in USD; empty until both exist. */
    OptionalDouble costPerCorrectAnswer() {
        return OptionalDouble.empty();
    }

    /** "yes", "no" or "unknown". */
    String openWeights() {
        ModelFacts f = run.facts();
        if (f == null || f.openWeights() == null) {
            return "unknown";
        }
        return f.openWeights() ? "yes" : "no";
    }

    /** Where prompts go, in words; "unknown" without model facts. */
    String dataGoes() {
        return run.facts() == null ? "unknown" : run.facts().dataGoes().description();
    }

    /** Access mode in words. */
    String accessMode() {
        return Words.accessMode(run.accessMode());
    }
}
