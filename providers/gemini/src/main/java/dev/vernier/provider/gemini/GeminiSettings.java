package dev.vernier.provider.gemini;

import dev.vernier.provider.http.RetryPolicy;
import dev.vernier.provider.http.StreamSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The parsed options of one {@code type: gemini} provider entry. Holds no key: the factory reads it
 * and hands it to the provider only.
 *
 * @param model             model name without the {@code models/} prefix, e.g. {@code gemini-2.5-flash}
 * @param baseUrl           API root without a trailing slash, e.g. {@code https://generativelanguage.googleapis.com}
 * @param keyHint           where the key is expected, for messages ("set GEMINI_API_KEY", ...)
 * @param connectTimeout    limit on opening a connection
 * @param firstTokenTimeout limit from sending a request to its first text chunk; zero disables it
 * @param maxRetries        retries after a retryable failure (429, 5xx) before any content
 * @param retryBackoff      backoff step of the first retry (doubled for each further one, jittered)
 */
public record GeminiSettings(
        String model, URI baseUrl, String keyHint, Duration connectTimeout, Duration firstTokenTimeout,
        int maxRetries, Duration retryBackoff) {

    public GeminiSettings {
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

    /**
     * {@code <base_url>/v1beta/models/<model>:streamGenerateContent?alt=sse}. The key is never part
     * of the URL (it goes in the {@code x-goog-api-key} header), so a logged URL leaks nothing.
     */
    public URI streamUri() {
        return URI.create(baseUrl + "/v1beta/models/" + model + ":streamGenerateContent?alt=sse");
    }
}
