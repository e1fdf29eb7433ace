package dev.vernier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a {@link StreamingSimulator} answers one request with: its configured words, or, when the request
 * asks for a JSON Schema in its dialect's own field, the configured JSON document
 * ({@link SimulatorConfig#jsonTokenTexts()}). The simulator does not read the schema: a test chooses a
 * document that fits it (or, on purpose, one that does not).
 *
 * @param json     whether the request asked for a schema
 * @param complete tokens in the whole answer (the response is {@code length}-cut below it)
 */
record AnswerTokens(SimulatorConfig config, boolean json, int complete) {

    /** The answer for a request that {@code asksForSchema}. */
    static AnswerTokens of(SimulatorConfig config, boolean asksForSchema) {
        return asksForSchema
                ? new AnswerTokens(config, true, config.jsonTokenTexts().size())
                : new AnswerTokens(config, false, config.tokens());
    }

    /** Token {@code i} of the answer. */
    String text(int i) {
        List<String> json = config.jsonTokenTexts();
        return this.json ? json.get(i) : config.tokenText(i);
    }

    /** The tokens sent under a limit of {@code maxTokens} ({@link Integer#MAX_VALUE} for none). */
    int sent(int maxTokens) {
        return Math.min(complete, maxTokens);
    }

    /** OpenAI Chat Completions: {@code response_format} of type {@code json_schema}. */
    static boolean openAi(JsonNode request) {
        return "json_schema".equals(request.path("response_format").path("type").asText());
    }

    /** Ollama /api/chat: a schema object as {@code format}. */
    static boolean ollama(JsonNode request) {
        return request.path("format").isObject();
    }

    /** Anthropic Messages: {@code output_config.format} of type {@code json_schema}. */
    static boolean anthropic(JsonNode request) {
        return "json_schema"
                .equals(request.path("output_config")
                        .path("format")
                        .path("type")
                        .asText());
    }

    /** Gemini: {@code responseJsonSchema} (or {@code responseSchema}) with the JSON MIME type. */
    static boolean gemini(JsonNode request) {
        JsonNode config = request.path("generationConfig");
        return "application/json".equals(config.path("responseMimeType").asText())
                && (config.path("responseJsonSchema").isObject()
                        || config.path("responseSchema").isObject());
    }
}
