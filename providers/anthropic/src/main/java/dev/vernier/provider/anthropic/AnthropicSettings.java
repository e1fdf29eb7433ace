package dev.vernier.provider.anthropic;

import dev.vernier.core.api.Reasoning;
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
 * @param reasoning the entry's {@code reasoning:} settings (extended or adaptive thinking), null for none
 */
public record AnthropicSettings(String model, TransportOptions transport, String keyHint, Reasoning reasoning)
        implements HttpProviderSettings {

    /** The smallest thinking budget the Messages API accepts. */
    public static final int MIN_BUDGET = 1024;

    /** The Messages API version every request states. */
    public static final String API_VERSION = "2023-06-01";

    public AnthropicSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(keyHint, "keyHint");
    }

    /** Whether requests ask for thinking (a budget above 0, or an effort). */
    public boolean thinking() {
        return thinks(reasoning);
    }

    /** Whether {@code reasoning} (null for none) asks for thinking: a budget above 0, or an effort. */
    static boolean thinks(Reasoning reasoning) {
        return reasoning != null
                && ((reasoning.budgetTokens() != null && reasoning.budgetTokens() > 0) || reasoning.effort() != null);
    }

    /** Whether requests turn thinking off ({@code budget_tokens: 0}: {@code thinking: {type: disabled}}). */
    public boolean thinkingOff() {
        return reasoning != null && Integer.valueOf(0).equals(reasoning.budgetTokens());
    }

    /** {@code <base_url>/v1/messages}. */
    public URI messagesUri() {
        return URI.create(baseUrl() + "/v1/messages");
    }
}
