package dev.vernier.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.List;
import java.util.Map;

/**
 * Provider type {@code ollama}: a model served by Ollama, through its native {@code /api/chat}.
 *
 * <p>Options: {@code model} (required, e.g. {@code llama3.2:1b}); {@code base_url} (default
 * {@value #DEFAULT_BASE_URL}); {@code connect_timeout_ms} (default 10000);
 * {@code first_token_timeout_ms} (default {@value #DEFAULT_FIRST_TOKEN_TIMEOUT_MS}, generous because the
 * first request to a cold server includes loading the model; 0 disables); {@code max_retries}
 * (default 3); {@code retry_backoff_ms} (first backoff step, default 200, doubled per retry up to 5 s);
 * {@code keep_alive} (passed through to Ollama: a duration such as {@code "10m"}, or seconds, {@code -1}
 * keeping the model loaded); {@code num_ctx} (context length, sent as {@code options.num_ctx});
 * {@code open_weights} (default true); {@code licence}; {@code api_key_env} / {@code api_key_file}
 * (only for an Ollama behind an authenticating proxy: the key is sent as a Bearer token).
 *
 * <p>{@code reasoning:} sends {@code think}: the effort level ({@code "low"}, {@code "medium"},
 * {@code "high"}, for models such as gpt-oss) when given, {@code false} for {@code budget_tokens: 0}
 * (thinking off), else {@code true}. Any other budget is refused (Ollama has no thinking budget), and
 * so is {@code visible: false} (a model asked to think returns its thinking; a request cannot hide it).
 *
 * <p>No key is read unless {@code api_key_env} or {@code api_key_file} is given, so a key meant for
 * another service is never sent to a local server by accident. A key read is registered with
 * {@link Secrets} and never logged or written into messages.
 */
public final class OllamaProviderFactory extends HttpProviderFactory<OllamaSettings> {

    public static final String TYPE = "ollama";
    public static final String DEFAULT_BASE_URL = "http://localhost:11434";
    public static final long DEFAULT_FIRST_TOKEN_TIMEOUT_MS = 120_000;

    /** The default variable is never consulted: a key is read only when an option asks for one. */
    private static final ApiKeySource KEY = ApiKeySource.standard("OLLAMA_API_KEY");

    public OllamaProviderFactory() {
        super(TYPE, KEY, "model", "keep_alive", "num_ctx", "open_weights", "licence");
    }

    @Override
    public boolean acceptsReasoning() {
        return true;
    }

    @Override
    protected Provider newProvider(String id, OllamaSettings settings, String apiKey) {
        return new OllamaProvider(id, settings, apiKey);
    }

    /** Only when {@code api_key_env} or {@code api_key_file} is given. */
    @Override
    protected boolean readsKey(ProviderConfig config) {
        return config.has(KEY.envOption()) || config.has(KEY.fileOption());
    }

    @Override
    protected OllamaSettings settings(ProviderConfig config) throws ConfigException {
        String model = requiredModel(config, "name a pulled model, e.g. llama3.2:1b (see `ollama list`).");
        TransportOptions transport = TransportOptions.parse(config, DEFAULT_BASE_URL, DEFAULT_FIRST_TOKEN_TIMEOUT_MS);
        Integer numCtx = null;
        if (config.has("num_ctx")) {
            long value = config.integer("num_ctx", 0);
            if (value < 1 || value > Integer.MAX_VALUE) {
                throw new ConfigException(
                        "num_ctx", "'num_ctx' must be a positive number of tokens, e.g. 8192;" + " was " + value);
            }
            numCtx = (int) value;
        }
        boolean openWeights = config.bool("open_weights", true);
        String licence = config.string("licence", null);
        String keyEnv = config.has(KEY.envOption()) ? KEY.envName(config) : null;
        Reasoning reasoning = config.reasoning().orElse(null);
        if (reasoning != null && reasoning.budgetTokens() != null && reasoning.budgetTokens() > 0) {
            throw new ConfigException(
                    Reasoning.BUDGET,
                    "Ollama has no thinking budget (its 'think' takes true, false or a level). Fix: use"
                            + " 'reasoning.effort: low|medium|high', or 'budget_tokens: 0' to turn thinking off");
        }
        if (reasoning != null && Integer.valueOf(0).equals(reasoning.budgetTokens()) && reasoning.effort() != null) {
            throw new ConfigException(
                    Reasoning.BUDGET,
                    "'reasoning.budget_tokens: 0' turns thinking off, so 'effort' has nothing to act on. Fix: remove"
                            + " one of them");
        }
        if (reasoning != null && Boolean.FALSE.equals(reasoning.visible())) {
            throw new ConfigException(
                    Reasoning.VISIBLE,
                    "Ollama returns the thinking of a model asked to think; a request cannot hide it. Fix: remove"
                            + " 'reasoning.visible' (or 'reasoning' altogether to leave thinking to the model's"
                            + " default)");
        }
        return new OllamaSettings(
                model,
                transport,
                keepAlive(config),
                numCtx,
                openWeights,
                licence == null || licence.isBlank() ? null : licence.trim(),
                keyEnv,
                reasoning);
    }

    /** {@code keep_alive} as a JSON value: a non-empty duration string, or a whole number of seconds. */
    private static JsonNode keepAlive(ProviderConfig config) throws ConfigException {
        if (!config.has("keep_alive")) {
            return null;
        }
        Object value = config.options().get("keep_alive");
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return JsonNodeFactory.instance.numberNode(n.longValue());
        }
        if (value instanceof CharSequence text && !text.toString().isBlank()) {
            return JsonNodeFactory.instance.textNode(text.toString().trim());
        }
        if (value instanceof Map || value instanceof List) {
            throw new ConfigException("keep_alive", "'keep_alive' must be a single value, not a list or map");
        }
        throw new ConfigException(
                "keep_alive",
                "'keep_alive' must be a duration such as \"10m\" or \"1h\","
                        + " or a whole number of seconds (-1 keeps the model loaded), was '" + value + "'");
    }

    /** Ollama's /api/chat takes a JSON Schema as {@code format} (see {@link OllamaProvider}). */
    @Override
    public void validateResponseSchema(ProviderConfig config, ResponseSchema schema) {}

    /**
     * Ollama takes tools with {@code tool_choice} auto or none; it has no way to require a call, so
     * {@code required} and a named tool are refused (key {@code tool_choice}, see {@link OllamaTools}).
     */
    @Override
    public void validateTools(ProviderConfig config, Tools tools) throws ConfigException {
        OllamaTools.validate(tools);
    }

    @Override
    public String summary() {
        return "an Ollama server through its native /api/chat, streamed";
    }
}
