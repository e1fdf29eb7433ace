package dev.vernier.core.api;

import dev.vernier.core.cost.HardwareSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One provider entry of a suite, as given: its type, id, the type's own options, the folder relative
 * paths are resolved against, and the environment to read keys from (injectable for tests). The keys
 * every provider entry may have besides its type's options ({@code timeout_ms}, {@code hardware},
 * {@code reasoning}) are parsed once by the suite loader and kept typed ({@link #timeout()},
 * {@link #hardware()}, {@link #reasoning()}); they are not among {@link #options()}. An entry whose
 * {@code reasoning.effort} lists several levels (an effort sweep) becomes one config per level, each
 * with its level as {@link #sweepLevel()}.
 */
public final class ProviderConfig {

    private final String type;
    private final String id;
    private final Map<String, Object> options;
    private final Path baseDir;
    private final UnaryOperator<String> env;
    private final Duration timeout;
    private final HardwareSpec hardware;
    private final Reasoning reasoning;
    private final String sweepLevel;
    private final boolean sendsResponseSchema;
    private final boolean sendsTools;

    public ProviderConfig(
            String type, String id, Map<String, Object> options, Path baseDir, UnaryOperator<String> env) {
        this(type, id, options, baseDir, env, null, null);
    }

    /**
     * @param timeout  the entry's own per-request time limit ({@code timeout_ms}), null for the suite's
     * @param hardware the hardware the entry declares for self-hosted cost ({@code hardware}), null for none
     */
    public ProviderConfig(
            String type,
            String id,
            Map<String, Object> options,
            Path baseDir,
            UnaryOperator<String> env,
            Duration timeout,
            HardwareSpec hardware) {
        this(type, id, options, baseDir, env, timeout, hardware, null, null);
    }

    /**
     * @param reasoning  the entry's {@code reasoning:} settings, null when it has none
     * @param sweepLevel the effort level this config runs when its entry sweeps {@code reasoning.effort}
     *                   (its id then gets {@code @<level>}), null otherwise
     */
    public ProviderConfig(
            String type,
            String id,
            Map<String, Object> options,
            Path baseDir,
            UnaryOperator<String> env,
            Duration timeout,
            HardwareSpec hardware,
            Reasoning reasoning,
            String sweepLevel) {
        this.type = Objects.requireNonNull(type, "type");
        this.id = id;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.baseDir = Objects.requireNonNull(baseDir, "baseDir");
        this.env = Objects.requireNonNull(env, "env");
        this.timeout = timeout;
        this.hardware = hardware;
        this.reasoning = reasoning;
        this.sweepLevel = sweepLevel;
        this.sendsResponseSchema = true;
        this.sendsTools = true;
    }

    private ProviderConfig(ProviderConfig c, boolean sendsResponseSchema, boolean sendsTools) {
        this(c, c.options, c.env, sendsResponseSchema, sendsTools);
    }

    private ProviderConfig(
            ProviderConfig c,
            Map<String, Object> options,
            UnaryOperator<String> env,
            boolean sendsResponseSchema,
            boolean sendsTools) {
        this.type = c.type;
        this.id = c.id;
        this.options = options;
        this.baseDir = c.baseDir;
        this.env = env;
        this.timeout = c.timeout;
        this.hardware = c.hardware;
        this.reasoning = c.reasoning;
        this.sweepLevel = c.sweepLevel;
        this.sendsResponseSchema = sendsResponseSchema;
        this.sendsTools = sendsTools;
    }

    /**
     * This entry with {@code response_format: none}: its requests go without the prompts' response schema
     * (free text), e.g. to pair the same cases with and without constrained decoding.
     */
    public ProviderConfig withoutResponseSchema() {
        return new ProviderConfig(this, false, sendsTools);
    }

    /**
     * This entry with {@code tools: none}: its requests go without the prompts' tools (free text, no
     * tool loop), e.g. to measure what declaring the tools costs, or for a type that cannot send them.
     */
    public ProviderConfig withoutTools() {
        return new ProviderConfig(this, sendsResponseSchema, false);
    }

    /**
     * This entry with other options and another environment, all else kept (reasoning, timeout,
     * hardware, what its requests send): for a copy of a provider aimed elsewhere, such as the harness
     * warm-up's loopback twin.
     */
    public ProviderConfig withOptions(Map<String, Object> options, UnaryOperator<String> env) {
        return new ProviderConfig(
                this,
                Collections.unmodifiableMap(new LinkedHashMap<>(options)),
                Objects.requireNonNull(env, "env"),
                sendsResponseSchema,
                sendsTools);
    }

    /** Whether this entry's requests declare their prompt's tools (false for {@code tools: none}). */
    public boolean sendsTools() {
        return sendsTools;
    }

    /** Whether this entry's requests carry their prompt's response schema (false for {@code response_format: none}). */
    public boolean sendsResponseSchema() {
        return sendsResponseSchema;
    }

    public static ProviderConfig of(String type, Map<String, Object> options) {
        return new ProviderConfig(type, null, options, Path.of("."), System::getenv);
    }

    public String type() {
        return type;
    }

    /** The id the suite gave, or null to let the provider choose {@code type:model}. */
    public String id() {
        return id;
    }

    public Map<String, Object> options() {
        return options;
    }

    public Path baseDir() {
        return baseDir;
    }

    /** The entry's own per-request time limit, empty to use the suite's. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** The hardware the entry declares (for self-hosted cost), or null. */
    public HardwareSpec hardware() {
        return hardware;
    }

    /** The entry's {@code reasoning:} settings, empty when it has none. */
    public Optional<Reasoning> reasoning() {
        return Optional.ofNullable(reasoning);
    }

    /**
     * The effort level this config runs when its suite entry sweeps {@code reasoning.effort} (e.g.
     * {@code low}), null when the entry is not a sweep. The session runs it under its provider's id
     * with {@code @<level>} appended.
     */
    public String sweepLevel() {
        return sweepLevel;
    }

    /** Reads an environment variable through the injected environment. */
    public String env(String name) {
        return env.apply(name);
    }

    public boolean has(String key) {
        return options.containsKey(key) && options.get(key) != null;
    }

    public String string(String key) throws ConfigException {
        Object value = options.get(key);
        if (value == null) {
            throw new ConfigException(key, "'" + key + "' is required for provider type '" + type + "'");
        }
        if (value instanceof Map || value instanceof List) {
            throw new ConfigException(key, "'" + key + "' must be a single value, not a list or map");
        }
        return value.toString();
    }

    public String string(String key, String fallback) throws ConfigException {
        return has(key) ? string(key) : fallback;
    }

    public long integer(String key, long fallback) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        Object value = options.get(key);
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        throw new ConfigException(key, "'" + key + "' must be a whole number, was '" + value + "'");
    }

    public double decimal(String key, double fallback) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        Object value = options.get(key);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new ConfigException(key, "'" + key + "' must be a number, was '" + value + "'");
    }

    public boolean bool(String key, boolean fallback) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        Object value = options.get(key);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new ConfigException(key, "'" + key + "' must be true or false, was '" + value + "'");
    }

    @Override
    public String toString() {
        // Options may hold key-file paths but never keys; still, print only the key names.
        return "ProviderConfig[type=" + type + ", id=" + id + ", keys=" + options.keySet() + "]";
    }
}
