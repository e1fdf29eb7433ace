package dev.vernier.provider.anthropic;

import dev.vernier.provider.http.RetryPolicy;
import dev.vernier.provider.http.StreamSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The parsed options of one {@code type: anthropic} provider entry. Holds no key: the factory reads
 * it and hands it to the provider only.
 *
 * @param model             model name sent in every request, e.g. {@code claude-sonnet-4-5}
 * @param baseUrl           API root without a trailing slash, e.g. {@code https://api.anthropic.com}
 * @param keyHint           where the key is expected, for messages ("set ANTHROPIC_API_KEY", ...)
 * @param connectTimeout    limit on opening a connection
 * @param firstTokenTimeout limit from sending a request to its first text chunk; zero disables it
 * @param maxRetries        retries after a retryable failure (429, 5xx, overloaded) before any content
 * @param retryBackoff      backoff step of the first retry (doubled for each further one, jittered)
 */
public record AnthropicSettings(
        String model, URI baseUrl, String keyHint, Duration connectTimeout, Duration firstTokenTimeout,
        int maxRetries, Duration retryBackoff) {

    /** The Messages API version every request states. */
    public static final String API_VERSION = "2023-06-01";

    public AnthropicSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(keyHint, "keyHint");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
    }

    /** The transport settings for the shared streaming client. */
    public StreamSettings transport() {
        return new StreamSettings(baseUrl, connectTimeout, firstTokenTimeout,
                RetryPolicy.standard(maxRetries).withBaseDelay(retryBackoff));
    }

    /** {@code <base_url>/v1/messages}. */
    public URI messagesUri() {
        return URI.create(baseUrl + "/v1/messages");
    }
}
