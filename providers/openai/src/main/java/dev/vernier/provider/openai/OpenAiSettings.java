package dev.vernier.provider.openai;

import dev.vernier.core.api.AccessMode;
import dev.vernier.provider.http.RetryPolicy;
import dev.vernier.provider.http.StreamSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The parsed options of one {@code type: openai} provider entry. Holds no key: keys are read by the
 * factory and handed to the provider only.
 *
 * @param model             model name sent in every request
 * @param baseUrl           API root without a trailing slash, e.g. {@code https://api.openai.com/v1}
 * @param apiKeyEnv         environment variable the key is read from
 * @param accessMode        {@link AccessMode#PROPRIETARY_API} or {@link AccessMode#SELF_HOSTED_SERVER}
 * @param connectTimeout    limit on opening a connection
 * @param firstTokenTimeout limit from sending a request to its first content chunk; zero disables it
 * @param maxRetries        retries after a retryable status (429, 5xx) before any content arrived
 * @param retryBackoff      backoff step of the first retry (doubled for each further one, jittered)
 * @param openWeights       whether the model's weights are open, null when not stated
 * @param stream            true to stream (the default); false to ask for one complete response, which
 *                          then arrives as a single chunk (TTFT equals E2E)
 */
public record OpenAiSettings(
        String model, URI baseUrl, String apiKeyEnv, AccessMode accessMode, Duration connectTimeout,
        Duration firstTokenTimeout, int maxRetries, Duration retryBackoff, Boolean openWeights,
        boolean stream) {

    /** The host of OpenAI's own API; only there is a missing key known to be fatal. */
    public static final String OPENAI_HOST = "api.openai.com";

    public OpenAiSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(accessMode, "accessMode");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstTokenTimeout, "firstTokenTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
    }

    /** True when the base URL points at OpenAI's own API. */
    public boolean isOpenAi() {
        return OPENAI_HOST.equalsIgnoreCase(baseUrl.getHost());
    }

    /** The transport settings for the shared streaming client. */
    public StreamSettings transport() {
        return new StreamSettings(baseUrl, connectTimeout, firstTokenTimeout,
                RetryPolicy.standard(maxRetries).withBaseDelay(retryBackoff));
    }

    /** {@code <base_url>/chat/completions}. */
    public URI chatCompletionsUri() {
        return URI.create(baseUrl + "/chat/completions");
    }

    /** {@code <base_url>/models}. */
    public URI modelsUri() {
        return URI.create(baseUrl + "/models");
    }
}
