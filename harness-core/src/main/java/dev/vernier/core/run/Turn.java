package dev.vernier.core.run;

import java.util.Objects;

/**
 * Where a sample stands in a multi-turn conversation (a case with {@code turns:}): each turn is its
 * own request and sample, sent after the model's previous reply.
 *
 * @param conversationId the conversation's id, unique per provider in a run (case, prompt, repeat and,
 *                       past the first load step, the step)
 * @param index          this turn, from 0 (the prompt itself)
 * @param count          turns in the conversation (at least 2)
 */
public record Turn(String conversationId, int index, int count) {

    public Turn {
        Objects.requireNonNull(conversationId, "conversationId");
        if (count < 2 || index < 0 || index >= count) {
            throw new IllegalArgumentException("turn " + index + " of " + count + " is not a turn of a conversation");
        }
    }

    /** Whether this is the conversation's last turn. */
    public boolean last() {
        return index == count - 1;
    }
}
