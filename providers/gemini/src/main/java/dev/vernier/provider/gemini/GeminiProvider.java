package dev.vernier.provider.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.RefusedParameters;
import dev.vernier.core.api.TokenSink;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.HttpProvider;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.StreamingHttp;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Streams the Gemini API's {@code streamGenerateContent} with {@code alt=sse}. The transport (no
 * thread per stream, first-token timeout, retries, failure mapping) is {@link StreamingHttp}; this
 * class knows the request and its headers, and {@link GenerateContentDecoder} the response chunks.
 * Id, key guard and closing are {@link HttpProvider}'s.
 */
public final class GeminiProvider extends HttpProvider<GeminiSettings> {

    /** What to change when the API refuses a thinking setting this provider sends. */
    private static final RefusedParameters REFUSED = RefusedParameters.none()
            .with("thinkingLevel", "remove 'reasoning.effort' (this model takes a thinking budget, if any)")
            .with("thinking_level", "remove 'reasoning.effort' (this model takes a thinking budget, if any)")
            .with("thinking level", "remove 'reasoning.effort' (this model takes a thinking budget, if any)")
            .with("thinkingBudget", "change or remove 'reasoning.budget_tokens'")
            .with("thinking_budget", "change or remove 'reasoning.budget_tokens'")
            .with("thinking budget", "change or remove 'reasoning.budget_tokens'")
            .with("includeThoughts", "remove 'reasoning.visible'")
            .with("include_thoughts", "remove 'reasoning.visible'")
            .with("thinking", "remove 'reasoning' from this provider (the model does not think)");

    /** What the Gemini API says, with status 400, about a key it does not accept. */
    static final String INVALID_KEY_TEXT = "API key not valid";

    /**
     * @param id       provider id
     * @param settings parsed options
     * @param apiKey   the key, or null when none was found (the provider is then unavailable)
     */
    public GeminiProvider(String id, GeminiSettings settings, String apiKey) {
        super(
                id,
                settings,
                apiKey,
                s -> HttpFailures.of(GeminiProviderFactory.TYPE, s.baseUrl(), authHint(s))
                        // a 429 for a per-day quota (its quotaId names "PerDay") does not recover within a retry's wait
                        .withQuotaMarkers("PerDay"));
    }

    private static String authHint(GeminiSettings settings) {
        return "check the key: " + settings.keyHint();
    }

    @Override
    public AccessMode accessMode() {
        return AccessMode.PROPRIETARY_API;
    }

    @Override
    public ModelFacts describe() {
        return ModelFacts.vendorApi(
                settings.model(),
                "Gemini API streamGenerateContent (SSE) at " + settings.baseUrl()
                        + "; token counts from usageMetadata; output includes thinking tokens");
    }

    /** The Gemini API needs a key. */
    @Override
    protected String requiredKeyHint() {
        return settings.keyHint();
    }

    @Override
    protected CompletionStage<Completion> send(GenerationRequest request, TokenSink sink) {
        CompletionStage<Completion> sent = http.stream(
                        target(), requestBody(request), GenerateContentDecoder::new, sink)
                .thenApply(this::refusedKey);
        return settings.reasoning() == null ? sent : sent.thenApply(REFUSED::explain);
    }

    /**
     * The Gemini API refuses a bad key with 400 INVALID_ARGUMENT ("API key not valid"), not 401;
     * report it as the authentication failure it is.
     */
    private Completion refusedKey(Completion completion) {
        Failure failure = completion.failure();
        if (failure == null
                || failure.kind() != FailureKind.HTTP_STATUS
                || failure.httpStatus() != 400
                || !failure.message().contains(INVALID_KEY_TEXT)) {
            return completion;
        }
        Failure auth = new Failure(
                FailureKind.AUTHENTICATION, 400, false, failure.message() + " (" + authHint(settings) + ")");
        return new Completion(
                FinishReason.ERROR, completion.tokens(), auth, completion.attempts(), completion.providerStats());
    }

    @Override
    protected URI sendUri() {
        return settings.streamUri();
    }

    @Override
    protected Map<String, String> sendHeaders() {
        return Map.of("content-type", "application/json", "accept", "text/event-stream", "x-goog-api-key", apiKey);
    }

    /**
     * {@code {contents:[{role:user|model, parts:[{text}]}], systemInstruction?:{parts:[{text}]},
     * generationConfig:{temperature, maxOutputTokens, seed?, responseMimeType?, responseJsonSchema?,
     * thinkingConfig?}}}, the thinking config
     * holding {@code thinkingLevel}, {@code thinkingBudget} and {@code includeThoughts} as set.
     */
    byte[] requestBody(GenerationRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode contents = body.putArray("contents");
        for (Message m : request.turns()) {
            contents.addObject()
                    .put("role", m.role() == Message.Role.ASSISTANT ? "model" : "user")
                    .putArray("parts")
                    .addObject()
                    .put("text", m.content());
        }
        String system = request.systemText();
        if (system != null) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
        }
        ObjectNode config = body.putObject("generationConfig");
        config.put("temperature", request.temperature());
        config.put("maxOutputTokens", request.maxTokens());
        if (request.seed() != null) {
            config.put("seed", request.seed());
        }
        if (request.responseSchema() != null) {
            // responseJsonSchema takes JSON Schema as written (responseSchema takes only an OpenAPI subset);
            // the API requires the JSON MIME type with it
            config.put("responseMimeType", "application/json");
            config.putRawValue(
                    "responseJsonSchema", new RawValue(request.responseSchema().json()));
        }
        Reasoning reasoning = settings.reasoning();
        if (reasoning != null) {
            ObjectNode thinking = config.putObject("thinkingConfig");
            if (reasoning.effort() != null) {
                thinking.put("thinkingLevel", reasoning.effort().word());
            }
            if (reasoning.budgetTokens() != null) {
                thinking.put("thinkingBudget", reasoning.budgetTokens());
            }
            if (reasoning.visible() != null) {
                thinking.put("includeThoughts", reasoning.visible());
            }
        }
        return Json.bytes(body);
    }
}
