package dev.vernier.core.cost;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The published price of one API model, in {@code currency} per 1,000,000 tokens.
 *
 * <p>Cost of a request (see {@link ApiCost}):
 * {@code (input - cached) x input + cached x cachedInput + output x output}, all / 1e6.
 *
 * @param model              the model id as the API names it, e.g. {@code gpt-4.1-mini}
 * @param provider           the vendor, e.g. {@code openai}, {@code anthropic}, {@code google}, {@code mistral}
 * @param aliases            other names the API accepts for the same model (dated snapshots, short names)
 * @param currency           ISO currency code, {@code USD} for every shipped entry
 * @param inputPerMillion    price per 1M input (prompt) tokens not served from a cache
 * @param cachedInputPerMillion price per 1M input tokens served from the prompt cache; {@code null}
 *                           when the source names none, in which case cached tokens are billed at
 *                           {@code inputPerMillion}
 * @param outputPerMillion   price per 1M output tokens (reasoning tokens included)
 * @param source             where the price was read (a URL), or {@code suite} for a suite override
 * @param readOn             the date the source was read; {@code null} only for a suite override without one
 * @param note               a caveat (tiering, third-party source), empty when none
 */
public record ModelPrice(
        String model,
        String provider,
        List<String> aliases,
        String currency,
        double inputPerMillion,
        Double cachedInputPerMillion,
        double outputPerMillion,
        String source,
        LocalDate readOn,
        String note) {

    public ModelPrice {
        Objects.requireNonNull(model, "model");
        provider = provider == null ? "" : provider;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        currency = currency == null ? "USD" : currency;
        if (!(inputPerMillion >= 0)
                || !(outputPerMillion >= 0)
                || (cachedInputPerMillion != null && !(cachedInputPerMillion >= 0))) {
            throw new IllegalArgumentException("prices must be non-negative numbers for " + model);
        }
        source = source == null ? "" : source;
        note = note == null ? "" : note;
    }

    /** The cached-input price, empty when the source gave none. */
    public OptionalDouble cachedInput() {
        return cachedInputPerMillion == null ? OptionalDouble.empty() : OptionalDouble.of(cachedInputPerMillion);
    }

    /** The price actually applied to a cached token: the cached price, else the input price. */
    public double effectiveCachedInputPerMillion() {
        return cachedInputPerMillion == null ? inputPerMillion : cachedInputPerMillion;
    }
}
