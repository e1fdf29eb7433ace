package dev.vernier.core.scoring.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.schema.JsonSchemas;
import dev.vernier.core.schema.JsonValues;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code tool-call}: the model called the expected tool ({@code value}: its name), or no tool at all
 * ({@code value: none}). Options check the call's arguments: {@code arguments} (equal to this value),
 * {@code arguments_contain} (these keys with these values, others allowed), {@code arguments_schema}
 * (valid against this JSON Schema); {@code call} says which call is looked at: {@code first} (default)
 * or {@code any}. Numbers compare by value (3 equals 3.0). In a tool loop the calls of every round of
 * the user turn count, in order (docs/tools.md).
 *
 * <p>Every score carries the details {@value #EXPECTED_DETAIL} (the expected tool, or {@code none}) and
 * {@value #SELECTED_DETAIL} (whether the expected tool was chosen, arguments aside): the tool-selection
 * accuracy of the reports counts them.
 */
public final class ToolCallIs implements Scorer {

    /** Score detail: the tool the assertion expects, {@value #NONE} for no call. */
    public static final String EXPECTED_DETAIL = "expected_tool";

    /** Score detail: whether the model chose as expected (the tool's name, or no call), arguments aside. */
    public static final String SELECTED_DETAIL = "tool_selected";

    /** The value meaning that no tool call is expected. */
    public static final String NONE = "none";

    private static final String ARGUMENTS = "arguments";
    private static final String CONTAIN = "arguments_contain";
    private static final String SCHEMA = "arguments_schema";
    private static final String CALL = "call";

    @Override
    public ScorerInfo info() {
        return new ScorerInfo(
                "tool-call",
                "the model called the expected tool (value), with arguments equal to, containing or matching a"
                        + " schema; 'none' expects no call",
                false,
                false);
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of(ARGUMENTS, CONTAIN, SCHEMA, CALL);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.noThreshold(a);
        if (!(a.value() instanceof String name) || name.isBlank()) {
            throw new ConfigException(
                    "value",
                    "'" + a.name() + "' needs 'value:' with the name of the expected tool, or 'none' when no call is"
                            + " expected, found " + Support.describe(a.value()) + ".");
        }
        if (name.equals(NONE)) {
            for (String key : List.of(ARGUMENTS, CONTAIN, SCHEMA, CALL)) {
                if (a.options().containsKey(key)) {
                    throw new ConfigException(
                            key,
                            "'" + key + "' checks a call, but 'value: none' expects no call. Remove '" + key
                                    + "', or name the expected tool in 'value'.");
                }
            }
        }
        Object call = a.options().get(CALL);
        if (call != null && !call.equals("first") && !call.equals("any")) {
            throw new ConfigException(
                    CALL,
                    "'call' must be 'first' (the model's first call is the expected one) or 'any' (any of its calls),"
                            + " found " + Support.describe(call) + ".");
        }
        if (a.options().containsKey(CONTAIN) && !(a.options().get(CONTAIN) instanceof Map)) {
            throw new ConfigException(
                    CONTAIN,
                    "'arguments_contain' must be a mapping of the arguments the call must have, e.g. '{city: Paris}',"
                            + " found " + Support.describe(a.options().get(CONTAIN)) + ".");
        }
        if (a.options().containsKey(ARGUMENTS) && !(a.options().get(ARGUMENTS) instanceof Map)) {
            throw new ConfigException(
                    ARGUMENTS,
                    "'arguments' must be a mapping equal to the call's arguments, e.g. '{city: Paris}', found "
                            + Support.describe(a.options().get(ARGUMENTS)) + ".");
        }
        if (a.options().containsKey(SCHEMA)) {
            JsonSchemas.compile(schemaNode(a.options().get(SCHEMA)), SCHEMA);
        }
    }

    @Override
    public Set<String> toolsNamed(Assertion a) {
        return a.value() instanceof String name && !name.equals(NONE) ? Set.of(name) : Set.of();
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        String expected = Support.text(a);
        List<ToolCall> calls = subject.toolCalls();
        if (expected.equals(NONE)) {
            boolean pass = calls.isEmpty();
            return scored(
                    a,
                    expected,
                    pass,
                    pass,
                    pass ? "no tool was called" : "expected no call, but the model called " + names(calls));
        }
        if (calls.isEmpty()) {
            return scored(a, expected, false, false, "no tool was called, expected '" + expected + "'");
        }
        boolean any = "any".equals(a.options().get(CALL));
        List<ToolCall> candidates = any ? calls : List.of(calls.get(0));
        String problem = null;
        boolean selected = false;
        for (ToolCall call : candidates) {
            if (!call.name().equals(expected)) {
                continue;
            }
            selected = true;
            String mismatch = argumentsProblem(a, call);
            if (mismatch == null) {
                return scored(
                        a,
                        expected,
                        true,
                        true,
                        "'" + expected + "' was called"
                                + (a.options().isEmpty() ? "" : " with the expected arguments"));
            }
            problem = problem == null ? mismatch : problem;
        }
        if (!selected) {
            return scored(
                    a,
                    expected,
                    false,
                    false,
                    any
                            ? "'" + expected + "' was not called; the model called " + names(calls)
                            : "the first call is " + Support.quote(calls.get(0).name()) + ", expected '" + expected
                                    + "'");
        }
        return scored(a, expected, false, true, "'" + expected + "' was called, but " + problem);
    }

    /** Why the call's arguments fail the assertion's checks, null when they pass. */
    private static String argumentsProblem(Assertion a, ToolCall call) {
        if (!a.options().containsKey(ARGUMENTS)
                && !a.options().containsKey(CONTAIN)
                && !a.options().containsKey(SCHEMA)) {
            return null;
        }
        JsonNode args;
        try {
            String text = call.arguments().isBlank() ? "{}" : call.arguments();
            args = JsonSchemas.parseStrict(text);
        } catch (JsonProcessingException e) {
            return "its arguments are not JSON: " + e.getOriginalMessage();
        }
        if (a.options().containsKey(ARGUMENTS)) {
            JsonNode want = JsonSchemas.MAPPER.valueToTree(a.options().get(ARGUMENTS));
            if (!JsonValues.equal(want, args)) {
                return "its arguments " + Support.quote(args.toString()) + " are not " + Support.quote(want.toString());
            }
        }
        if (a.options().containsKey(CONTAIN)) {
            JsonNode want = JsonSchemas.MAPPER.valueToTree(a.options().get(CONTAIN));
            String missing = JsonValues.missing(want, args, Support::quote);
            if (missing != null) {
                return "its arguments " + Support.quote(args.toString()) + " lack " + missing;
            }
        }
        if (a.options().containsKey(SCHEMA)) {
            String mismatch;
            try {
                mismatch = JsonSchemas.mismatch(
                        JsonSchemas.compileChecked(schemaNode(a.options().get(SCHEMA))), args);
            } catch (ConfigException | RuntimeException e) {
                return "the arguments schema is invalid: " + e.getMessage();
            }
            if (mismatch != null) {
                return "its arguments do not match 'arguments_schema': " + mismatch;
            }
        }
        return null;
    }

    private static JsonNode schemaNode(Object v) throws ConfigException {
        return Support.schemaNode(v, SCHEMA, "'{type: object, required: [city]}'");
    }

    private static String names(List<ToolCall> calls) {
        return String.join(
                ", ", calls.stream().map(c -> Support.quote(c.name())).toList());
    }

    private static Score scored(Assertion a, String expected, boolean pass, boolean selected, String reason) {
        return new Score(
                a.name(),
                pass,
                pass ? 1 : 0,
                a.weight(),
                reason,
                Map.of(EXPECTED_DETAIL, expected, SELECTED_DETAIL, selected));
    }
}
