package dev.vernier.core.cost;

import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Cost of API requests from their token counts and a {@link ModelPrice} (DESIGN.md section 3,
 * "cost (API)").
 *
 * <pre>
 * cost = ((input - cached) x price_in + cached x price_cached + output x price_out) / 1e6
 * </pre>
 *
 * <p>Conventions:
 * <ul>
 *   <li>{@link TokenCounts#input()} <em>includes</em> the cached tokens (as OpenAI's
 *       {@code prompt_tokens} and Gemini's {@code promptTokenCount} do; a provider whose API reports
 *       cache reads separately, like Anthropic's {@code cache_read_input_tokens}, must add them into
 *       {@code input}). Cached tokens are billed at the cached price, the rest at the input price.</li>
 *   <li>An unknown cached count ({@code -1}) is taken as 0: every input token is billed at the full
 *       input price, so the cost is never underestimated.</li>
 *   <li>A model without a cached price bills cached tokens at the input price.</li>
 *   <li>Output includes reasoning tokens, shown or not (billed as output by every vendor listed; a
 *       provider whose API reports thinking apart from the answer, like Gemini's
 *       {@code thoughtsTokenCount}, adds it into {@code output}).</li>
 *   <li>An unknown input or output count (or no price) gives an unknown cost: empty, never 0.</li>
 *   <li>Cache writes, batch discounts and long-prompt tiers are not modelled.</li>
 * </ul>
 */
public final class ApiCost {

    private ApiCost() {}

    /** The cost of one request in the price's currency; empty when a count is unknown. */
    public static OptionalDouble of(TokenCounts tokens, ModelPrice price) {
        Objects.requireNonNull(price, "price");
        if (tokens == null || tokens.input() < 0 || tokens.output() < 0) {
            return OptionalDouble.empty();
        }
        long cached = Math.min(Math.max(0, tokens.cachedInput()), tokens.input());
        long uncached = tokens.input() - cached;
        return OptionalDouble.of((uncached * price.inputPerMillion()
                        + cached * price.effectiveCachedInputPerMillion()
                        + tokens.output() * price.outputPerMillion())
                / 1e6);
    }

    /** As {@link #of(TokenCounts, ModelPrice)}; empty also when the price is unknown. */
    public static OptionalDouble of(TokenCounts tokens, Optional<ModelPrice> price) {
        return price.isPresent() ? of(tokens, price.get()) : OptionalDouble.empty();
    }

    /**
     * The part of a request's cost spent on reasoning the user could not read:
     * {@code hidden_reasoning_tokens x price_out / 1e6} ({@link Sample#hiddenReasoningTokens()}); empty
     * when the hidden count is unknown.
     */
    public static OptionalDouble hiddenReasoning(Sample sample, ModelPrice price) {
        Objects.requireNonNull(price, "price");
        long hidden = sample.hiddenReasoningTokens();
        return hidden < 0 ? OptionalDouble.empty() : OptionalDouble.of(hidden * price.outputPerMillion() / 1e6);
    }

    /**
     * The summed cost of the given samples (the caller chooses which: e.g. measured samples, or all
     * including warm-ups, which the vendor bills too). A sample whose counts are unknown is counted
     * as unpriced, and then the total is unknown.
     */
    public static CostTotal total(Collection<Sample> samples, ModelPrice price) {
        double sum = 0;
        int priced = 0;
        int unpriced = 0;
        for (Sample s : samples) {
            OptionalDouble c = price == null ? OptionalDouble.empty() : of(s.tokens(), price);
            if (c.isPresent()) {
                sum += c.getAsDouble();
                priced++;
            } else {
                unpriced++;
            }
        }
        return new CostTotal(sum, priced, unpriced);
    }
}
