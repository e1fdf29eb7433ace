package dev.vernier.provider.openai;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.api.Secrets;
import dev.vernier.core.api.Tools;
import dev.vernier.provider.http.ApiKeySource;
import dev.vernier.provider.http.HttpProviderFactory;
import dev.vernier.provider.http.TransportOptions;
import java.util.Locale;

/**
 * Provider type {@code openai}: OpenAI's API or any server speaking its Chat Completions protocol
 * (vLLM, llama.cpp's server, LM Studio, Ollama's {@code /v1}).
 *
 * <p>Options: {@code model} (required); {@code base_url} (default {@value #DEFAULT_BASE_URL});
 * {@code api_key_env} (default {@value #DEFAULT_KEY_ENV}); {@code api_key_file} (a file holding the
 * key, relative to the suite, used instead of the variable); {@code access_mode}
 * ({@code proprietary_api} or {@code self_hosted_server}; default {@code proprietary_api} for
 * api.openai.com, else {@code self_hosted_server}); {@code connect_timeout_ms} (default 10000);
 * {@code first_token_timeout_ms} (default 60000, 0 disables); {@code max_retries} (default 3);
 * {@code retry_backoff_ms} (first backoff step, default 200, doubled per retry up to 5 s);
 * {@code open_weights} (true or false, for self-hosted models); {@code parameter_style} ({@code chat}:
 * {@code max_tokens} and {@code temperature}; {@code reasoning}: {@code max_completion_tokens} and no
 * temperature. Default: {@code reasoning} for OpenAI's reasoning families (gpt-5*, o1*, o3*, o4*) on
 * OpenAI's API or Azure OpenAI, {@code chat} for every other model and every other server).
 *
 * <p>{@code reasoning:} {@code effort} is sent as {@code reasoning_effort} (OpenAI's reasoning models,
 * and servers such as vLLM serving gpt-oss); {@code budget_tokens} is refused (Chat Completions has no
 * thinking budget); {@code visible: true} is refused on OpenAI's API (it never streams its reasoning)
 * and {@code visible: false} on other servers (they stream {@code reasoning_content} whenever their
 * reasoning parser is on: a request cannot hide it). Streamed {@code reasoning_content} or
 * {@code reasoning} deltas are timed as reasoning.
 *
 * <p>Keys are read only from the environment variable or the key file, registered with
 * {@link Secrets}, and never logged or written into messages.
 */
public final class OpenAiProviderFactory extends HttpProviderFactory<OpenAiSettings> {

    public static final String TYPE = "openai";
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_KEY_ENV = "OPENAI_API_KEY";

    private static final ApiKeySource KEY = ApiKeySource.standard(DEFAULT_KEY_ENV);

    public OpenAiProviderFactory() {
        super(TYPE, KEY, "model", "access_mode", "open_weights", "stream", "parameter_style");
    }

    @Override
    public boolean acceptsReasoning() {
        return true;
    }

    @Override
    protected Provider newProvider(String id, OpenAiSettings settings, String apiKey) {
        return new OpenAiProvider(id, settings, apiKey);
    }

    @Override
    protected OpenAiSettings settings(ProviderConfig config) throws ConfigException {
        String model = requiredModel(config, "name the model, e.g. gpt-4.1-mini.");
        TransportOptions transport = TransportOptions.parse(config, DEFAULT_BASE_URL, 60_000);
        String keyEnv = KEY.envName(config);
        AccessMode defaultMode =
                OpenAiSettings.OPENAI_HOST.equalsIgnoreCase(transport.baseUrl().getHost())
                        ? AccessMode.PROPRIETARY_API
                        : AccessMode.SELF_HOSTED_SERVER;
        AccessMode mode = accessMode(config.string("access_mode", null), defaultMode);
        Boolean openWeights = config.has("open_weights") ? config.bool("open_weights", false) : null;
        boolean openAi = OpenAiSettings.openAiHost(transport.baseUrl());
        OpenAiSettings.ParameterStyle style = parameterStyle(
                config.string("parameter_style", null),
                openAi && OpenAiSettings.reasoningFamily(model)
                        ? OpenAiSettings.ParameterStyle.REASONING
                        : OpenAiSettings.ParameterStyle.CHAT);
        Reasoning reasoning = config.reasoning().orElse(null);
        checkReasoning(reasoning, openAi);
        return new OpenAiSettings(
                model, transport, keyEnv, mode, openWeights, config.bool("stream", true), style, reasoning);
    }

    private static OpenAiSettings.ParameterStyle parameterStyle(String text, OpenAiSettings.ParameterStyle fallback)
            throws ConfigException {
        if (text == null) {
            return fallback;
        }
        for (OpenAiSettings.ParameterStyle s : OpenAiSettings.ParameterStyle.values()) {
            if (s.word().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new ConfigException(
                "parameter_style",
                "'parameter_style' must be chat (max_tokens, temperature) or reasoning (max_completion_tokens, no"
                        + " temperature: OpenAI's gpt-5 and o-series), was '" + text + "'");
    }

    /** Refuses the reasoning settings Chat Completions has no control for. */
    private static void checkReasoning(Reasoning reasoning, boolean openAi) throws ConfigException {
        if (reasoning == null) {
            return;
        }
        if (reasoning.budgetTokens() != null) {
            throw new ConfigException(
                    Reasoning.BUDGET,
                    "provider type 'openai' has no thinking budget (Chat Completions takes only reasoning_effort)."
                            + " Fix: use 'reasoning.effort: low|medium|high' instead of 'budget_tokens'");
        }
        if (Boolean.TRUE.equals(reasoning.visible()) && openAi) {
            throw new ConfigException(
                    Reasoning.VISIBLE,
                    "OpenAI's Chat Completions API never streams its models' reasoning, so 'visible: true' cannot be"
                            + " honoured (the reasoning is billed and counted as hidden). Fix: remove"
                            + " 'reasoning.visible'");
        }
        if (Boolean.FALSE.equals(reasoning.visible()) && !openAi) {
            throw new ConfigException(
                    Reasoning.VISIBLE,
                    "an OpenAI-compatible server streams reasoning_content whenever its reasoning parser is on; a"
                            + " request cannot hide it. Fix: remove 'reasoning.visible' (turn the parser off on the"
                            + " server to hide reasoning)");
        }
    }

    private static AccessMode accessMode(String text, AccessMode fallback) throws ConfigException {
        if (text == null) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "proprietary_api" -> AccessMode.PROPRIETARY_API;
            case "self_hosted_server" -> AccessMode.SELF_HOSTED_SERVER;
            default ->
                throw new ConfigException(
                        "access_mode",
                        "'access_mode' must be proprietary_api or self_hosted_server, was '" + text + "'");
        };
    }

    /** Chat Completions take a JSON Schema as {@code response_format} (see {@link OpenAiProvider}). */
    @Override
    public void validateResponseSchema(ProviderConfig config, ResponseSchema schema) {}

    /**
     * Chat Completions take every tool choice (auto, required, none, a named function), streamed or not
     * (see {@link ChatTools}). A compatible server that cannot honour one (a model without tool support,
     * a server started without its tool parser) says so in its answer, which becomes the sample's failure.
     */
    @Override
    public void validateTools(ProviderConfig config, Tools tools) {}

    @Override
    public String summary() {
        return "OpenAI Chat Completions, and every server that speaks it (vLLM, llama.cpp server, LM Studio, LocalAI, ...), streamed";
    }
}
