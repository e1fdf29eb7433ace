package dev.vernier.core.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A provider entry's {@code reasoning:} settings, parsed once by the suite loader: what the vendor is
 * asked to do, in vendor-neutral words. Each provider type maps them onto its own controls (OpenAI's
 * {@code reasoning_effort}, Anthropic's {@code thinking}, Gemini's {@code thinkingConfig}, Ollama's
 * {@code think}) and refuses, with a {@link ConfigException} naming {@code reasoning.<key>} and the fix,
 * a setting its vendor has no control for. Every field may be unset (null): the vendor's default.
 *
 * @param effort       how hard to think ({@code effort: low|medium|high}), null when unset
 * @param budgetTokens the most tokens to spend on reasoning ({@code budget_tokens: N}), null when unset
 * @param visible      whether to ask for the reasoning to be streamed ({@code visible: true|false}),
 *                     null for the vendor's default
 */
public record Reasoning(Effort effort, Integer budgetTokens, Boolean visible) {

    /** The suite key, and the prefix of every {@link ConfigException} key about it. */
    public static final String KEY = "reasoning";

    /** {@code reasoning.effort}, for {@link ConfigException} keys. */
    public static final String EFFORT = KEY + ".effort";

    /** {@code reasoning.budget_tokens}, for {@link ConfigException} keys. */
    public static final String BUDGET = KEY + ".budget_tokens";

    /** {@code reasoning.visible}, for {@link ConfigException} keys. */
    public static final String VISIBLE = KEY + ".visible";

    /** A reasoning effort level, as the suite writes it (lower case). */
    public enum Effort {
        LOW,
        MEDIUM,
        HIGH;

        /** The level as the suite and most vendors write it: {@code low}, {@code medium}, {@code high}. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The level for a word of the suite (any case), or null when it names none. */
        public static Effort parse(String word) {
            for (Effort e : values()) {
                if (e.word().equalsIgnoreCase(word.trim())) {
                    return e;
                }
            }
            return null;
        }
    }

    public Reasoning {
        if (budgetTokens != null && budgetTokens < 0) {
            throw new IllegalArgumentException("budgetTokens must be >= 0, was " + budgetTokens);
        }
    }

    /** These settings with another effort (for one level of an effort sweep). */
    public Reasoning withEffort(Effort value) {
        return new Reasoning(value, budgetTokens, visible);
    }

    /** The settings in words, e.g. {@code effort low, budget 2048 tokens, visible}; "vendor default" when none is set. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (effort != null) {
            parts.add("effort " + effort.word());
        }
        if (budgetTokens != null) {
            parts.add("budget " + budgetTokens + " tokens");
        }
        if (visible != null) {
            parts.add(visible ? "visible" : "not shown");
        }
        return parts.isEmpty() ? "vendor default" : String.join(", ", parts);
    }
}
