package dev.vernier.core.suite;

import dev.vernier.core.scoring.Assertion;
import java.util.List;
import java.util.Objects;

/**
 * One later user turn of a multi-turn case ({@code turns:}): sent after the model's previous reply,
 * which joins the history as an assistant message.
 *
 * @param content    the user message template, with {@code {{vars}}} from the case
 * @param assertions what scores the reply to this turn: the suite's {@code default_assert} and the
 *                   turn's own {@code assert}
 */
public record ScriptTurn(String content, List<Assertion> assertions) {

    public ScriptTurn {
        Objects.requireNonNull(content, "content");
        assertions = assertions == null ? List.of() : List.copyOf(assertions);
    }
}
