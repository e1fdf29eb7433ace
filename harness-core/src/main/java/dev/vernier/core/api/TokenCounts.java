package dev.vernier.core.api;

import java.util.Objects;

/**
 * Token usage of one request. A count of {@code -1} means unknown; each count carries its source
 * ({@code cachedInput} that of the input, {@code reasoning} that of the output).
 *
 * <p>Reasoning: {@code output} is every generated token the vendor bills, reasoning included;
 * {@code reasoning} is the part of it that was reasoning, whether shown or not. {@code visibleReasoning}
 * says what the user could read of it: the tokens of the streamed reasoning when that stream is the
 * model's whole reasoning (DeepSeek's {@code reasoning_content}, Ollama's {@code thinking}, a GGUF model's
 * {@code <think>} text); {@code -1} when the streamed text is only a summary of the reasoning (Gemini's
 * thought summaries, Claude 4's summarized thinking) or its size is unknown; {@code 0} when the
 * provider knows the model reasoned and showed none of it while it cannot count the reasoning (so the
 * harness does not take the whole output for timed answer tokens). See {@code Sample} for how the
 * harness derives answer, visible and hidden reasoning tokens from these.
 *
 * @param input                  prompt tokens
 * @param output                 generated tokens billed, reasoning included
 * @param cachedInput            prompt tokens served from a cache (billed differently by some APIs), -1 unknown
 * @param reasoning              reasoning tokens included in output (shown or not), -1 unknown
 * @param inputSource            where the input count came from
 * @param outputSource           where the output (and reasoning) count came from
 * @param visibleReasoning       tokens of the streamed reasoning when it is the whole reasoning; -1 unknown
 *                               or a summary (see above)
 * @param visibleReasoningSource where {@code visibleReasoning} came from
 */
public record TokenCounts(
        long input,
        long output,
        long cachedInput,
        long reasoning,
        CountSource inputSource,
        CountSource outputSource,
        long visibleReasoning,
        CountSource visibleReasoningSource) {

    public static final TokenCounts UNKNOWN = new TokenCounts(-1, -1, -1, -1, CountSource.UNKNOWN, CountSource.UNKNOWN);

    public TokenCounts {
        Objects.requireNonNull(inputSource, "inputSource");
        Objects.requireNonNull(outputSource, "outputSource");
        Objects.requireNonNull(visibleReasoningSource, "visibleReasoningSource");
        if (visibleReasoning < 0) {
            visibleReasoning = -1;
            visibleReasoningSource = CountSource.UNKNOWN;
        }
    }

    /** Counts that say nothing about visible reasoning ({@code visibleReasoning} unknown). */
    public TokenCounts(
            long input,
            long output,
            long cachedInput,
            long reasoning,
            CountSource inputSource,
            CountSource outputSource) {
        this(input, output, cachedInput, reasoning, inputSource, outputSource, -1, CountSource.UNKNOWN);
    }

    /** These counts with the visible reasoning tokens and their source. */
    public TokenCounts withVisibleReasoning(long tokens, CountSource source) {
        return new TokenCounts(input, output, cachedInput, reasoning, inputSource, outputSource, tokens, source);
    }

    /** Input and output both counted the same way; cached and reasoning unknown. */
    public static TokenCounts of(long input, long output, CountSource source) {
        return new TokenCounts(input, output, -1, -1, source, source);
    }

    public boolean outputKnown() {
        return output >= 0;
    }
}
