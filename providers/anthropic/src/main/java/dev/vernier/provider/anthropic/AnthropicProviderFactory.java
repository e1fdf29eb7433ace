package dev.vernier.provider.anthropic;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.api.Secrets;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import dev.vernier.provider.http.ApiKeySource;
import dev.vernier.provider.http.HttpProviderFactory;
import dev.vernier.provider.http.TransportOptions;

/**
 * Provider type {@code anthropic}: Anthropic's Messages API, streamed.
 *
 * <p>Options: {@code model} (required, e.g. {@code claude-sonnet-4-5}); {@code base_url} (default
 * {@value #DEFAULT_BASE_URL}; requests go to {@code <base_url>/v1/messages}); {@code api_key_env}
 * (default {@value #DEFAULT_KEY_ENV}); {@code api_key_file} (a file holding only the key, relative to
 * the suite, used instead of the variable); {@code connect_timeout_ms} (default 10000);
 * {@code first_token_timeout_ms} (default 60000, 0 disables); {@code max_retries} (default 3);
 * {@code retry_backoff_ms} (first backoff step, default 200, doubled per retry up to 5 s).
 *
 * <p>{@code reasoning:} {@code budget_tokens} (at least 1024, and below {@code defaults.max_tokens},
 * which the suite loader checks) turns on extended thinking,
 * {@code thinking: {type: enabled, budget_tokens}}; {@code effort} asks for adaptive thinking,
 * {@code thinking: {type: adaptive}} with {@code output_config: {effort}} (models that have it);
 * {@code visible} sets {@code thinking.display} ({@code summarized} or {@code omitted}). One of
 * budget or effort is needed; {@code budget_tokens: 0} turns thinking off ({@code thinking: {type:
 * disabled}}). With thinking on, no temperature is sent (the API allows only the default).
 *
 * <p>Tools ({@code tools}, {@code tool_choice}) are sent natively ({@link AnthropicProvider#requestBody}, docs/tools.md);
 * with thinking on, a forced call ({@code tool_choice: required} or a tool's name) is refused when
 * the suite loads, as the API refuses it.
 *
 * <p>Keys are read only from the environment variable or the key file, registered with
 * {@link Secrets}, sent only in the {@code x-api-key} header, and never logged or put in messages.
 */
public final class AnthropicProviderFactory extends HttpProviderFactory<AnthropicSettings> {

    public static final String TYPE = "anthropic";
    public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";
    public static final String DEFAULT_KEY_ENV = "ANTHROPIC_API_KEY";

    private static final ApiKeySource KEY = ApiKeySource.standard(DEFAULT_KEY_ENV);

    public AnthropicProviderFactory() {
        super(TYPE, KEY, "model");
    }

    @Override
    public boolean acceptsReasoning() {
        return true;
    }

    @Override
    protected Provider newProvider(String id, AnthropicSettings settings, String apiKey) {
        return new AnthropicProvider(id, settings, apiKey);
    }

    @Override
    protected AnthropicSettings settings(ProviderConfig config) throws ConfigException {
        String model = requiredModel(config, "name the model, e.g. claude-sonnet-4-5.");
        TransportOptions transport = TransportOptions.parse(config, DEFAULT_BASE_URL, 60_000);
        String keyHint = KEY.hint(config);
        Reasoning reasoning = config.reasoning().orElse(null);
        if (reasoning != null) {
            if (reasoning.budgetTokens() == null && reasoning.effort() == null) {
                throw new ConfigException(
                        Reasoning.KEY,
                        "Anthropic thinking needs 'reasoning.budget_tokens' (extended thinking, at least "
                                + AnthropicSettings.MIN_BUDGET + ") or 'reasoning.effort' (adaptive thinking)."
                                + " Fix: add 'budget_tokens: 2048', say");
            }
            if (Integer.valueOf(0).equals(reasoning.budgetTokens())
                    && (reasoning.effort() != null || reasoning.visible() != null)) {
                throw new ConfigException(
                        Reasoning.BUDGET,
                        "'reasoning.budget_tokens: 0' turns thinking off, so 'effort' and 'visible' have nothing to"
                                + " act on. Fix: remove them, or give a budget of at least "
                                + AnthropicSettings.MIN_BUDGET);
            }
            if (reasoning.budgetTokens() != null
                    && reasoning.budgetTokens() > 0
                    && reasoning.budgetTokens() < AnthropicSettings.MIN_BUDGET) {
                throw new ConfigException(
                        Reasoning.BUDGET,
                        "'reasoning.budget_tokens' must be at least " + AnthropicSettings.MIN_BUDGET
                                + " for Anthropic's extended thinking, was " + reasoning.budgetTokens()
                                + ". Fix: raise it to " + AnthropicSettings.MIN_BUDGET + " or more (0 turns thinking"
                                + " off)");
            }
        }
        return new AnthropicSettings(model, transport, keyHint, reasoning);
    }

    /** The Messages API takes a JSON Schema as {@code output_config.format} (see {@link AnthropicProvider}). */
    @Override
    public void validateResponseSchema(ProviderConfig config, ResponseSchema schema) {}

    /** Why a forced tool call is refused with thinking on (the API's own rule). */
    static final String FORCED_WITH_THINKING = "with extended or adaptive thinking on, the Messages API lets the"
            + " model choose ('tool_choice: auto') or forbids calls ('tool_choice: none'), and refuses a forced call"
            + " ('required' or a tool's name). Fix: set 'tool_choice' to auto or none for this prompt, or turn"
            + " thinking off for this provider ('reasoning.budget_tokens: 0' or no 'reasoning')";

    /** Whether a choice forces the model to call a tool ({@code any} or {@code tool} on the wire). */
    static boolean forcesACall(ToolChoice choice) {
        return choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.NAMED;
    }

    /**
     * The Messages API declares tools natively ({@code tools[].input_schema}, {@code tool_choice}; see
     * {@link AnthropicProvider}). Refused: a forced call ({@code required} or a named tool) while the
     * entry asks for thinking, which the API answers with 400.
     */
    @Override
    public void validateTools(ProviderConfig config, Tools tools) throws ConfigException {
        Reasoning reasoning = config.reasoning().orElse(null);
        if (AnthropicSettings.thinks(reasoning) && forcesACall(tools.choice())) {
            throw new ConfigException(ToolSpec.KEY + ".tool_choice", FORCED_WITH_THINKING + ".");
        }
    }

    @Override
    public String summary() {
        return "Anthropic Messages API, streamed";
    }
}
