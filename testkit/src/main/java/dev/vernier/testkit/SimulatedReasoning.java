package dev.vernier.testkit;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link StreamingSimulator} reasons before it answers: it thinks {@code tokens} tokens, one per
 * inter-token delay after the first-token delay, then answers; each dialect shows the thinking the way
 * its vendor does. Schedule, from the request's arrival {@code t0} with the config's {@code ttft} and
 * inter-token delay {@code d}: reasoning token {@code i} at {@code t0 + ttft + i * d}, answer token
 * {@code j} at {@code t0 + ttft + (tokens + j) * d}, in every mode (so hidden reasoning delays the answer
 * exactly as much as streamed reasoning).
 *
 * <ul>
 *   <li>{@link Mode#STREAMED}: every reasoning token is an event of its own: OpenAI
 *       {@code reasoning_content} deltas, Ollama {@code message.thinking} lines, Anthropic
 *       {@code thinking_delta} events (then a {@code signature_delta}), Gemini parts with
 *       {@code "thought": true};</li>
 *   <li>{@link Mode#SUMMARY}: {@code summaryEvents} events spread over the reasoning time (event
 *       {@code k} at reasoning token {@code floor(k * tokens / summaryEvents)}), as Gemini's thought
 *       summaries and Claude 4's summarized thinking arrive, while all {@code tokens} are billed;</li>
 *   <li>{@link Mode#HIDDEN}: no reasoning event (Anthropic: a thinking block with no text, as with
 *       {@code display: omitted}); the tokens are billed only.</li>
 * </ul>
 *
 * <p>A request that names an effort ({@code reasoning_effort}, Ollama's {@code think} level,
 * Anthropic's {@code output_config.effort}, Gemini's {@code thinkingLevel}) gets {@code tokens / 4} at
 * {@code low}, {@code tokens / 2} at {@code medium} and {@code tokens} at {@code high} (at least one),
 * so an effort sweep against the simulator shows latency and cost rising with the effort.
 *
 * <p>Every dialect bills the reasoning as output: OpenAI {@code completion_tokens} with
 * {@code completion_tokens_details.reasoning_tokens}, Ollama {@code eval_count}, Anthropic
 * {@code output_tokens}, Gemini {@code thoughtsTokenCount} beside {@code candidatesTokenCount}.
 *
 * @param tokens        reasoning tokens per response, 0 for none
 * @param mode          how they are shown
 * @param summaryEvents reasoning events streamed in {@link Mode#SUMMARY}, 1 to {@code tokens}
 */
public record SimulatedReasoning(int tokens, Mode mode, int summaryEvents) {

    /** How the reasoning is shown. */
    public enum Mode {
        STREAMED,
        SUMMARY,
        HIDDEN;

        /** The mode for its name in any case ({@code streamed}, {@code summary}, {@code hidden}). */
        public static Mode parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** No reasoning: the simulator answers at once, as it always did. */
    public static final SimulatedReasoning NONE = new SimulatedReasoning(0, Mode.STREAMED, 0);

    public SimulatedReasoning {
        Objects.requireNonNull(mode, "mode");
        if (tokens < 0) {
            throw new IllegalArgumentException("reasoning tokens must be >= 0, was " + tokens);
        }
        if (mode == Mode.SUMMARY && tokens > 0 && (summaryEvents < 1 || summaryEvents > tokens)) {
            throw new IllegalArgumentException(
                    "summary events must be between 1 and the reasoning tokens (" + tokens + "), was " + summaryEvents);
        }
    }

    /** Every reasoning token streamed. */
    public static SimulatedReasoning streamed(int tokens) {
        return new SimulatedReasoning(tokens, Mode.STREAMED, 0);
    }

    /** {@code events} summary events over {@code tokens} billed reasoning tokens. */
    public static SimulatedReasoning summary(int tokens, int events) {
        return new SimulatedReasoning(tokens, Mode.SUMMARY, events);
    }

    /** {@code tokens} reasoning tokens billed and never shown. */
    public static SimulatedReasoning hidden(int tokens) {
        return new SimulatedReasoning(tokens, Mode.HIDDEN, 0);
    }

    /**
     * The reasoning for a request that asks for {@code effort} ({@code low}, {@code medium} or
     * {@code high}; null or anything else: these settings as they are).
     */
    public SimulatedReasoning forEffort(String effort) {
        if (effort == null || tokens == 0) {
            return this;
        }
        int scaled = switch (effort.trim().toLowerCase(Locale.ROOT)) {
            case "low" -> Math.max(1, tokens / 4);
            case "medium" -> Math.max(1, tokens / 2);
            default -> tokens;
        };
        return new SimulatedReasoning(scaled, mode, Math.min(summaryEvents, scaled));
    }

    /** Whether the simulator reasons at all. */
    public boolean any() {
        return tokens > 0;
    }

    /** Reasoning events streamed per response. */
    public int events() {
        return switch (mode) {
            case STREAMED -> tokens;
            case SUMMARY -> tokens == 0 ? 0 : summaryEvents;
            case HIDDEN -> 0;
        };
    }

    /** The reasoning token (0-based) at whose time reasoning event {@code k} is written. */
    public int eventSlot(int k) {
        return mode == Mode.STREAMED ? k : (int) ((long) k * tokens / summaryEvents);
    }

    /** The text of reasoning event {@code k}. */
    public String text(int k) {
        String word = THOUGHTS[k % THOUGHTS.length];
        return k == 0 ? word : " " + word;
    }

    private static final String[] THOUGHTS = {
        "Let", "me", "think", "about", "this", "step", "by", "step", "first", "then", "check", "again"
    };
}
