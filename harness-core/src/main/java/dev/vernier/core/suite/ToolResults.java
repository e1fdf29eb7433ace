package dev.vernier.core.suite;

import dev.vernier.core.api.Message;
import dev.vernier.core.api.ToolCall;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A case's mocked tool results (suite key {@code tool_results}): what the harness answers when the model
 * calls a tool, so that a case runs the loop call, result, final answer without running any tool
 * (docs/tools.md). Results are text as the model reads it: a YAML string is sent as it is, any other
 * value as compact JSON.
 *
 * @param byTool    per tool name, its results
 * @param maxRounds the most tool rounds a user turn may take (suite key {@code max_tool_rounds}): after
 *                  that many sets of results the loop ends even if the model calls tools again
 */
public record ToolResults(Map<String, Results> byTool, int maxRounds) {

    /** The default of {@code max_tool_rounds}. */
    public static final int DEFAULT_MAX_ROUNDS = 3;

    /**
     * The results of one tool.
     *
     * @param results the results, in order
     * @param perCall whether the results answer the tool's calls one by one (the n-th call of the tool in a
     *                conversation gets the n-th result, and a call past the list gets none); false when one
     *                result answers every call
     */
    public record Results(List<String> results, boolean perCall) {

        public Results {
            results = List.copyOf(results);
            if (results.isEmpty() || (!perCall && results.size() != 1)) {
                throw new IllegalArgumentException("one result for every call, or a non-empty list");
            }
        }

        /** The result for the {@code nth} call (from 0), null when there is none. */
        String forCall(int nth) {
            return !perCall ? results.get(0) : nth < results.size() ? results.get(nth) : null;
        }
    }

    public ToolResults {
        byTool = Collections.unmodifiableMap(new LinkedHashMap<>(byTool));
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be >= 1, was " + maxRounds);
        }
    }

    /**
     * The mocked result of {@code call}, the {@code calls.indexOf(call)}-th call of the answer whose
     * conversation so far is {@code history}; null when the case gives none (an undeclared tool, or more
     * calls of the tool than listed results). The n-th call of a tool in a conversation (counting the
     * results already in the history and the earlier calls of the same answer) gets the n-th result.
     */
    public String resultFor(ToolCall call, List<ToolCall> calls, List<Message> history) {
        Results r = byTool.get(call.name());
        if (r == null) {
            return null;
        }
        int nth = 0;
        for (Message m : history) {
            if (m.role() == Message.Role.TOOL && call.name().equals(m.toolName())) {
                nth++;
            }
        }
        for (ToolCall earlier : calls) {
            if (earlier == call) {
                break;
            }
            if (earlier.name().equals(call.name())) {
                nth++;
            }
        }
        return r.forCall(nth);
    }

    /** The tool names with results, in the suite's order. */
    public Set<String> tools() {
        return byTool.keySet();
    }
}
