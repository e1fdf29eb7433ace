package dev.vernier.report;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.cost.CostPerCorrect;
import dev.vernier.core.cost.SelfHostedCost;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.PassCount;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The numbers every report shows for one provider that ran: its {@link Summary} plus what the
 * reports derive from its measured samples. The pass rate comes from the samples' scores; cost from
 * each sample's provider stat {@code cost_usd} (set by the session when the provider could be priced).
 * A cost that cannot be given prints {@link #costMissing()}: "unknown" when pricing was expected (an
 * API provider, or only some samples priced), {@link #NOT_MEASURED} when nothing was declared.
 *
 * @param run         how the provider took part
 * @param summary     aggregates of its measured samples
 * @param measured    its measured (non-warm-up) samples, in plan order
 * @param consistency share of case x prompt groups (with at least two successful repeats) whose outputs
 *                    are all identical; NaN when no group has two
 * @param consistencyGroups number of groups the consistency is computed over
 * @param slo         the suite's latency objectives (for goodput)
 */
record ProviderFigures(
        ProviderRun run, Summary summary, List<Sample> measured, double consistency, int consistencyGroups, Slo slo) {

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

    /** Whether any measured request asked for a response schema (structured output). */
    boolean schemaChecked() {
        return summary.schemaChecked() > 0;
    }

    /**
     * The schema-valid rate in words, e.g. {@code 88.9% (8 of 9)}; {@link #NOT_MEASURED} when no request
     * asked for a schema.
     */
    String schemaValidWords() {
        return schemaChecked()
                ? Words.percent(summary.schemaValidRate()) + " (" + summary.schemaValid() + " of "
                        + summary.schemaChecked() + ")"
                : NOT_MEASURED;
    }

    /** The first measured answer that broke its schema (its raw text is the sample's), or null when none did. */
    Sample firstSchemaFailure() {
        return measured.stream()
                .filter(s -> s.schemaCheck() != null && !s.schemaCheck().valid())
                .findFirst()
                .orElse(null);
    }

    /** The sample provider stat holding its cost in USD. */

    /** What a report prints for an unknown cost (never 0). */
    static final String UNKNOWN = "unknown";

    /** Total cost of the measured requests in USD; empty when there are none or any lacks a cost. */
    OptionalDouble costUsdTotal() {
        return costUsdTotal(measured);
    }

    /** As {@link #costUsdTotal()} for any list of measured samples. */
    static OptionalDouble costUsdTotal(List<Sample> measured) {
        if (measured.isEmpty()) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        for (Sample s : measured) {
            Double c = s.providerStats().get(Sample.COST_STAT);
            if (c == null) {
                return OptionalDouble.empty();
            }
            sum += c;
        }
        return OptionalDouble.of(sum);
    }

    /** Cost of 1,000 requests in USD: mean cost of the measured requests x 1000; empty when unknown. */
    OptionalDouble costPer1kRequests() {
        OptionalDouble total = costUsdTotal();
        return total.isPresent()
                ? OptionalDouble.of(total.getAsDouble() / measured.size() * 1000)
                : OptionalDouble.empty();
    }

    /** Total cost / passing measured requests ({@link CostPerCorrect}); null when no sample carries scores. */
    CostPerCorrect costPerCorrect() {
        PassCount pc = passCount();
        return pc.rate().isEmpty() ? null : CostPerCorrect.of(costUsdTotal(), pc.passed());
    }

    /** Cost divided by requests passing their assertions, in USD; empty unless both exist and something passed. */
    OptionalDouble costPerCorrectAnswer() {
        CostPerCorrect c = costPerCorrect();
        return c == null ? OptionalDouble.empty() : c.value();
    }

    /**
     * What to print instead of a cost: "unknown" when the provider is a priced kind (an API) or only
     * some of its samples carry a cost; {@link #NOT_MEASURED} when no price or hardware applied.
     */
    String costMissing() {
        boolean some = measured.stream().anyMatch(s -> s.providerStats().containsKey(Sample.COST_STAT));
        return some || run.accessMode() == AccessMode.PROPRIETARY_API ? UNKNOWN : NOT_MEASURED;
    }

    /** Why the cost is unknown, in words: no price for the model, or some requests without a cost. */
    String unpricedReason() {
        long priced = measured.stream()
                .filter(s -> s.providerStats().containsKey(Sample.COST_STAT))
                .count();
        return priced == 0
                ? "no price known for this model; add it under 'prices:'"
                : (measured.size() - priced) + " of " + measured.size() + " requests have no known cost";
    }

    /** Cost per correct answer in words: a dollar figure, "unknown", "n/a (no passing samples)" or not measured. */
    String costPerCorrectText() {
        CostPerCorrect c = costPerCorrect();
        if (c == null) {
            return NOT_MEASURED;
        }
        return c.kind() == CostPerCorrect.Kind.UNKNOWN_COST ? costMissing() : c.display();
    }

    /**
     * Self-hosted $ per 1M output tokens: {@code usd_per_hour / (output_tokens_per_second x 3600) x 1e6}
     * from the measured aggregate output throughput ({@link dev.vernier.core.cost.SelfHostedCost#perMillionOutputTokens});
     * empty without declared hardware or without output throughput.
     */
    OptionalDouble selfHostedUsdPerMillionOutputTokens() {
        return selfHostedUsdPerMillionOutputTokens(run, summary);
    }

    /** As {@link #selfHostedUsdPerMillionOutputTokens()} for any provider run and its summary. */
    static OptionalDouble selfHostedUsdPerMillionOutputTokens(ProviderRun run, Summary summary) {
        if (run.hardware() == null || summary == null) {
            return OptionalDouble.empty();
        }
        return SelfHostedCost.perMillionOutputTokens(run.hardware(), summary.outputTokensPerSecond());
    }

    /**
     * Goodput over the provider's whole measured window (the sum of its step windows): requests that
     * succeeded, met every latency objective of the suite's SLO (if any) and passed their assertions, per
     * second.
     */
    OptionalDouble goodputPerSecond() {
        return StepFigures.goodput(slo, measured, summary.windowSeconds());
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
