package dev.vernier.provider.gemini;

import dev.vernier.core.api.Reasoning;
import dev.vernier.provider.http.HttpProviderSettings;
import dev.vernier.provider.http.TransportOptions;
import java.net.URI;
import java.util.Objects;

/**
 * The parsed options of one {@code type: gemini} provider entry. Holds no key: the factory reads it
 * and hands it to the provider only.
 *
 * @param model     model name without the {@code models/} prefix, e.g. {@code gemini-2.5-flash}
 * @param transport base URL (e.g. {@code https://generativelanguage.googleapis.com}), timeouts and
 *                  retries (after a 429 or 5xx, before any content)
 * @param keyHint   where the key is expected, for messages ("set GEMINI_API_KEY", ...)
 * @param reasoning the entry's {@code reasoning:} settings ({@code thinkingConfig}), null for none
 */
public record GeminiSettings(String model, TransportOptions transport, String keyHint, Reasoning reasoning)
        implements HttpProviderSettings {

    public GeminiSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(keyHint, "keyHint");
    }

    /**
     * {@code <base_url>/v1beta/models/<model>:streamGenerateContent?alt=sse}. The key is never part
     * of the URL (it goes in the {@code x-goog-api-key} header), so a logged URL leaks nothing.
     */
    public URI streamUri() {
        return URI.create(baseUrl() + "/v1beta/models/" + model + ":streamGenerateContent?alt=sse");
    }
}
