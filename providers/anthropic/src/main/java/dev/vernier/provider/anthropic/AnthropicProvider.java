package dev.vernier.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
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
 * Streams Anthropic's Messages API. The transport (no thread per stream, first-token timeout,
 * retries, failure mapping) is {@link StreamingHttp}; this class knows only the request and its
 * headers, and {@link MessageEventDecoder} knows the event stream.
 */
public final class AnthropicProvider implements Provider {

    private final String id;
    private final AnthropicSettings settings;
    private final String apiKey;
    private final StreamingHttp http;

    /**
     * @param id       provider id
     * @param settings parsed options
     * @param apiKey   the key, or null when none was found (the provider is then unavailable)
     */
    public AnthropicProvider(String id, AnthropicSettings settings, String apiKey) {
        this.id = Objects.requireNonNull(id, "id");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.apiKey = apiKey;
        this.http = new StreamingHttp(settings.transport().streamSettings(), HttpFailures.of(AnthropicProviderFactory.TYPE,
                settings.baseUrl(), "check the key: " + settings.keyHint()));
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
                "Anthropic Messages API at " + settings.baseUrl() + " (anthropic-version " + AnthropicSettings.API_VERSION
                        + "); token counts from the stream's usage; input includes cache reads and writes");
    }

    @Override
    public String unavailableReason() {
        return apiKey == null ? noKey() : null;
    }

    private String noKey() {
        return "anthropic: no API key — " + settings.keyHint();
    }

    @Override
    public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
        if (apiKey == null) {
            return CompletableFuture.completedFuture(
                    Completion.failed(new Failure(FailureKind.UNAVAILABLE, 0, false, noKey())));
        }
        try {
            return http.stream(httpRequest(request), MessageEventDecoder::new, sink);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Completion.failed(Failure.fromException(e)));
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpRequest httpRequest(GenerationRequest request) {
        return HttpRequest.newBuilder(settings.messagesUri())
                .header("content-type", "application/json")
                .header("accept", "text/event-stream")
                .header("anthropic-version", AnthropicSettings.API_VERSION)
                .header("x-api-key", apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(request)))
                .build();
    }

    /**
     * {@code {model, max_tokens, system?, messages:[{role:user, content}], temperature, stream:true}}.
     * The Messages API has no seed parameter, so {@link GenerationRequest#seed()} is not sent.
     */
    private byte[] requestBody(GenerationRequest request) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("model", settings.model());
        body.put("max_tokens", request.maxTokens());
        if (request.system() != null && !request.system().isEmpty()) {
            body.put("system", request.system());
        }
        body.putArray("messages").addObject().put("role", "user").put("content", request.prompt());
        body.put("temperature", request.temperature());
        body.put("stream", true);
        return Json.bytes(body);
    }
}
