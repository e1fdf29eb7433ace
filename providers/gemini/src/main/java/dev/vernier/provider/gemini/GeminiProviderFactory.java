package dev.vernier.provider.gemini;

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
import java.util.regex.Pattern;

/**
 * Provider type {@code gemini}: the Gemini API's {@code streamGenerateContent} with server-sent
 * events.
 *
 * <p>Options: {@code model} (required, e.g. {@code gemini-2.5-flash}; a leading {@code models/} is
 * dropped); {@code base_url} (default {@value #DEFAULT_BASE_URL}; requests go to
 * {@code <base_url>/v1beta/models/<model>:streamGenerateContent?alt=sse}); {@code api_key_env}
 * (default {@value #DEFAULT_KEY_ENV}); {@code api_key_file} (a file holding only the key, relative to
 * the suite, used instead of the variable); {@code connect_timeout_ms} (default 10000);
 * {@code first_token_timeout_ms} (default 60000, 0 disables); {@code max_retries} (default 3);
 * {@code retry_backoff_ms} (first backoff step, default 200, doubled per retry up to 5 s).
 *
 * <p>{@code reasoning:} goes into {@code generationConfig.thinkingConfig}: {@code effort} as
 * {@code thinkingLevel} (Gemini 3), {@code budget_tokens} as {@code thinkingBudget} (Gemini 2.5; 0
 * turns thinking off where the model allows), not both; {@code visible} as {@code includeThoughts},
 * which streams thought summaries.
 *
 * <p>Tools ({@code tools}, {@code tool_choice}) are sent natively as {@code functionDeclarations} and
 * {@code toolConfig.functionCallingConfig} ({@link GeminiProvider#requestBody}, docs/tools.md).
 *
 * <p>Keys are read only from the environment variable or the key file, registered with
 * {@link Secrets}, sent only in the {@code x-goog-api-key} header (never as a {@code key=} query
 * parameter, so a logged URL carries no key), and never put in messages.
 */
public final class GeminiProviderFactory extends HttpProviderFactory<GeminiSettings> {

    public static final String TYPE = "gemini";
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
    public static final String DEFAULT_KEY_ENV = "GEMINI_API_KEY";

    /** Model names go into the URL path: letters, digits, dots, dashes, underscores only. */
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private static final ApiKeySource KEY = ApiKeySource.standard(DEFAULT_KEY_ENV);

    public GeminiProviderFactory() {
        super(TYPE, KEY, "model");
    }

    @Override
    public boolean acceptsReasoning() {
        return true;
    }

    @Override
    protected Provider newProvider(String id, GeminiSettings settings, String apiKey) {
        return new GeminiProvider(id, settings, apiKey);
    }

    /** A leading {@code models/} is dropped from the model name, which must then be a plain name. */
    @Override
    protected GeminiSettings settings(ProviderConfig config) throws ConfigException {
        String model = config.string("model").trim();
        if (model.startsWith("models/")) {
            model = model.substring("models/".length());
        }
        if (model.isEmpty()) {
            throw new ConfigException(
                    "model", "'model' must not be empty. Fix: name the model, e.g. gemini-2.5-flash.");
        }
        if (!MODEL_NAME.matcher(model).matches()) {
            throw new ConfigException(
                    "model",
                    "'model' must be a model name such as gemini-2.5-flash" + " (letters, digits, '.', '-', '_'), was '"
                            + model + "'");
        }
        TransportOptions transport = TransportOptions.parse(config, DEFAULT_BASE_URL, 60_000);
        String keyHint = KEY.hint(config);
        Reasoning reasoning = config.reasoning().orElse(null);
        if (reasoning != null && reasoning.effort() != null && reasoning.budgetTokens() != null) {
            throw new ConfigException(
                    Reasoning.BUDGET,
                    "Gemini takes a thinking level (reasoning.effort, Gemini 3 models) or a thinking budget"
                            + " (reasoning.budget_tokens, Gemini 2.5 models), not both. Fix: keep the one your model"
                            + " takes");
        }
        return new GeminiSettings(model, transport, keyHint, reasoning);
    }

    /** generateContent takes a JSON Schema as {@code generationConfig.responseJsonSchema} (see {@link GeminiProvider}). */
    @Override
    public void validateResponseSchema(ProviderConfig config, ResponseSchema schema) {}

    /**
     * generateContent declares tools natively ({@code functionDeclarations} with
     * {@code parametersJsonSchema}, {@code toolConfig.functionCallingConfig}; see {@link GeminiProvider})
     * and takes every choice, with or without thinking.
     */
    @Override
    public void validateTools(ProviderConfig config, Tools tools) {}

    @Override
    public String summary() {
        return "Google Gemini API (streamGenerateContent), streamed";
    }
}
