package dev.vernier.core.scoring;

import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.Tools;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.TimedToolCall;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a scorer looks at: the sample (output text, finish reason, latency, tokens), the case's
 * variables, for assertions that refer to them, and the tool calls of the answer.
 *
 * @param sample    the completed request
 * @param vars      the case's variables
 * @param costUsd   the request's cost in US dollars when known, else null
 * @param toolCalls the tool calls the model made to reach this answer, in order: in a tool loop, the calls
 *                  of every round of the user turn (docs/tools.md); else the sample's own
 * @param tools     the tools the prompt declares, null when it declares none
 */
public record Scored(Sample sample, Map<String, String> vars, Double costUsd, List<ToolCall> toolCalls, Tools tools) {

    public Scored {
        Objects.requireNonNull(sample, "sample");
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }

    /** A subject whose calls are the sample's own, and whose prompt declares no tools. */
    public Scored(Sample sample, Map<String, String> vars, Double costUsd) {
        this(sample, vars, costUsd, calls(sample), null);
    }

    /** The sample's own tool calls. */
    public static List<ToolCall> calls(Sample sample) {
        return sample.toolCalls().stream().map(TimedToolCall::call).toList();
    }

    public String output() {
        return sample.text();
    }
}
