package dev.vernier.core.suite;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.cost.PriceCatalogue;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.metrics.Slo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A validated benchmark suite: what to send, to whom, how often.
 *
 * @param file        where it was loaded from
 * @param name        suite name
 * @param description free text
 * @param prompts     prompt templates (every case is sent with every prompt)
 * @param cases       cases with variable values
 * @param providers   provider entries, validated against their factories
 * @param defaults    generation parameters
 * @param repeats     measured repetitions of every (case, prompt, provider)
 * @param warmup      warm-up requests per provider, sent first and excluded from statistics
 * @param concurrency closed-loop concurrency: at most this many requests in flight per provider
 * @param timeout     per-request time limit
 * @param prices      the price catalogue for this run: the shipped one with the suite's {@code prices:}
 *                    applied (null means the shipped one)
 * @param expectedMonthlyTokens the suite's {@code expected_monthly_tokens} (for the break-even verdict), or null
 * @param load        how requests are offered (suite key {@code load:}); without it, a closed loop at
 *                    {@code concurrency} sending the plan once
 * @param slo         latency objectives for goodput and the saturation point (suite key {@code slo:})
 */
public record Suite(
        Path file,
        String name,
        String description,
        List<PromptTemplate> prompts,
        List<TestCase> cases,
        List<ProviderConfig> providers,
        Defaults defaults,
        int repeats,
        int warmup,
        int concurrency,
        Duration timeout,
        PriceCatalogue prices,
        Double expectedMonthlyTokens,
        LoadProfile load,
        Slo slo) {

    /** A suite with the shipped prices, no expected monthly volume, a closed loop at {@code concurrency} and no SLO. */
    public Suite(
            Path file,
            String name,
            String description,
            List<PromptTemplate> prompts,
            List<TestCase> cases,
            List<ProviderConfig> providers,
            Defaults defaults,
            int repeats,
            int warmup,
            int concurrency,
            Duration timeout) {
        this(
                file,
                name,
                description,
                prompts,
                cases,
                providers,
                defaults,
                repeats,
                warmup,
                concurrency,
                timeout,
                null,
                null,
                LoadProfile.closed(concurrency),
                Slo.NONE);
    }

    /** The shipped catalogue, read once (it is immutable). */
    private static final class Shipped {
        static final PriceCatalogue PRICES = PriceCatalogue.shipped();
    }

    public Suite {
        prices = prices == null ? Shipped.PRICES : prices;
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        prompts = List.copyOf(prompts);
        cases = List.copyOf(cases);
        providers = List.copyOf(providers);
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(timeout, "timeout");
        load = load == null ? LoadProfile.closed(Math.max(1, concurrency)) : load;
        slo = slo == null ? Slo.NONE : slo;
    }

    /** This suite with another number of measured repeats (a command-line override). */
    public Suite withRepeats(int newRepeats) {
        if (newRepeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, was " + newRepeats);
        }
        return with(newRepeats, load);
    }

    /** This suite with another load profile (a command-line override); {@code concurrency} follows its first step. */
    public Suite withLoad(LoadProfile newLoad) {
        return with(repeats, newLoad);
    }

    private Suite with(int newRepeats, LoadProfile newLoad) {
        return new Suite(
                file,
                name,
                description,
                prompts,
                cases,
                providers,
                defaults,
                newRepeats,
                warmup,
                newLoad.firstConcurrency(),
                timeout,
                prices,
                expectedMonthlyTokens,
                newLoad,
                slo);
    }

    /**
     * The per-request time limit of one provider entry: its own {@code timeout_ms} when given, else
     * the suite's.
     */
    public Duration timeoutOf(ProviderConfig provider) {
        return provider.timeout().orElse(timeout);
    }
}
