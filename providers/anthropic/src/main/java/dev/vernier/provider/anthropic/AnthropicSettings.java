package dev.vernier.provider.anthropic;

import dev.vernier.provider.http.HttpProviderSettings;
import dev.vernier.provider.http.TransportOptions;
import java.net.URI;
import java.util.Objects;

/**
 * The parsed options of one {@code type: anthropic} provider entry. Holds no key: the factory reads
 * it and hands it to the provider only.
 *
 * @param model     model name sent in every request, e.g. {@code claude-sonnet-4-5}
 * @param transport base URL (e.g. {@code https://api.anthropic.com}), timeouts and retries (after a
 *                  429, 5xx or overloaded error, before any content)
 * @param keyHint   where the key is expected, for messages ("set ANTHROPIC_API_KEY", ...)
 */
public record AnthropicSettings(String model, TransportOptions transport, String keyHint)
        implements HttpProviderSettings {

    /** The Messages API version every request states. */
    public static final String API_VERSION = "2023-06-01";

    public AnthropicSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(keyHint, "keyHint");
    }

    /** {@code <base_url>/v1/messages}. */
    public URI messagesUri() {
        return URI.create(baseUrl() + "/v1/messages");
    }
}
