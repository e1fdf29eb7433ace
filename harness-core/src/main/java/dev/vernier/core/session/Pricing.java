package dev.vernier.core.session;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.cost.ApiCost;
import dev.vernier.core.cost.BreakEven;
import dev.vernier.core.cost.ModelPrice;
import dev.vernier.core.cost.PriceCatalogue;
import dev.vernier.core.cost.SelfHostedCost;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Score;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What requests cost (docs/metrics.md): an API provider's samples from their token
 * counts and the price catalogue, a self-hosted provider's with declared {@code hardware} from its
 * busy time at its load step's concurrency, and an LLM judge's own request when the judge is a
 * priced API.
 */
final class Pricing {

    private final PriceCatalogue prices;
    private final List<LoadStep> steps;

    Pricing(PriceCatalogue prices, List<LoadStep> steps) {
        this.prices = prices;
        this.steps = List.copyOf(steps);
    }

    /** The catalogue price of an API provider: by its id, then by its model (with and without its type as vendor). */
    Optional<ModelPrice> apiPrice(Provider provider, ModelFacts facts, ProviderConfig config) {
        if (provider.accessMode() != AccessMode.PROPRIETARY_API) {
            return Optional.empty();
        }
        Optional<ModelPrice> hit = prices.find(provider.id());
        List<String> models = new ArrayList<>();
        if (facts != null && facts.model() != null) {
            models.add(facts.model());
        }
        if (config != null && config.options().get("model") instanceof String m) {
            models.add(m);
        }
        for (String m : models) {
            if (hit.isEmpty() && config != null) {
                hit = prices.find(config.type(), m);
            }
            if (hit.isEmpty()) {
                hit = prices.find(m);
            }
        }
        return hit;
    }

    /**
     * The sample with its cost as {@link Sample#COST_STAT} when it can be priced, and for an API
     * provider the part spent on hidden reasoning as {@link Sample#HIDDEN_REASONING_COST_STAT} when both
     * are known; the sample itself when it cannot be priced (or already carries a cost).
     */
    Sample priced(Sample sample, ProviderSlot slot) {
        if (sample.costUsd().isPresent()) {
            return sample;
        }
        OptionalDouble cost = OptionalDouble.empty();
        if (slot.apiPrice() != null) {
            cost = ApiCost.of(sample.tokens(), slot.apiPrice());
            OptionalDouble hidden = ApiCost.hiddenReasoning(sample, slot.apiPrice());
            if (cost.isPresent() && hidden.isPresent() && sample.hiddenReasoningTokens() > 0) {
                sample = sample.withProviderStat(Sample.HIDDEN_REASONING_COST_STAT, hidden.getAsDouble());
            }
        } else if (slot.hardware() != null && slot.accessMode() != AccessMode.PROPRIETARY_API) {
            int concurrency =
                    steps.get(Math.min(sample.step(), steps.size() - 1)).nominalConcurrency();
            cost = OptionalDouble.of(SelfHostedCost.perRequest(slot.hardware(), sample, concurrency));
        }
        return cost.isPresent() ? sample.withProviderStat(Sample.COST_STAT, cost.getAsDouble()) : sample;
    }

    /** An LLM judge's score with the judge request's own cost ({@code judge_cost_usd}) when it can be priced. */
    Score withJudgeCost(Score score, ProviderLookup judges) {
        Map<String, Object> d = score.details();
        if (d == null
                || !(d.get("judge_provider") instanceof String judgeId)
                || !(d.get("judge_input_tokens") instanceof Number in)
                || !(d.get("judge_output_tokens") instanceof Number out)) {
            return score;
        }
        Provider judge = judges.find(judgeId);
        if (judge == null) {
            return score;
        }
        Optional<ModelPrice> price = apiPrice(judge, describe(judge), null);
        OptionalDouble cost =
                ApiCost.of(TokenCounts.of(in.longValue(), out.longValue(), CountSource.SERVER_USAGE), price);
        if (cost.isEmpty()) {
            return score;
        }
        Map<String, Object> details = new LinkedHashMap<>(d);
        details.put("judge_cost_usd", cost.getAsDouble());
        return new Score(score.assertion(), score.pass(), score.score(), score.weight(), score.reason(), details);
    }

    /**
     * An API provider's average price per 1M tokens over the token mix of its measured samples whose
     * input and output counts are known ({@link BreakEven#apiUsdPerMillionTokens}); null when it has no
     * price or no tokens were counted.
     */
    static Double apiUsdPerMillionTokens(ModelPrice price, String providerId, Collection<Sample> samples) {
        if (price == null) {
            return null;
        }
        long in = 0;
        long cached = 0;
        long out = 0;
        for (Sample s : samples) {
            if (s.providerId().equals(providerId)
                    && !s.warmup()
                    && !s.cancelled()
                    && s.tokens().input() >= 0
                    && s.tokens().output() >= 0) {
                in += s.tokens().input();
                cached += Math.min(
                        Math.max(0, s.tokens().cachedInput()), s.tokens().input());
                out += s.tokens().output();
            }
        }
        OptionalDouble a = BreakEven.apiUsdPerMillionTokens(price, in, cached, out);
        return a.isPresent() ? a.getAsDouble() : null;
    }

    static ModelFacts describe(Provider provider) {
        try {
            return provider.describe();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Finds a provider by any name a suite may use for it (id, suite id, type). */
    interface ProviderLookup {
        Provider find(String name);
    }
}
