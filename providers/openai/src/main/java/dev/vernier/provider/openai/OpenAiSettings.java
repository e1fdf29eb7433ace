package dev.vernier.provider.openai;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Reasoning;
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
 * @param style       which request parameters the model takes ({@code parameter_style})
 * @param reasoning   the entry's {@code reasoning:} settings, null when none
 */
public record OpenAiSettings(
        String model,
        TransportOptions transport,
        String apiKeyEnv,
        AccessMode accessMode,
        Boolean openWeights,
        boolean stream,
        ParameterStyle style,
        Reasoning reasoning)
        implements HttpProviderSettings {

    /**
     * The request parameters a model takes. {@link #CHAT}: {@code max_tokens}, {@code temperature},
     * {@code seed}, as every OpenAI-compatible server does. {@link #REASONING}: OpenAI's reasoning
     * families (gpt-5, o1, o3, o4), which refuse {@code max_tokens} and any temperature but the
     * default: {@code max_completion_tokens} and no {@code temperature}.
     */
    public enum ParameterStyle {
        CHAT,
        REASONING;

        /** The option value, {@code chat} or {@code reasoning}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The host of OpenAI's own API; only there is a missing key known to be fatal. */
    public static final String OPENAI_HOST = "api.openai.com";

    public OpenAiSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        Objects.requireNonNull(accessMode, "accessMode");
        Objects.requireNonNull(style, "style");
    }

    /**
     * Whether {@code model} names one of OpenAI's reasoning families: gpt-5 and its versions and sizes
     * (gpt-5, gpt-5-mini, gpt-5.1, ...) except the {@code -chat} models, and o1, o3, o4 with any suffix.
     * A name this does not know is taken for a chat model; {@code parameter_style} overrides it.
     */
    public static boolean reasoningFamily(String model) {
        String m = model.trim().toLowerCase(java.util.Locale.ROOT);
        if (m.startsWith("gpt-5")) {
            return !m.contains("-chat");
        }
        return m.matches("o[134]([-.].*)?");
    }

    /** True for OpenAI's own API and Azure OpenAI ({@code *.openai.azure.com}): where the family rule applies. */
    public static boolean openAiHost(URI baseUrl) {
        String host = baseUrl.getHost() == null ? "" : baseUrl.getHost().toLowerCase(java.util.Locale.ROOT);
        return host.equals(OPENAI_HOST) || host.endsWith(".openai.azure.com");
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
