package dev.vernier.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.HttpProvider;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.StreamingHttp;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Streams Anthropic's Messages API. The transport (no thread per stream, first-token timeout,
 * retries, failure mapping) is {@link StreamingHttp}; this class knows only the request and its
 * headers, and {@link MessageEventDecoder} knows the event stream. Id, key guard and closing are
 * {@link HttpProvider}'s.
 */
public final class AnthropicProvider extends HttpProvider<AnthropicSettings> {

    /**
     * @param id       provider id
     * @param settings parsed options
     * @param apiKey   the key, or null when none was found (the provider is then unavailable)
     */
    public AnthropicProvider(String id, AnthropicSettings settings, String apiKey) {
        super(
                id,
                settings,
                apiKey,
                s -> HttpFailures.of(AnthropicProviderFactory.TYPE, s.baseUrl(), "check the key: " + s.keyHint()));
    }

    @Override
    public AccessMode accessMode() {
        return AccessMode.PROPRIETARY_API;
    }

    @Override
    public ModelFacts describe() {
        return new ModelFacts(
                settings.model(),
                false,
                null,
                null,
                null,
                DataDestination.VENDOR,
                "Anthropic Messages API at " + settings.baseUrl() + " (anthropic-version "
                        + AnthropicSettings.API_VERSION
                        + "); token counts from the stream's usage; input includes cache reads and writes");
    }

    /** The Messages API needs a key. */
    @Override
    protected String requiredKeyHint() {
        return settings.keyHint();
    }

    @Override
    protected CompletionStage<Completion> send(GenerationRequest request, TokenSink sink) {
        return http.stream(target(), requestBody(request), MessageEventDecoder::new, sink);
    }

    @Override
    protected URI sendUri() {
        return settings.messagesUri();
    }

    @Override
    protected Map<String, String> sendHeaders() {
        return Map.of(
                "content-type",
                "application/json",
                "accept",
                "text/event-stream",
                "anthropic-version",
                AnthropicSettings.API_VERSION,
                "x-api-key",
                apiKey);
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
