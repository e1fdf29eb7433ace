package dev.vernier.core.suite;

import dev.vernier.core.scoring.Assertion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One case: values for the prompt variables and the assertions its outputs are scored with.
 *
 * @param id          case id, unique in the suite
 * @param description optional description, empty when absent
 * @param vars        variable values
 * @param assertions  the suite's {@code default_assert} entries followed by the case's own {@code assert}
 *                    entries; empty when the case is not scored
 * @param threshold   share of the assertions' weight that must pass for an output to pass, in [0, 1]
 *                    (1 = every assertion must pass)
 * @param turns       the later user turns of a multi-turn case, in order; empty for a single request.
 *                    {@code assertions} score the reply to the prompt (turn 0), each turn's own the
 *                    reply to it
 * @param toolResults the case's mocked tool results ({@code tool_results}), null when it has none: with
 *                    them, a request whose model calls tools runs the tool loop (docs/tools.md)
 */
public record TestCase(
        String id,
        String description,
        Map<String, String> vars,
        List<Assertion> assertions,
        double threshold,
        List<ScriptTurn> turns,
        ToolResults toolResults) {

    /** A case without mocked tool results. */
    public TestCase(
            String id,
            String description,
            Map<String, String> vars,
            List<Assertion> assertions,
            double threshold,
            List<ScriptTurn> turns) {
        this(id, description, vars, assertions, threshold, turns, null);
    }

    /** A case without assertions. */
    public TestCase(String id, String description, Map<String, String> vars) {
        this(id, description, vars, List.of(), 1.0);
    }

    /** A single-request case. */
    public TestCase(
            String id, String description, Map<String, String> vars, List<Assertion> assertions, double threshold) {
        this(id, description, vars, assertions, threshold, List.of());
    }

    /** Turns of a conversation with this case: 1 plus its later turns. */
    public int turnCount() {
        return 1 + turns.size();
    }

    /** The assertions that score the reply to turn {@code index} (0 = the prompt). */
    public List<Assertion> assertionsFor(int index) {
        return index == 0 ? assertions : turns.get(index - 1).assertions();
    }

    public TestCase {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        assertions = assertions == null ? List.of() : List.copyOf(assertions);
        turns = turns == null ? List.of() : List.copyOf(turns);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
        }
    }
}
