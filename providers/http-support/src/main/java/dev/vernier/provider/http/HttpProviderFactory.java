package dev.vernier.provider.http;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link ProviderFactory} steps every HTTP provider type takes the same way, so that a vendor's
 * factory holds only what is its own: how its options become its settings record, and which
 * provider to build from them.
 *
 * <ul>
 *   <li>{@link #optionKeys()}: the vendor's own options, the {@link TransportOptions#KEYS transport
 *       options} and its {@link ApiKeySource}'s options;</li>
 *   <li>{@link #validate}: the settings, then the key options, without reading the key;</li>
 *   <li>{@link #create}: the settings, then the key, then the provider, whose id is the entry's
 *       {@code id} or else {@code <type>:<model>}.</li>
 * </ul>
 * The key is read (and its options checked) for every entry unless {@link #readsKey} says otherwise.
 *
 * @param <S> the vendor's settings
 */
public abstract class HttpProviderFactory<S extends HttpProviderSettings> implements ProviderFactory {

    private final String type;
    private final ApiKeySource key;
    private final Set<String> optionKeys;

    /**
     * @param type       the {@code type:} value, e.g. {@code anthropic}
     * @param key        where the key comes from
     * @param ownOptions the option keys of this type besides the transport and key options
     */
    protected HttpProviderFactory(String type, ApiKeySource key, String... ownOptions) {
        this(type, key, true, ownOptions);
    }

    /**
     * @param ownConnections whether requests go through Vernier's transport; when not (an adapter over
     *                       another client), the {@link TransportOptions#CONNECTION_KEYS} are not options
     *                       of this type, so a suite that sets one is told at load time
     */
    protected HttpProviderFactory(String type, ApiKeySource key, boolean ownConnections, String... ownOptions) {
        this.type = Objects.requireNonNull(type, "type");
        this.key = Objects.requireNonNull(key, "key");
        Set<String> keys = new LinkedHashSet<>(TransportOptions.optionKeys(key, ownOptions));
        if (!ownConnections) {
            keys.removeAll(TransportOptions.CONNECTION_KEYS);
        }
        this.optionKeys = Set.copyOf(keys);
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final Set<String> optionKeys() {
        return optionKeys;
    }

    /**
     * The environment variable (or key file) the key is read from; whether it is required is the
     * type's rule ({@link #requiredKeyHint}).
     */
    @Override
    public String keySource() {
        return "environment variable " + key.defaultEnv() + " (choose another with '" + key.envOption()
                + "'), or a file named by '" + key.fileOption() + "'";
    }

    @Override
    public final void validate(ProviderConfig config) throws ConfigException {
        settings(config);
        if (readsKey(config)) {
            key.validate(config);
        }
    }

    @Override
    public final Provider create(ProviderConfig config) throws ConfigException {
        S settings = settings(config);
        String apiKey = readsKey(config) ? key.resolve(config) : null;
        String id = config.id() != null ? config.id() : type + ":" + settings.model();
        Provider provider = newProvider(id, settings, apiKey);
        if (provider instanceof HttpProvider<?> http) {
            http.twinnedBy((baseUrl, caFile) -> create(twinConfig(config, baseUrl, caFile)));
        }
        return provider;
    }

    /** A stand-in key for loopback twins: sent only to the warm-up's own server. */
    static final String TWIN_KEY = "vernier-warmup-key";

    /**
     * The entry of a loopback twin ({@link HttpProvider#loopbackTwin}): its options with {@code base_url}
     * at the warm-up's server, {@code ca_file} that server's certificate (or none), {@code proxy: none},
     * and the key options removed, the key's default variable reading a stand-in key.
     */
    private ProviderConfig twinConfig(ProviderConfig config, String baseUrl, Path caFile) {
        Map<String, Object> options = new LinkedHashMap<>(config.options());
        options.put("base_url", baseUrl);
        options.put("proxy", "none");
        options.remove("ca_file");
        if (caFile != null) {
            options.put("ca_file", caFile.toString());
        }
        options.remove(key.envOption());
        options.remove(key.fileOption());
        String keyVariable = key.defaultEnv();
        return config.withOptions(options, name -> keyVariable.equals(name) ? TWIN_KEY : null);
    }

    /** Parses and checks every option except the key itself. */
    protected abstract S settings(ProviderConfig config) throws ConfigException;

    /**
     * The provider for one entry.
     *
     * @param apiKey the key, or null when none was found or none was read
     */
    protected abstract Provider newProvider(String id, S settings, String apiKey);

    /** Whether this entry's key is read. Always, unless a type reads one only when asked to. */
    protected boolean readsKey(ProviderConfig config) {
        return true;
    }

    /**
     * The {@code model} option, trimmed.
     *
     * @param fix the end of the message when it is empty, e.g. "name the model, e.g. gpt-4.1-mini."
     * @throws ConfigException "'model' must not be empty. Fix: " and {@code fix}
     */
    protected static String requiredModel(ProviderConfig config, String fix) throws ConfigException {
        String model = config.string("model").trim();
        if (model.isEmpty()) {
            throw new ConfigException("model", "'model' must not be empty. Fix: " + fix);
        }
        return model;
    }
}
