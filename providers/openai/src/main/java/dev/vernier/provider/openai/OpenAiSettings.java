package dev.vernier.provider.openai;

import dev.vernier.core.api.AccessMode;
import dev.vernier.provider.http.HttpProviderSettings;
import dev.vernier.provider.http.TransportOptions;
import java.net.URI;
import java.util.Objects;

/**
 * The parsed options of one {@code type: openai} provider entry. Holds no key: keys are read by the
 * factory and handed to the provider only.
 *
 * @param model       model name sent in every request
 * @param transport   base URL (e.g. {@code https://api.openai.com/v1}), timeouts and retries (after a
 *                    429 or 5xx, before any content)
 * @param apiKeyEnv   environment variable the key is read from
 * @param accessMode  {@link AccessMode#PROPRIETARY_API} or {@link AccessMode#SELF_HOSTED_SERVER}
 * @param openWeights whether the model's weights are open, null when not stated
 * @param stream      true to stream (the default); false to ask for one complete response, which then
 *                    arrives as a single chunk (TTFT equals E2E)
 */
public record OpenAiSettings(
        String model,
        TransportOptions transport,
        String apiKeyEnv,
        AccessMode accessMode,
        Boolean openWeights,
        boolean stream)
        implements HttpProviderSettings {

    /** The host of OpenAI's own API; only there is a missing key known to be fatal. */
    public static final String OPENAI_HOST = "api.openai.com";

    public OpenAiSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(accessMode, "accessMode");
    }

    /** True when the base URL points at OpenAI's own API. */
    public boolean isOpenAi() {
        return OPENAI_HOST.equalsIgnoreCase(baseUrl().getHost());
    }

    /** {@code <base_url>/chat/completions}. */
    public URI chatCompletionsUri() {
        return URI.create(baseUrl() + "/chat/completions");
    }

    /** {@code <base_url>/models}. */
    public URI modelsUri() {
        return URI.create(baseUrl() + "/models");
    }
}
