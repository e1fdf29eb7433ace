package dev.vernier.provider.langchain4j;

import dev.vernier.core.api.AccessMode;
import dev.vernier.provider.http.HttpProviderSettings;
import dev.vernier.provider.http.TransportOptions;
import java.util.Objects;

/**
 * The parsed options of one {@code type: langchain4j-openai} entry; the same options as the native
 * {@code openai} type. Holds no key.
 *
 * @param model       model name sent in every request
 * @param transport   base URL, connect and first-token limits, retries
 * @param apiKeyEnv   environment variable the key is read from
 * @param accessMode  {@link AccessMode#PROPRIETARY_API} or {@link AccessMode#SELF_HOSTED_SERVER}
 * @param openWeights whether the model's weights are open, null when not stated
 * @param stream      true for langchain4j's {@code OpenAiStreamingChatModel}, false for
 *                    {@code OpenAiChatModel} (one complete answer: TTFT equals E2E)
 */
record OpenAiModelSettings(
        String model,
        TransportOptions transport,
        String apiKeyEnv,
        AccessMode accessMode,
        Boolean openWeights,
        boolean stream)
        implements HttpProviderSettings {

    /** The host of OpenAI's own API, where a key is required. */
    static final String OPENAI_HOST = "api.openai.com";

    OpenAiModelSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(accessMode, "accessMode");
    }

    boolean isOpenAi() {
        return OPENAI_HOST.equalsIgnoreCase(baseUrl().getHost());
    }
}
