package dev.vernier.provider.langchain4j;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaModel;
import dev.langchain4j.model.ollama.OllamaModels;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.provider.http.ApiKeySource;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.HttpProviderFactory;
import dev.vernier.provider.http.TransportOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Provider type {@code langchain4j-ollama}: a model served by Ollama, called through
 * langchain4j-ollama's {@code OllamaStreamingChatModel} (or {@code OllamaChatModel} with
 * {@code stream: false}) and its default JDK HTTP client.
 *
 * <p>Options, as for the native {@code ollama} type: {@code model} (required, e.g.
 * {@code llama3.2:1b}); {@code base_url} (default {@value #DEFAULT_BASE_URL}); {@code num_ctx};
 * {@code open_weights} (default true); {@code licence}; {@code stream} (default true);
 * {@code connect_timeout_ms}; {@code first_token_timeout_ms} (default 120000: a cold server loads the
 * model first); {@code max_retries}; {@code retry_backoff_ms}; {@code api_key_env} /
 * {@code api_key_file} (only for an Ollama behind an authenticating proxy, sent as a Bearer token;
 * no key is read unless one of them is given). {@code keep_alive} is not offered: langchain4j-ollama
 * does not send it. Token counts are Ollama's own ({@code prompt_eval_count}, {@code eval_count}).
 */
public final class LangChain4jOllamaFactory extends HttpProviderFactory<OllamaModelSettings> {

    public static final String TYPE = "langchain4j-ollama";
    public static final String DEFAULT_BASE_URL = "http://localhost:11434";
    public static final long DEFAULT_FIRST_TOKEN_TIMEOUT_MS = 120_000;

    private static final ApiKeySource KEY = ApiKeySource.standard("OLLAMA_API_KEY");
    private static final Duration LISTING_TIMEOUT = Duration.ofSeconds(5);

    public LangChain4jOllamaFactory() {
        super(TYPE, KEY, false, "model", "num_ctx", "open_weights", "licence", "stream");
    }

    /** Only when {@code api_key_env} or {@code api_key_file} is given. */
    @Override
    protected boolean readsKey(ProviderConfig config) {
        return config.has(KEY.envOption()) || config.has(KEY.fileOption());
    }

    @Override
    protected OllamaModelSettings settings(ProviderConfig config) throws ConfigException {
        String model = requiredModel(config, "name a pulled model, e.g. llama3.2:1b (see `ollama list`).");
        TransportOptions transport = TransportOptions.parse(config, DEFAULT_BASE_URL, DEFAULT_FIRST_TOKEN_TIMEOUT_MS);
        Integer numCtx = null;
        if (config.has("num_ctx")) {
            long value = config.integer("num_ctx", 0);
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw new ConfigException(
                        "num_ctx", "'num_ctx' must be a positive number of tokens, e.g. 8192; was " + value);
            }
            numCtx = (int) value;
        }
        String licence = config.string("licence", null);
        return new OllamaModelSettings(
                model,
                transport,
                numCtx,
                config.bool("open_weights", true),
                licence == null || licence.isBlank() ? null : licence.trim(),
                config.has(KEY.envOption()) ? KEY.envName(config) : null,
                config.bool("stream", true));
    }

    @Override
    protected Provider newProvider(String id, OllamaModelSettings s, String apiKey) {
        Map<String, String> headers = apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
        ChatModelProvider.Builder builder = s.stream()
                ? ChatModelProvider.builder(
                        id,
                        OllamaStreamingChatModel.builder()
                                .baseUrl(s.baseUrl().toString())
                                .modelName(s.model())
                                .numCtx(s.numCtx())
                                .customHeaders(headers)
                                .timeout(HttpModels.responseHeadTimeout(s.transport()))
                                .httpClientBuilder(HttpModels.httpClient(s.transport()))
                                .returnThinking(true)
                                .build())
                : ChatModelProvider.builder(
                        id,
                        OllamaChatModel.builder()
                                .baseUrl(s.baseUrl().toString())
                                .modelName(s.model())
                                .numCtx(s.numCtx())
                                .customHeaders(headers)
                                .timeout(HttpModels.responseHeadTimeout(s.transport()))
                                .httpClientBuilder(HttpModels.httpClient(s.transport()))
                                .returnThinking(true)
                                .maxRetries(0) // Vernier retries, and counts the attempts
                                .build());
        String authHint = s.apiKeyEnv() != null
                ? "check the proxy key in " + s.apiKeyEnv() + " or api_key_file"
                : "the server asks for a key: set api_key_env or api_key_file";
        return HttpModels.limits(builder, s.transport())
                .accessMode(AccessMode.SELF_HOSTED_SERVER)
                .facts(new ModelFacts(
                        s.model(),
                        s.openWeights(),
                        s.licence(),
                        null,
                        null,
                        s.dataGoes(),
                        "Ollama native API at " + s.baseUrl() + " through langchain4j-ollama "
                                + (s.stream() ? "OllamaStreamingChatModel" : "OllamaChatModel (not streaming)")
                                + "; tokens from the server's prompt_eval_count / eval_count"))
                .failures(HttpFailures.of(TYPE, s.baseUrl(), authHint))
                .usageSource(CountSource.PROVIDER_NATIVE)
                .finishReasonRequired(true)
                .availability(() -> unavailableReason(s, apiKey))
                .build();
    }

    /**
     * Null when the server lists the model among its pulled models (asked through langchain4j's
     * {@code OllamaModels}); a server that answers but cannot list is given the benefit of the doubt.
     * Behind a key-checking proxy only the answer is checked (langchain4j's listing sends no key).
     */
    private static String unavailableReason(OllamaModelSettings s, String apiKey) {
        String shownAs = s.baseUrl().toString();
        if (s.apiKeyEnv() != null && apiKey == null) {
            return TYPE + ": api_key_env names " + s.apiKeyEnv() + ", which is not set — set it or drop api_key_env";
        }
        if (apiKey != null) {
            return HttpModels.probe(
                    URI.create(shownAs + "/api/tags"),
                    Map.of("Authorization", "Bearer " + apiKey),
                    TYPE,
                    shownAs,
                    "start it with `ollama serve`");
        }
        List<OllamaModel> models;
        try {
            models = OllamaModels.builder()
                    .baseUrl(shownAs)
                    .timeout(LISTING_TIMEOUT)
                    .maxRetries(0)
                    .build()
                    .availableModels()
                    .content();
        } catch (RuntimeException e) {
            HttpException http = FailureMapping.find(e, HttpException.class);
            if (http == null) {
                return TYPE + ": no server at " + shownAs + " — start it with `ollama serve`";
            }
            return http.statusCode() == 401 || http.statusCode() == 403
                    ? TYPE + ": " + shownAs + " refused the request (HTTP " + http.statusCode() + ") — set api_key_env"
                    : null;
        }
        if (models == null || models.stream().anyMatch(m -> sameModel(m.getName(), s.model()))) {
            return null;
        }
        return TYPE + ": model '" + s.model() + "' is not pulled — run `ollama pull " + s.model() + "`";
    }

    /** Whether two Ollama model names are the same model; a name without a tag means {@code :latest}. */
    static boolean sameModel(String listed, String wanted) {
        return listed != null && tagged(listed).equals(tagged(wanted));
    }

    private static String tagged(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.substring(n.lastIndexOf('/') + 1).contains(":") ? n : n + ":latest";
    }

    @Override
    public String summary() {
        return "Ollama through langchain4j-ollama's streaming model";
    }
}
