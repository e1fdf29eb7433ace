package dev.vernier.core.cost;

import dev.vernier.core.api.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * API prices per model, loaded from the shipped resource {@code dev/vernier/core/cost/prices.yaml}
 * (every entry with its source URL and the date it was read), optionally overridden or extended by
 * a suite with {@link #withOverrides(Map)}.
 *
 * <p>Lookup ({@link #find(String)}) accepts a bare model name ({@code gpt-4.1-mini}), an alias, or a
 * provider-qualified id ({@code openai:gpt-4.1-mini}); a qualified id only matches an entry of that
 * provider, so a self-hosted server exposing a model under an API model's name is never priced as
 * the API. Matching ignores case; a dated snapshot suffix ({@code -2025-04-14} or {@code -20250414})
 * falls back to the undated entry. A model without a price yields {@link Optional#empty()}: reports
 * print "unknown", never 0.
 *
 * <p>Override map shape (as parsed from a suite's {@code prices:} block):
 * <pre>
 * gpt-4.1-mini: { input: 0.35 }            # change one field of a shipped entry
 * my-model:                                # add an entry
 *   provider: acme
 *   input: 1.0
 *   cached_input: 0.1                      # optional
 *   output: 3.0
 *   source: https://acme.example/pricing   # optional for overrides (default "suite")
 *   read: 2026-11-20                       # optional for overrides
 * </pre>
 */
public final class PriceCatalogue {

    /** Classpath location of the shipped catalogue. */
    public static final String RESOURCE = "/dev/vernier/core/cost/prices.yaml";

    private static final Set<String> ENTRY_KEYS =
            Set.of("provider", "aliases", "input", "cached_input", "output", "source", "read", "note", "currency");
    private static final Pattern DATED_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

    private final Map<String, ModelPrice> byModel;

    private PriceCatalogue(Map<String, ModelPrice> byModel) {
        this.byModel = Collections.unmodifiableMap(new LinkedHashMap<>(byModel));
    }

    /** An empty catalogue (every lookup unknown). */
    public static PriceCatalogue empty() {
        return new PriceCatalogue(Map.of());
    }

    /** The catalogue shipped with Vernier. */
    public static PriceCatalogue shipped() {
        try (InputStream in = PriceCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("price catalogue resource missing: " + RESOURCE);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        } catch (ConfigException e) {
            throw new IllegalStateException(
                    "shipped price catalogue is invalid at " + e.key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a catalogue document ({@code currency:} and {@code models:}).
     *
     * @param strict when true every entry needs {@code source} and {@code read}
     */
    public static PriceCatalogue parse(Reader yaml, boolean strict) throws ConfigException {
        Object root = new Yaml(new LoaderOptions()).load(yaml);
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException(null, "price catalogue must be a mapping with 'currency' and 'models'");
        }
        String currency = map.get("currency") == null ? "USD" : String.valueOf(map.get("currency"));
        Object models = map.get("models");
        if (!(models instanceof Map<?, ?> entries)) {
            throw new ConfigException("models", "'models' must be a mapping of model id to prices");
        }
        Map<String, ModelPrice> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entries.entrySet()) {
            String model = String.valueOf(e.getKey());
            ModelPrice p = entry("models." + model, model, e.getValue(), null, currency, strict);
            out.put(normalise(model), p);
        }
        return new PriceCatalogue(out);
    }

    /**
     * This catalogue with a suite's overrides applied: a key naming an existing model (or alias)
     * replaces the fields it gives; any other key adds a model, which needs {@code input} and
     * {@code output}. Errors name the offending key as {@code prices.<model>.<field>}.
     */
    public PriceCatalogue withOverrides(Map<String, Object> overrides) throws ConfigException {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        Map<String, ModelPrice> out = new LinkedHashMap<>(byModel);
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            String model = e.getKey();
            if (model == null || model.isBlank()) {
                throw new ConfigException("prices", "a price override needs a model id as its key");
            }
            ModelPrice base = find(model).orElse(null);
            ModelPrice p = entry(
                    "prices." + model,
                    base == null ? model : base.model(),
                    e.getValue(),
                    base,
                    base == null ? "USD" : base.currency(),
                    false);
            if (base != null) {
                out.remove(normalise(base.model()));
            }
            out.put(normalise(p.model()), p);
        }
        return new PriceCatalogue(out);
    }

    /** Every entry, in catalogue order. */
    public Collection<ModelPrice> entries() {
        return byModel.values();
    }

    /** The price of a model by name, alias or {@code provider:model} id; empty when unknown. */
    public Optional<ModelPrice> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        String provider = null;
        String model = id.trim();
        int colon = model.indexOf(':');
        if (colon > 0) {
            provider = model.substring(0, colon);
            model = model.substring(colon + 1);
        }
        return find(provider, model);
    }

    /** The price of {@code model} offered by {@code provider} (null: any provider); empty when unknown. */
    public Optional<ModelPrice> find(String provider, String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        Optional<ModelPrice> hit = lookup(provider, normalise(model));
        if (hit.isEmpty()) {
            String undated = DATED_SUFFIX.matcher(normalise(model)).replaceFirst("");
            if (!undated.equals(normalise(model))) {
                hit = lookup(provider, undated);
            }
        }
        return hit;
    }

    private Optional<ModelPrice> lookup(String provider, String key) {
        ModelPrice direct = byModel.get(key);
        List<ModelPrice> candidates = new ArrayList<>();
        if (direct != null) {
            candidates.add(direct);
        }
        for (ModelPrice p : byModel.values()) {
            if (p != direct && p.aliases().stream().anyMatch(a -> normalise(a).equals(key))) {
                candidates.add(p);
            }
        }
        return candidates.stream()
                .filter(p -> provider == null || p.provider().equalsIgnoreCase(provider.trim()))
                .findFirst();
    }

    private static String normalise(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }

    private static ModelPrice entry(
            String keyPrefix, String model, Object value, ModelPrice base, String currency, boolean strict)
            throws ConfigException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new ConfigException(
                    keyPrefix,
                    "'" + keyPrefix + "' must be a mapping with input and output "
                            + "prices per 1M tokens, e.g. { input: 0.40, output: 1.60 }");
        }
        for (Object k : m.keySet()) {
            if (!ENTRY_KEYS.contains(String.valueOf(k))) {
                throw new ConfigException(
                        keyPrefix + "." + k,
                        "unknown key '" + k + "' in '" + keyPrefix + "'. Allowed: "
                                + String.join(", ", new TreeSet<>(ENTRY_KEYS)));
            }
        }
        Double input = number(keyPrefix, m, "input", base == null ? null : base.inputPerMillion());
        Double output = number(keyPrefix, m, "output", base == null ? null : base.outputPerMillion());
        Double cached = number(keyPrefix, m, "cached_input", base == null ? null : base.cachedInputPerMillion());
        if (input == null) {
            throw new ConfigException(
                    keyPrefix + ".input", "'" + keyPrefix + ".input' is required: " + "the price per 1M input tokens");
        }
        if (output == null) {
            throw new ConfigException(
                    keyPrefix + ".output",
                    "'" + keyPrefix + ".output' is required: " + "the price per 1M output tokens");
        }
        String provider = text(m, "provider", base == null ? "" : base.provider());
        boolean pricesChanged = m.containsKey("input") || m.containsKey("output") || m.containsKey("cached_input");
        String defaultSource = base != null && !pricesChanged ? base.source() : (strict ? null : "suite");
        String source = text(m, "source", defaultSource);
        if (strict && (source == null || source.isBlank())) {
            throw new ConfigException(
                    keyPrefix + ".source",
                    "'" + keyPrefix + ".source' is required: " + "the URL the price was read from");
        }
        LocalDate read = date(keyPrefix, m, base != null && base.source().equals(source) ? base.readOn() : null);
        if (strict && read == null) {
            throw new ConfigException(
                    keyPrefix + ".read",
                    "'" + keyPrefix + ".read' is required: " + "the date the source was read, YYYY-MM-DD");
        }
        List<String> aliases = base == null ? List.of() : base.aliases();
        Object a = m.get("aliases");
        if (a != null) {
            if (!(a instanceof List<?> list)) {
                throw new ConfigException(
                        keyPrefix + ".aliases", "'" + keyPrefix + ".aliases' must be a list of names");
            }
            aliases = list.stream().map(String::valueOf).toList();
        }
        String cur = text(m, "currency", currency);
        String note = text(m, "note", base == null ? "" : base.note());
        return new ModelPrice(model, provider, aliases, cur, input, cached, output, source, read, note);
    }

    private static Double number(String prefix, Map<?, ?> m, String key, Double fallback) throws ConfigException {
        if (!m.containsKey(key)) {
            return fallback;
        }
        Object v = m.get(key);
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(
                        prefix + "." + key,
                        "'" + prefix + "." + key + "' must be a price in USD per 1M tokens, was '" + v + "'");
            }
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new ConfigException(
                    prefix + "." + key,
                    "'" + prefix + "." + key + "' must be a non-negative price in USD per 1M tokens, was " + v);
        }
        return d;
    }

    private static String text(Map<?, ?> m, String key, String fallback) {
        Object v = m.get(key);
        return v == null ? fallback : String.valueOf(v);
    }

    private static LocalDate date(String prefix, Map<?, ?> m, LocalDate fallback) throws ConfigException {
        Object v = m.get("read");
        if (v == null) {
            return fallback;
        }
        if (v instanceof Date d) {
            return d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        }
        try {
            return LocalDate.parse(String.valueOf(v).trim());
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    prefix + ".read", "'" + prefix + ".read' must be a date YYYY-MM-DD, was '" + v + "'");
        }
    }
}
