package dev.vernier.core.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.schema.JsonSchemas;
import dev.vernier.core.schema.JsonValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A case's mocked tool results (suite key {@code tool_results}): what the harness answers when the model
 * calls a tool, so that a case runs the loop call, result, final answer without running any tool
 * (docs/tools.md). Results are text as the model reads it: a YAML string is sent as it is, any other
 * value as compact JSON. A tool's results are one for every call, a list answering its calls in order,
 * or results keyed by the call's arguments.
 *
 * @param byTool    per tool name, its results
 * @param maxRounds the most tool rounds a user turn may take (suite key {@code max_tool_rounds}): after
 *                  that many sets of results the loop ends even if the model calls tools again
 */
public record ToolResults(Map<String, Results> byTool, int maxRounds) {

    /** The default of {@code max_tool_rounds}. */
    public static final int DEFAULT_MAX_ROUNDS = 3;

    /**
     * A result given for the calls whose arguments contain {@code arguments} ({@code by_arguments}).
     *
     * @param arguments what a call's arguments must contain (numbers by value; {@code {}} matches every call)
     * @param result    the result
     */
    public record Keyed(JsonNode arguments, String result) {
        public Keyed {
            Objects.requireNonNull(arguments, "arguments");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The results of one tool: in order, or keyed by arguments.
     *
     * @param results the results, in order (empty when keyed)
     * @param perCall whether the results answer the tool's calls one by one (the n-th call of the tool in a
     *                conversation gets the n-th result, and a call past the list gets none); false when one
     *                result answers every call
     * @param keyed   results by arguments: a call gets the first whose arguments its own contain (none when
     *                none does); empty unless the suite gives {@code by_arguments}
     */
    public record Results(List<String> results, boolean perCall, List<Keyed> keyed) {

        public Results {
            results = List.copyOf(results);
            keyed = List.copyOf(keyed);
            if (keyed.isEmpty() == results.isEmpty() || (!perCall && results.size() > 1)) {
                throw new IllegalArgumentException(
                        "one result for every call, a non-empty list, or results by arguments");
            }
        }

        /** Results in order: one for every call ({@code perCall} false), or one per call. */
        public Results(List<String> results, boolean perCall) {
            this(results, perCall, List.of());
        }

        /** The result for {@code call}, the {@code nth} call of the tool (from 0); null when there is none. */
        String forCall(ToolCall call, int nth) {
            if (!keyed.isEmpty()) {
                JsonNode args = arguments(call);
                for (Keyed k : keyed) {
                    if (args != null && JsonValues.missing(k.arguments(), args, q -> q) == null) {
                        return k.result();
                    }
                }
                return null;
            }
            return !perCall ? results.get(0) : nth < results.size() ? results.get(nth) : null;
        }

        private static JsonNode arguments(ToolCall call) {
            try {
                return JsonSchemas.parseStrict(call.arguments().isBlank() ? "{}" : call.arguments());
            } catch (JsonProcessingException e) {
                return null; // arguments that are not JSON match no key
            }
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
        return r.forCall(call, nth);
    }

    /** The tool names with results, in the suite's order. */
    public Set<String> tools() {
        return byTool.keySet();
    }
}
