package dev.vernier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The tool calls a {@link StreamingSimulator} answers with when a request declares tools and its last message
 * is not a tool result (a request whose last message is a tool result gets the simulator's normal text
 * answer, as a model answers once it has its tools' results). The default calls the first declared tool
 * (or the one the request's tool choice names) with arguments made from that tool's parameters schema
 * ({@link #argumentsFor}); a test can script the calls instead: which tool, which arguments (valid or, on
 * purpose, not) and how many pieces the arguments are streamed in.
 *
 * <p>Schedule, from the request's arrival {@code t0} with the config's {@code ttft} and inter-token delay
 * {@code d}: the answer is a sequence of events, event {@code e} written at {@code t0 + ttft + e * d}. Call
 * {@code k} takes {@code 1 + pieces_k} events: first its opening (id and name), then its arguments in
 * {@code pieces_k} fragments; calls follow one another. So call {@code k} is whole at event
 * {@code E_k = sum over j <= k of (1 + pieces_j) - 1}, that is at {@code t0 + ttft + E_k * d}. How each
 * dialect shows it:
 * <ul>
 *   <li>Chat Completions: one {@code delta.tool_calls} chunk per event (the opening with {@code id},
 *       {@code type} and {@code function.name} and empty arguments, then one {@code function.arguments}
 *       fragment per chunk), then {@code finish_reason: "tool_calls"}, usage and {@code [DONE]}; not
 *       streamed: one {@code chat.completion} with {@code message.tool_calls} at the last event's time;</li>
 *   <li>Ollama: each call whole, in a line of its own written at the call's last event ({@code E_k}), with
 *       arguments as an object and no id (as Ollama's API documentation shows them), then the final line
 *       with {@code done_reason: "stop"}.</li>
 * </ul>
 * Output tokens billed: one per event. The request's token limit is not applied to tool calls; tool answers
 * do not reason and are not reported to {@link StreamingSimulator#onStreamed}.
 *
 * @param calls the calls of each answer, in order, at least one
 */
public record SimulatedToolCalls(List<Call> calls) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Argument fragments per call in {@link #DEFAULT}. */
    public static final int DEFAULT_PIECES = 4;

    /** One call of the first declared tool (or the named one), with arguments made from its schema, in 4 pieces. */
    public static final SimulatedToolCalls DEFAULT =
            new SimulatedToolCalls(List.of(new Call(null, null, DEFAULT_PIECES)));

    /**
     * One scripted call.
     *
     * @param name      the tool called; null: the tool the request's tool choice names, else the first declared
     * @param arguments the arguments' JSON text as the model writes them (need not be valid); null: made from
     *                  the called tool's parameters schema ({@link #argumentsFor})
     * @param pieces    fragments the arguments are streamed in (at least 1; fewer when the text is shorter)
     */
    public record Call(String name, String arguments, int pieces) {
        public Call {
            if (pieces < 1) {
                throw new IllegalArgumentException("a call's arguments come in at least one piece, was " + pieces);
            }
        }
    }

    public SimulatedToolCalls {
        calls = List.copyOf(calls);
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("script at least one call");
        }
    }

    /** The calls, in order. */
    public static SimulatedToolCalls of(Call... calls) {
        return new SimulatedToolCalls(List.of(calls));
    }

    /** One call of {@code name} with {@code arguments} in {@code pieces} fragments. */
    public static Call call(String name, String arguments, int pieces) {
        return new Call(name, arguments, pieces);
    }

    /** A tool as a request declares it: its name and its parameters schema (a missing node when none). */
    record Declared(String name, JsonNode parameters) {}

    /**
     * One call as it is sent: the tool, its whole arguments text and the fragments it is streamed in.
     *
     * @param first the answer's event at which the call opens
     */
    record Planned(String name, String arguments, List<String> fragments, int first) {
        /** The event at which the call is whole (its last fragment, or its opening when it has no arguments). */
        int last() {
            return first + fragments.size();
        }
    }

    /**
     * The calls for one request.
     *
     * @param declared the request's tools, in order, at least one
     * @param named    the tool the request's tool choice names, or null
     */
    List<Planned> plan(List<Declared> declared, String named) {
        List<Planned> planned = new ArrayList<>();
        int event = 0;
        for (Call call : calls) {
            String name = call.name() != null
                    ? call.name()
                    : named != null ? named : declared.get(0).name();
            String arguments = call.arguments();
            if (arguments == null) {
                JsonNode schema = declared.stream()
                        .filter(d -> d.name().equals(name))
                        .map(Declared::parameters)
                        .findFirst()
                        .orElse(null);
                arguments = argumentsFor(schema).toString();
            }
            List<String> fragments = split(arguments, call.pieces());
            planned.add(new Planned(name, arguments, fragments, event));
            event += 1 + fragments.size();
        }
        return planned;
    }

    /** Events in an answer of {@code planned} calls (the output tokens billed). */
    static int events(List<Planned> planned) {
        Planned last = planned.get(planned.size() - 1);
        return last.last() + 1;
    }

    /**
     * Arguments that fit a simple parameters schema: an object with every required property (every property
     * when none is required), each given its {@code const}, its first {@code enum} value, or by type
     * {@code "Paris"}, {@code 1}, {@code true}, an empty array, or a nested object made the same way.
     * Formats, patterns and bounds are not looked at. No schema (or one without properties): {@code {}}.
     */
    public static ObjectNode argumentsFor(JsonNode schema) {
        ObjectNode out = JSON.createObjectNode();
        if (schema == null || !schema.path("properties").isObject()) {
            return out;
        }
        JsonNode properties = schema.get("properties");
        Set<String> wanted = new LinkedHashSet<>();
        schema.path("required").forEach(r -> wanted.add(r.asText()));
        if (wanted.isEmpty()) {
            properties.fieldNames().forEachRemaining(wanted::add);
        }
        for (String property : wanted) {
            out.set(property, valueFor(properties.path(property)));
        }
        return out;
    }

    private static JsonNode valueFor(JsonNode schema) {
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        JsonNode type = schema.path("type");
        String t = type.isArray() && !type.isEmpty() ? type.get(0).asText() : type.asText("string");
        return switch (t) {
            case "integer", "number" -> JSON.getNodeFactory().numberNode(1);
            case "boolean" -> JSON.getNodeFactory().booleanNode(true);
            case "array" -> JSON.createArrayNode();
            case "object" -> argumentsFor(schema);
            case "null" -> JSON.getNodeFactory().nullNode();
            default -> JSON.getNodeFactory().textNode("Paris");
        };
    }

    /**
     * {@code text} in {@code pieces} fragments of near-equal length (fewer when the text is shorter; none for
     * an empty text), never splitting a surrogate pair.
     */
    static List<String> split(String text, int pieces) {
        Objects.requireNonNull(text, "text");
        int n = Math.min(pieces, text.length());
        List<String> fragments = new ArrayList<>(n);
        int from = 0;
        for (int i = 1; i <= n; i++) {
            int to = (int) ((long) i * text.length() / n);
            if (to < text.length() && to > from && Character.isLowSurrogate(text.charAt(to))) {
                to++;
            }
            if (to > from) {
                fragments.add(text.substring(from, to));
                from = to;
            }
        }
        return fragments;
    }
}
