package dev.vernier.provider.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.Secrets;
import dev.vernier.provider.http.ApiKeySource;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.HttpProviderSettings;
import dev.vernier.provider.http.RetryPolicy;
import dev.vernier.provider.http.TransportOptions;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Provider type {@code langchain4j}: any langchain4j chat model on the class path, built from its own
 * builder. {@code builder} names the model class (one with a static {@code builder()}, e.g.
 * {@code dev.langchain4j.model.mistralai.MistralAiStreamingChatModel}) or the builder class itself;
 * {@code properties} is a map of the builder's methods and their values, named exactly as in Java
 * ({@code baseUrl}, {@code modelName}, {@code timeout}, ...). A builder that builds a
 * {@link StreamingChatModel} is streamed; one that builds a {@link ChatModel} is called whole.
 *
 * <p>Vernier's own options: {@code model} (the name in the id and report; default the
 * {@code modelName} property); {@code api_key_env} / {@code api_key_file} (a key, read only when one
 * is given, registered with {@link Secrets} and passed to the builder's {@code api_key_property}
 * method, default {@code apiKey}: a key is never written in the suite); {@code access_mode};
 * {@code open_weights}; {@code usage_source} ({@code server_usage}, the default, or
 * {@code provider_native}); {@code require_finish_reason} (default true: a stream that ends without
 * one is a broken stream); {@code first_token_timeout_ms} (default 60000, 0 disables);
 * {@code max_retries} (default 3); {@code retry_backoff_ms} (default 200).
 *
 * <p>When the builder has {@code httpClientBuilder(HttpClientBuilder)}, Vernier gives it
 * {@link ObservedHttpClientBuilder#jdk()}: langchain4j's default client, observed (for
 * {@code Retry-After}, empty and broken streams). Everything else is as the properties say.
 */
public final class LangChain4jBuilderFactory implements ProviderFactory {

    public static final String TYPE = "langchain4j";

    private static final ApiKeySource KEY = ApiKeySource.standard("LANGCHAIN4J_API_KEY");

    private static final Set<String> OPTION_KEYS = Set.of(
            "builder",
            BuilderProperties.OPTION,
            "model",
            "api_key_property",
            KEY.envOption(),
            KEY.fileOption(),
            "access_mode",
            "open_weights",
            "usage_source",
            "require_finish_reason",
            "first_token_timeout_ms",
            "max_retries",
            "retry_backoff_ms");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> optionKeys() {
        return OPTION_KEYS;
    }

    /** Loads the class and sets every property on a builder (no model is built, nothing is sent). */
    @Override
    public void validate(ProviderConfig config) throws ConfigException {
        configured(config, null);
        if (readsKey(config)) {
            KEY.validate(config);
        }
        limits(config);
        Options.accessMode(config, AccessMode.PROPRIETARY_API);
        Options.usageSource(config, CountSource.SERVER_USAGE);
        Options.openWeights(config);
        config.bool("require_finish_reason", true);
    }

    @Override
    public Provider create(ProviderConfig config) throws ConfigException {
        String apiKey = readsKey(config) ? KEY.resolve(config) : null;
        if (readsKey(config) && apiKey == null) {
            throw new ConfigException(
                    KEY.envOption(), "no key found — " + KEY.hint(config) + ", or drop api_key_env / api_key_file");
        }
        BuilderProperties builder = configured(config, apiKey);
        Object model = builder.build();
        String name = modelName(config);
        String id = config.id() != null ? config.id() : TYPE + ":" + name;
        ChatModelProvider.Builder provider;
        if (model instanceof StreamingChatModel streaming) {
            provider = ChatModelProvider.builder(id, streaming);
        } else if (model instanceof ChatModel blocking) {
            provider = ChatModelProvider.builder(id, blocking);
        } else {
            throw new ConfigException(
                    "builder",
                    builder.builderClass() + " built a " + model.getClass().getName()
                            + ", which is not a langchain4j ChatModel or StreamingChatModel");
        }
        Object baseUrl = properties(config).get("baseUrl");
        URI server = httpUrl(baseUrl);
        String label = TYPE;
        Limits limits = limits(config);
        AccessMode mode = Options.accessMode(
                config, server != null && onThisMachine(server) ? AccessMode.SELF_HOSTED_SERVER : defaultMode(model));
        provider.accessMode(mode)
                .facts(new ModelFacts(
                        name,
                        Options.openWeights(config),
                        null,
                        null,
                        null,
                        dataGoes(mode, server),
                        "langchain4j " + model.getClass().getSimpleName() + " built by " + builder.builderClass()
                                + (server != null ? " for " + server : "")
                                + (model instanceof StreamingChatModel ? "" : " (not streaming: TTFT equals E2E)")))
                .failures(new HttpFailures(
                        label,
                        server != null ? HttpFailures.hostOf(server) : "the model's server",
                        readsKey(config) ? "check the key: " + KEY.hint(config) : "",
                        null))
                .retry(limits.retry())
                .firstTokenTimeout(limits.firstToken())
                .usageSource(Options.usageSource(config, CountSource.SERVER_USAGE))
                .finishReasonRequired(config.bool("require_finish_reason", true));
        if (server != null) {
            provider.availability(() -> HttpModels.probe(server, Map.of(), label, server.toString(), "start it"));
        }
        return provider.build();
    }

    private static boolean readsKey(ProviderConfig config) {
        return config.has(KEY.envOption()) || config.has(KEY.fileOption());
    }

    /** The builder with every property set, the key included when there is one. */
    private static BuilderProperties configured(ProviderConfig config, String apiKey) throws ConfigException {
        BuilderProperties builder = BuilderProperties.of(
                config.string("builder"), Thread.currentThread().getContextClassLoader());
        String keyProperty = config.string("api_key_property", "apiKey").trim();
        for (Map.Entry<String, Object> property : properties(config).entrySet()) {
            if (property.getKey().equals(keyProperty)) {
                throw new ConfigException(
                        BuilderProperties.OPTION,
                        "'" + keyProperty + "' must not be written in the suite. Fix: put the key in an environment"
                                + " variable named by api_key_env, or in a file named by api_key_file");
            }
            if (property.getValue() == null) {
                throw new ConfigException(
                        BuilderProperties.OPTION, "'" + property.getKey() + "' has no value; give one or remove it");
            }
            builder.set(property.getKey(), property.getValue());
        }
        if (readsKey(config) && apiKey != null) {
            builder.set(keyProperty, apiKey);
        }
        if (builder.has("httpClientBuilder", ObservedHttpClientBuilder.class)) {
            builder.setObject("httpClientBuilder", HttpClientBuilder.class, ObservedHttpClientBuilder.jdk());
        }
        return builder;
    }

    /** {@code properties} as a map (empty when absent). */
    private static Map<String, Object> properties(ProviderConfig config) throws ConfigException {
        if (!config.has(BuilderProperties.OPTION)) {
            return Map.of();
        }
        Object value = config.options().get(BuilderProperties.OPTION);
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException(
                    BuilderProperties.OPTION,
                    "'properties' must be a map of builder methods to values, e.g. 'modelName: gpt-4.1-mini'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String modelName(ProviderConfig config) throws ConfigException {
        if (config.has("model")) {
            return config.string("model").trim();
        }
        Object name = properties(config).get("modelName");
        if (name instanceof String text && !text.isBlank()) {
            return text.trim();
        }
        String builder = config.string("builder").trim();
        return builder.substring(builder.lastIndexOf('.') + 1);
    }

    /** The limits Vernier enforces around the model. */
    private record Limits(Duration firstToken, RetryPolicy retry) {}

    private static Limits limits(ProviderConfig config) throws ConfigException {
        long firstTokenMs = TransportOptions.nonNegative(config, "first_token_timeout_ms", 60_000);
        long retries = TransportOptions.nonNegative(config, "max_retries", 3);
        long backoffMs = TransportOptions.nonNegative(config, "retry_backoff_ms", RetryPolicy.STANDARD_BASE.toMillis());
        if (retries > 20) {
            throw new ConfigException("max_retries", "'max_retries' must be at most 20, was " + retries);
        }
        return new Limits(
                Duration.ofMillis(firstTokenMs),
                RetryPolicy.standard((int) retries).withBaseDelay(Duration.ofMillis(backoffMs)));
    }

    private static URI httpUrl(Object baseUrl) {
        if (!(baseUrl instanceof String text)) {
            return null;
        }
        try {
            URI uri = URI.create(text.trim());
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null
                    ? uri
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean onThisMachine(URI server) {
        return HttpProviderSettings.isLoopbackHost(server.getHost());
    }

    private static AccessMode defaultMode(Object model) {
        ModelProvider vendor = model instanceof StreamingChatModel s ? s.provider() : ((ChatModel) model).provider();
        return vendor == ModelProvider.OLLAMA ? AccessMode.SELF_HOSTED_SERVER : AccessMode.PROPRIETARY_API;
    }

    private static DataDestination dataGoes(AccessMode mode, URI server) {
        if (mode == AccessMode.PROPRIETARY_API) {
            return DataDestination.VENDOR;
        }
        if (mode == AccessMode.IN_PROCESS || server != null && onThisMachine(server)) {
            return DataDestination.THIS_MACHINE;
        }
        return DataDestination.OWN_SERVER;
    }

    @Override
    public String summary() {
        return "any langchain4j chat model, built from its builder class and properties";
    }

    @Override
    public String keySource() {
        return "only with 'api_key_property' (the builder property it goes to): environment variable "
                + KEY.defaultEnv() + " (or 'api_key_env'), or a file named by 'api_key_file'";
    }
}
