package dev.vernier.testkit;

import java.util.List;
import java.util.Objects;

/**
 * The tool calls a {@link StreamingSimulator} answers with when a request declares tools and does not
 * end with a tool result (Anthropic and Gemini dialects: {@link AnthropicToolStreams},
 * {@link GeminiToolStreams}). Each call takes one slot to start (its name) and one per argument piece;
 * slot {@code s} is due at {@code t0 + ttft + s * interTokenDelay}, as answer tokens are. Call
 * {@code c} starts at slot {@link #startSlot(int)} and is complete at slot {@link #doneSlot(int)}
 * (its last piece), and the next call starts one slot later.
 *
 * @param calls the calls, in answer order, at least one
 */
public record ToolCallScript(List<Call> calls) {

    /**
     * One scripted call.
     *
     * @param name           the tool called; null for the tool the request's tool choice names, or else
     *                       the first tool it declares
     * @param argumentPieces the arguments, in the pieces they stream in (joined: the arguments' JSON)
     */
    public record Call(String name, List<String> argumentPieces) {
        public Call {
            argumentPieces = List.copyOf(argumentPieces);
        }

        /** The arguments' JSON text, the pieces joined. */
        public String arguments() {
            return String.join("", argumentPieces);
        }
    }

    /** What the simulator calls unless told otherwise: the chosen (or first) tool with {@code {}}, in two pieces. */
    public static final ToolCallScript DEFAULT = new ToolCallScript(List.of(new Call(null, List.of("{", "}"))));

    public ToolCallScript {
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("a script needs at least one call");
        }
        calls.forEach(c -> Objects.requireNonNull(c, "call"));
    }

    /** A script of {@code calls}. */
    public static ToolCallScript of(Call... calls) {
        return new ToolCallScript(List.of(calls));
    }

    /** The slot at which call {@code c} starts (Anthropic: its {@code content_block_start}). */
    public int startSlot(int c) {
        int slot = 0;
        for (int i = 0; i < c; i++) {
            slot += 1 + calls.get(i).argumentPieces().size();
        }
        return slot;
    }

    /** The slot at which call {@code c} is complete: its last piece (its start when it has none). */
    public int doneSlot(int c) {
        return startSlot(c) + calls.get(c).argumentPieces().size();
    }

    /** Slots of the whole answer, billed as its output tokens. */
    public int slots() {
        return doneSlot(calls.size() - 1) + 1;
    }
}
