package dev.vernier.core.run;

import java.util.Objects;

/**
 * Where a sample stands in a conversation: a multi-turn case ({@code turns:}), or a tool loop (a case
 * with {@code tool_results:}, whose model calls tools). Each request is its own sample: a user turn is
 * sent after the model's previous reply, and within a user turn each tool round is sent after the
 * model's calls, with the mocked results of those calls (docs/tools.md).
 *
 * @param conversationId the conversation's id, unique per provider in a run (case, prompt, repeat and,
 *                       past the first load step, the step)
 * @param index          the user turn, from 0 (the prompt itself)
 * @param count          user turns in the conversation (1 for a single prompt with a tool loop)
 * @param round          the tool round within the user turn: 0 answers the user message, k answers the
 *                       k-th set of mocked tool results
 * @param lastRound      whether this request ends its user turn (its answer called no tool the loop
 *                       continues with): the user turn's assertions score it; false while the loop goes on
 */
public record Turn(String conversationId, int index, int count, int round, boolean lastRound) {

    public Turn {
        Objects.requireNonNull(conversationId, "conversationId");
        if (count < 1 || index < 0 || index >= count || round < 0) {
            throw new IllegalArgumentException("turn " + index + " of " + count + " is not a turn of a conversation");
        }
    }

    /** A user turn of a multi-turn script without a tool round (round 0, ending its user turn). */
    public Turn(String conversationId, int index, int count) {
        this(conversationId, index, count, 0, true);
    }

    /** Whether this is the conversation's last request: its last user turn, and that turn's last round. */
    public boolean last() {
        return index == count - 1 && lastRound;
    }

    /** This turn saying whether it ends its user turn. */
    public Turn withLastRound(boolean value) {
        return new Turn(conversationId, index, count, round, value);
    }
}
