package dev.vernier.core.api;

import java.util.Locale;
import java.util.Objects;

/**
 * Whether the model must call a tool (suite key {@code tool_choice}), mapped onto each vendor's
 * control: OpenAI {@code tool_choice} ({@code auto}, {@code required}, {@code none}, a named function),
 * Anthropic {@code tool_choice.type} ({@code auto}, {@code any}, {@code none}, {@code tool}), Gemini
 * {@code functionCallingConfig.mode} ({@code AUTO}, {@code ANY}, {@code NONE}, {@code ANY} with
 * {@code allowedFunctionNames}). Ollama has no such control and sends the tools alone.
 *
 * @param mode what is asked
 * @param name the tool that must be called when {@code mode} is {@link Mode#NAMED}, else null
 */
public record ToolChoice(Mode mode, String name) {

    /** What is asked of the model. */
    public enum Mode {
        /** The model decides whether to call a tool (every vendor's default). */
        AUTO,
        /** The model must call one of the tools. */
        REQUIRED,
        /** The model must not call a tool (the tools are still declared). */
        NONE,
        /** The model must call the named tool. */
        NAMED
    }

    /** The model decides. */
    public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);

    public ToolChoice {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.NAMED) != (name != null)) {
            throw new IllegalArgumentException("a tool name is given exactly when the choice is NAMED");
        }
    }

    /**
     * The choice a suite's {@code tool_choice} value names: {@code auto}, {@code required}, {@code none},
     * or the name of one of the declared tools.
     *
     * @return the choice, or null when {@code word} is none of those words (the caller then checks it
     *         against the declared tools' names)
     */
    public static ToolChoice of(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "required", "any" -> new ToolChoice(Mode.REQUIRED, null);
            case "none" -> new ToolChoice(Mode.NONE, null);
            default -> null;
        };
    }

    /** The model must call {@code tool}. */
    public static ToolChoice named(String tool) {
        return new ToolChoice(Mode.NAMED, Objects.requireNonNull(tool, "tool"));
    }
}
