package dev.vernier.provider.llamacpp;

import dev.vernier.core.api.ConfigException;
import java.util.Locale;

/** The {@code chat_template} option: whether prompts are wrapped in the model's chat template. */
public enum ChatTemplateMode {
    /** Apply the model's template when the GGUF file has one, send the raw prompt otherwise. */
    AUTO,
    /** Always apply a template (llama.cpp falls back to ChatML when the file has none). */
    ON,
    /** Always send the raw prompt. */
    OFF;

    /** Reads {@code true}, {@code false} or {@code auto} (a YAML boolean or a string). */
    static ChatTemplateMode parse(Object value) throws ConfigException {
        if (value == null) {
            return AUTO;
        }
        if (value instanceof Boolean b) {
            return b ? ON : OFF;
        }
        return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "true" -> ON;
            case "false" -> OFF;
            default ->
                throw new ConfigException(
                        "chat_template", "'chat_template' must be true, false or auto, was '" + value + "'");
        };
    }

    /** Whether a template is applied to a model that has (or lacks) one. */
    boolean applies(boolean modelHasTemplate) {
        return this == ON || (this == AUTO && modelHasTemplate);
    }
}
