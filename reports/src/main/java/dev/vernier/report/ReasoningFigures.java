package dev.vernier.report;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.metrics.ReasoningSummary;
import dev.vernier.core.run.Sample;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the reports show about one provider's reasoning (docs/metrics.md, the reasoning
 * rows): its {@link ReasoningSummary} and what follows from its measured samples: whether its first
 * token is reasoning, the transparency shares, the mean counts and the sources behind them.
 *
 * @param summary  the provider's reasoning aggregates
 * @param measured its measured samples (warm-ups excluded), failures included
 */
record ReasoningFigures(ReasoningSummary summary, List<Sample> measured) {

    static ReasoningFigures of(ProviderFigures f) {
        return new ReasoningFigures(f.summary().reasoning(), f.measured());
    }

    private List<Sample> succeeded() {
        return measured.stream().filter(Sample::succeeded).toList();
    }

    /** Whether any request reasoned: streamed reasoning, was billed for it, or may have hidden some. */
    boolean any() {
        return summary.any();
    }

    /**
     * Whether the provider's first token is reasoning (some successful request streamed reasoning): its
     * TTFT then times the first thought, not the first answer token, and is compared only with others
     * like it.
     */
    boolean reasoningFirst() {
        return measured.stream().anyMatch(s -> s.succeeded() && s.reasoningStreamed());
    }

    /** Share of billed output tokens the user could not read; empty when unknown or nothing was billed. */
    OptionalDouble hiddenShare() {
        double v = summary.hiddenShare();
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /**
     * Share of the cost spent on hidden reasoning: sum of {@link Sample#HIDDEN_REASONING_COST_STAT} /
     * sum of {@link Sample#COST_STAT} over the successful measured requests; empty when any of them lacks
     * a cost or a known hidden count, or nothing cost anything.
     */
    OptionalDouble hiddenCostShare() {
        List<Sample> ok = succeeded();
        if (ok.isEmpty() || summary.hiddenUnknown() > 0) {
            return OptionalDouble.empty();
        }
        double cost = 0;
        double hidden = 0;
        for (Sample s : ok) {
            Double c = s.providerStats().get(Sample.COST_STAT);
            if (c == null) {
                return OptionalDouble.empty();
            }
            cost += c;
            hidden += s.providerStats().getOrDefault(Sample.HIDDEN_REASONING_COST_STAT, 0.0);
        }
        return cost > 0 ? OptionalDouble.of(hidden / cost) : OptionalDouble.empty();
    }

    /** Mean of a count over the successful requests where it is known; empty when it is known for none. */
    private OptionalDouble mean(long sum, long unknown) {
        long known = summary.requests() - unknown;
        return known > 0 ? OptionalDouble.of((double) sum / known) : OptionalDouble.empty();
    }

    OptionalDouble meanVisible() {
        return mean(summary.visibleReasoningTokens(), summary.visibleUnknown());
    }

    OptionalDouble meanHidden() {
        return mean(summary.hiddenReasoningTokens(), summary.hiddenUnknown());
    }

    OptionalDouble meanAnswer() {
        return mean(summary.answerTokens(), summary.answerUnknown());
    }

    /** The sources of the answer-token counts, e.g. {@code SERVER_USAGE}; several joined with {@code +}. */
    String answerSources() {
        return sources(Sample::answerTokensSource);
    }

    /** The sources of the visible reasoning counts of requests that streamed reasoning. */
    String visibleSources() {
        return sources(s -> s.reasoningStreamed() ? s.visibleReasoningSource() : null);
    }

    /** The sources of the hidden reasoning counts of requests that had any. */
    String hiddenSources() {
        return sources(s -> s.hiddenReasoningTokens() == 0 ? null : s.hiddenReasoningSource());
    }

    private String sources(Function<Sample, CountSource> source) {
        Set<String> names = new TreeSet<>();
        for (Sample s : succeeded()) {
            CountSource c = source.apply(s);
            if (c != null) {
                names.add(c.name());
            }
        }
        return String.join("+", names);
    }

    /**
     * The transparency finding in words: the hidden share of billed output (and of cost), "no reasoning",
     * or why it is unknown.
     */
    String transparency() {
        if (!any()) {
            return "no reasoning tokens reported";
        }
        OptionalDouble share = hiddenShare();
        if (share.isEmpty()) {
            return ProviderFigures.UNKNOWN + " (" + summary.hiddenUnknown() + " of " + summary.requests()
                    + " requests: the vendor reports no count of the reasoning behind what it showed)";
        }
        OptionalDouble cost = hiddenCostShare();
        return Words.percent(share.getAsDouble()) + " of billed output tokens not shown"
                + (cost.isPresent() ? " (" + Words.percent(cost.getAsDouble()) + " of cost)" : "")
                + (reasoningFirst() ? "; reasoning streamed" : "");
    }
}
