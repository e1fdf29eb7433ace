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
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.RefusedParameters;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.HttpProvider;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.StreamingHttp;
import dev.vernier.provider.http.WarmupAnswer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * A {@code streamGenerateContent?alt=sse} stream as the API sends it: one candidate part per token,
     * {@code usageMetadata} on each event, {@code finishReason} on the last.
     */
    @Override
    protected WarmupAnswer warmupAnswer(int tokens) {
        List<String> writes = new ArrayList<>();
        for (int t = 0; t < tokens; t++) {
            boolean last = t == tokens - 1;
            writes.add("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + WarmupAnswer.piece(t)
                    + "\"}],\"role\":\"model\"}" + (last ? ",\"finishReason\":\"STOP\"" : "") + ",\"index\":0}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":" + (t + 1)
                    + ",\"totalTokenCount\":" + (t + 4) + "},\"modelVersion\":\"w\"}\r\n\r\n");
        }
        return new WarmupAnswer("text/event-stream", writes);
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
     * {@code {contents:[{role:user|model, parts:[...]}], tools?, toolConfig?, systemInstruction?:{parts:[{text}]},
     * generationConfig:{temperature, maxOutputTokens, seed?, responseMimeType?, responseJsonSchema?,
     * thinkingConfig?}}}, the thinking config
     * holding {@code thinkingLevel}, {@code thinkingBudget} and {@code includeThoughts} as set. The
     * contents, tool calls and tool results included, are {@link GeminiContents}; the tools {@link #tools}.
     */
    byte[] requestBody(GenerationRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("contents", GeminiContents.of(request.turns()));
        if (request.tools() != null) {
            tools(body, request.tools());
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

    /**
     * {@code tools: [{functionDeclarations: [{name, description?, parametersJsonSchema}]}]} and
     * {@code toolConfig.functionCallingConfig}: {@code mode} {@code AUTO}, {@code ANY} (required),
     * {@code NONE}, or {@code ANY} with {@code allowedFunctionNames: [name]} for a named tool. The
     * parameters go in {@code parametersJsonSchema}, which takes JSON Schema as written, rather than
     * {@code parameters}, which takes only the API's OpenAPI-style Schema subset (upper-case types, no
     * {@code additionalProperties} on older models): the suite's schema then reaches the model unchanged,
     * as it does on the other vendors, and as the response schema does ({@code responseJsonSchema}).
     */
    private static void tools(ObjectNode body, Tools tools) {
        ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
        for (ToolSpec spec : tools.specs()) {
            ObjectNode declaration = declarations.addObject().put("name", spec.name());
            if (!spec.description().isEmpty()) {
                declaration.put("description", spec.description());
            }
            declaration.putRawValue("parametersJsonSchema", new RawValue(spec.parametersJson()));
        }
        ToolChoice choice = tools.choice();
        ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
        switch (choice.mode()) {
            case AUTO -> config.put("mode", "AUTO");
            case REQUIRED -> config.put("mode", "ANY");
            case NONE -> config.put("mode", "NONE");
            case NAMED ->
                config.put("mode", "ANY").putArray("allowedFunctionNames").add(choice.name());
        }
    }
}
