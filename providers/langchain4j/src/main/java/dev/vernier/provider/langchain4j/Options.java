package dev.vernier.provider.langchain4j;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.ProviderConfig;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Option readers the {@code langchain4j*} types share, each with one clear message. */
final class Options {

    private static final Map<String, AccessMode> ACCESS_MODES = Map.of(
            "proprietary_api", AccessMode.PROPRIETARY_API,
            "self_hosted_server", AccessMode.SELF_HOSTED_SERVER,
            "in_process", AccessMode.IN_PROCESS);

    private static final Map<String, CountSource> USAGE_SOURCES =
            Map.of("server_usage", CountSource.SERVER_USAGE, "provider_native", CountSource.PROVIDER_NATIVE);

    private Options() {}

    /** {@code access_mode}: proprietary_api, self_hosted_server or in_process; {@code fallback} when absent. */
    static AccessMode accessMode(ProviderConfig config, AccessMode fallback) throws ConfigException {
        return oneOf(config, "access_mode", ACCESS_MODES, fallback);
    }

    /** {@code usage_source}: server_usage or provider_native; {@code fallback} when absent. */
    static CountSource usageSource(ProviderConfig config, CountSource fallback) throws ConfigException {
        return oneOf(config, "usage_source", USAGE_SOURCES, fallback);
    }

    /** {@code open_weights} as given, or null when not stated. */
    static Boolean openWeights(ProviderConfig config) throws ConfigException {
        return config.has("open_weights") ? config.bool("open_weights", false) : null;
    }

    private static <T> T oneOf(ProviderConfig config, String key, Map<String, T> values, T fallback)
            throws ConfigException {
        if (!config.has(key)) {
            return fallback;
        }
        String text = config.string(key).trim().toLowerCase(Locale.ROOT);
        T value = values.get(text);
        if (value == null) {
            throw new ConfigException(
                    key,
                    "'" + key + "' must be one of " + String.join(", ", new TreeSet<>(values.keySet())) + ", was '"
                            + config.string(key) + "'");
        }
        return value;
    }
}
