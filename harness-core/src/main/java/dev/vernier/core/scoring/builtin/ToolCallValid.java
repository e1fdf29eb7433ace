package dev.vernier.core.scoring.builtin;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.List;

/**
 * {@code tool-call-valid}: every tool call names a tool the prompt declares, and its arguments are one
 * JSON object valid against that tool's {@code parameters} schema. An answer without calls passes (there
 * is nothing invalid; {@code tool-call} says whether a call was expected). The reason names the first
 * problem.
 */
public final class ToolCallValid implements Scorer {

    @Override
    public ScorerInfo info() {
        return new ScorerInfo(
                "tool-call-valid",
                "every tool call names a declared tool and its arguments match that tool's schema",
                false,
                false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.noThreshold(a);
        if (a.value() != null) {
            throw new ConfigException(
                    "value",
                    "'" + a.name() + "' takes no 'value': it checks the calls against the declared tools. Remove it.");
        }
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        List<ToolCall> calls = subject.toolCalls();
        if (calls.isEmpty()) {
            return Support.binary(a, true, "no tool was called");
        }
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            SchemaCheck check = subject.tools() == null
                    ? SchemaCheck.invalid(
                            "the prompt declares no tools, but the model called " + Support.quote(call.name()))
                    : subject.tools().check(call);
            if (!check.valid()) {
                return Support.binary(a, false, "call " + (i + 1) + " of " + calls.size() + ": " + check.problem());
            }
        }
        return Support.binary(
                a, true, calls.size() == 1 ? "the call is valid" : "all " + calls.size() + " calls are valid");
    }
}
