package dev.vernier.provider.langchain4j;

import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Secrets;
import dev.vernier.provider.http.ApiKeySource;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.HttpProviderFactory;
import dev.vernier.provider.http.TransportOptions;
import java.net.URI;
import java.util.Map;

/**
 * Provider type {@code langchain4j-openai}: OpenAI, or any server speaking its Chat Completions
 * protocol, called through langchain4j-open-ai's {@code OpenAiStreamingChatModel} (or
 * {@code OpenAiChatModel} with {@code stream: false}) and its default JDK HTTP client, as a Java
 * application would call it.
 *
 * <p>The options are the native {@code openai} type's: {@code model} (required); {@code base_url}
 * (default {@value #DEFAULT_BASE_URL}); {@code api_key_env} (default {@value #DEFAULT_KEY_ENV});
 * {@code api_key_file}; {@code access_mode}; {@code open_weights}; {@code stream} (default true);
 * {@code connect_timeout_ms} (default 10000); {@code first_token_timeout_ms} (default 60000, 0
 * disables); {@code max_retries} (default 3); {@code retry_backoff_ms} (default 200). Keys are read
 * from the variable or file only, registered with {@link Secrets}, and never written into messages.
 */
public final class LangChain4jOpenAiFactory extends HttpProviderFactory<OpenAiModelSettings> {

    public static final String TYPE = "langchain4j-openai";
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

    private static final ApiKeySource KEY = ApiKeySource.standard(DEFAULT_KEY_ENV);

    public LangChain4jOpenAiFactory() {
        super(TYPE, KEY, false, "model", "access_mode", "open_weights", "stream");
    }

    @Override
    protected OpenAiModelSettings settings(ProviderConfig config) throws ConfigException {
        String model = requiredModel(config, "name the model, e.g. gpt-4.1-mini.");
        TransportOptions transport = TransportOptions.parse(config, DEFAULT_BASE_URL, 60_000);
        AccessMode defaultMode = OpenAiModelSettings.OPENAI_HOST.equalsIgnoreCase(
                        transport.baseUrl().getHost())
                ? AccessMode.PROPRIETARY_API
                : AccessMode.SELF_HOSTED_SERVER;
        return new OpenAiModelSettings(
                model,
                transport,
                KEY.envName(config),
                Options.accessMode(config, defaultMode),
                Options.openWeights(config),
                config.bool("stream", true));
    }

    @Override
    protected Provider newProvider(String id, OpenAiModelSettings s, String apiKey) {
        String baseUrl = s.baseUrl().toString();
        ChatModelProvider.Builder builder = s.stream()
                ? ChatModelProvider.builder(
                        id,
                        OpenAiStreamingChatModel.builder()
                                .baseUrl(baseUrl)
                                .apiKey(apiKey)
                                .modelName(s.model())
                                .timeout(HttpModels.responseHeadTimeout(s.transport()))
                                .httpClientBuilder(HttpModels.httpClient(s.transport()))
                                .returnThinking(true)
                                .build())
                : ChatModelProvider.builder(
                        id,
                        OpenAiChatModel.builder()
                                .baseUrl(baseUrl)
                                .apiKey(apiKey)
                                .modelName(s.model())
                                .timeout(HttpModels.responseHeadTimeout(s.transport()))
                                .httpClientBuilder(HttpModels.httpClient(s.transport()))
                                .returnThinking(true)
                                .maxRetries(0) // Vernier retries, and counts the attempts
                                .build());
        return HttpModels.limits(builder, s.transport())
                .accessMode(s.accessMode())
                .facts(facts(s))
                .failures(HttpFailures.of(TYPE, s.baseUrl(), "check the key in " + s.apiKeyEnv() + " or api_key_file")
                        .withQuotaMarkers("insufficient_quota"))
                .usageSource(CountSource.SERVER_USAGE)
                .finishReasonRequired(true)
                .availability(() -> unavailableReason(s, apiKey))
                .build();
    }

    private static ModelFacts facts(OpenAiModelSettings s) {
        DataDestination goes = s.accessMode() == AccessMode.PROPRIETARY_API
                ? DataDestination.VENDOR
                : s.onThisMachine() ? DataDestination.THIS_MACHINE : DataDestination.OWN_SERVER;
        return new ModelFacts(
                s.model(),
                s.openWeights(),
                null,
                null,
                null,
                goes,
                "OpenAI Chat Completions API at " + s.baseUrl() + " through langchain4j-open-ai "
                        + (s.stream() ? "OpenAiStreamingChatModel" : "OpenAiChatModel (not streaming: TTFT equals E2E)")
                        + "; output tokens from the server's usage block when sent, else one per content chunk");
    }

    /** OpenAI's own API needs a key; any other server is probed at {@code <base_url>/models}. */
    private static String unavailableReason(OpenAiModelSettings s, String apiKey) {
        if (s.isOpenAi() && apiKey == null) {
            return TYPE + ": no API key — set " + s.apiKeyEnv() + " or api_key_file";
        }
        Map<String, String> headers = apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
        return HttpModels.probe(
                URI.create(s.baseUrl() + "/models"), headers, TYPE, s.baseUrl().toString(), "start it");
    }

    @Override
    public String summary() {
        return "OpenAI (or a compatible server) through langchain4j-open-ai's streaming model";
    }
}
