package dev.vernier.provider.gemini;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenSink;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.StreamingHttp;
import java.net.http.HttpRequest;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Streams the Gemini API's {@code streamGenerateContent} with {@code alt=sse}. The transport (no
 * thread per stream, first-token timeout, retries, failure mapping) is {@link StreamingHttp}; this
 * class knows the request and its headers, and {@link GenerateContentDecoder} the response chunks.
 */
public final class GeminiProvider implements Provider {

    /** What the Gemini API says, with status 400, about a key it does not accept. */
    static final String INVALID_KEY_TEXT = "API key not valid";

    private final String id;
    private final GeminiSettings settings;
    private final String apiKey;
    private final StreamingHttp http;

    /**
     * @param id       provider id
     * @param settings parsed options
     * @param apiKey   the key, or null when none was found (the provider is then unavailable)
     */
    public GeminiProvider(String id, GeminiSettings settings, String apiKey) {
        this.id = Objects.requireNonNull(id, "id");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.apiKey = apiKey;
        HttpFailures failures = HttpFailures.of(GeminiProviderFactory.TYPE, settings.baseUrl(), authHint())
                // a 429 for a per-day quota (its quotaId names "PerDay") does not recover within a retry's wait
                .withQuotaMarkers("PerDay");
        this.http = new StreamingHttp(settings.transport().streamSettings(), failures);
    }

    private String authHint() {
        return "check the key: " + settings.keyHint();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AccessMode accessMode() {
        return AccessMode.PROPRIETARY_API;
    }

    @Override
    public ModelFacts describe() {
        return new ModelFacts(settings.model(), false, null, null, null, DataDestination.VENDOR,
                "Gemini API streamGenerateContent (SSE) at " + settings.baseUrl()
                        + "; token counts from usageMetadata; output includes thinking tokens");
    }

    @Override
    public String unavailableReason() {
        return apiKey == null ? noKey() : null;
    }

    private String noKey() {
        return "gemini: no API key — " + settings.keyHint();
    }

    @Override
    public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
        if (apiKey == null) {
            return CompletableFuture.completedFuture(
                    Completion.failed(new Failure(FailureKind.UNAVAILABLE, 0, false, noKey())));
        }
        try {
            return http.stream(httpRequest(request), GenerateContentDecoder::new, sink).thenApply(this::refusedKey);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Completion.failed(Failure.fromException(e)));
        }
    }

    /**
     * The Gemini API refuses a bad key with 400 INVALID_ARGUMENT ("API key not valid"), not 401;
     * report it as the authentication failure it is.
     */
    private Completion refusedKey(Completion completion) {
        Failure failure = completion.failure();
        if (failure == null || failure.kind() != FailureKind.HTTP_STATUS || failure.httpStatus() != 400
                || !failure.message().contains(INVALID_KEY_TEXT)) {
            return completion;
        }
        Failure auth = new Failure(FailureKind.AUTHENTICATION, 400, false, failure.message() + " (" + authHint() + ")");
        return new Completion(FinishReason.ERROR, completion.tokens(), auth, completion.attempts(),
                completion.providerStats());
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpRequest httpRequest(GenerationRequest request) {
        return HttpRequest.newBuilder(settings.streamUri())
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .header("x-goog-api-key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(request)))
                .build();
    }

    /**
     * {@code {contents:[{role:user, parts:[{text}]}], systemInstruction?:{parts:[{text}]},
     * generationConfig:{temperature, maxOutputTokens, seed?}}}.
     */
    private static byte[] requestBody(GenerationRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("contents").addObject().put("role", "user")
                .putArray("parts").addObject().put("text", request.prompt());
        if (request.system() != null && !request.system().isEmpty()) {
            body.putObject("systemInstruction").putArray("parts").addObject().put("text", request.system());
        }
        ObjectNode config = body.putObject("generationConfig");
        config.put("temperature", request.temperature());
        config.put("maxOutputTokens", request.maxTokens());
        if (request.seed() != null) {
            config.put("seed", request.seed());
        }
        return Json.bytes(body);
    }
}
