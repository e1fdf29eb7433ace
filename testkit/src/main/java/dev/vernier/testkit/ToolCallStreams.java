package dev.vernier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.testkit.LoopbackHttpServer.Exchange;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a {@link StreamingSimulator} answers with tool calls in the Chat Completions and Ollama dialects, on
 * the schedule {@link SimulatedToolCalls} describes; and the checks a Chat Completions server makes of a
 * conversation's tool calls and results.
 */
final class ToolCallStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamingSimulator simulator;
    private final SimulatedToolCalls script;

    ToolCallStreams(StreamingSimulator simulator, SimulatedToolCalls script) {
        this.simulator = simulator;
        this.script = script;
    }

    // ---------------------------------------------------------------- when

    /**
     * Whether a Chat Completions request is answered with tool calls: it declares tools, its
     * {@code tool_choice} is not {@code "none"}, and its last message is not a tool result.
     */
    static boolean chatCompletionsCalls(JsonNode request) {
        return declaresTools(request)
                && !"none".equals(request.path("tool_choice").asText());
    }

    /** Whether an Ollama request is answered with tool calls: it declares tools and its last message is not a tool result. */
    static boolean ollamaCalls(JsonNode request) {
        return declaresTools(request);
    }

    private static boolean declaresTools(JsonNode request) {
        JsonNode messages = request.path("messages");
        boolean answered = messages.isArray()
                && !messages.isEmpty()
                && "tool".equals(messages.get(messages.size() - 1).path("role").asText());
        return request.path("tools").isArray() && !request.get("tools").isEmpty() && !answered;
    }

    /**
     * What a Chat Completions server refuses in a conversation's tool calls, as OpenAI does (400): a tool message
     * whose {@code tool_call_id} answers no call of the assistant message before it, a call left unanswered
     * when the next message is not a tool result, arguments that are not a string, and a declared tool
     * without a {@code function.name}. Null when all is well.
     */
    static String badChatHistory(JsonNode request) {
        JsonNode tools = request.path("tools");
        for (int i = 0; i < tools.size(); i++) {
            if (!tools.get(i).path("function").path("name").isTextual()) {
                return "tools." + i + ".function.name: a function needs a name";
            }
        }
        JsonNode messages = request.path("messages");
        Set<String> open = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.path("role").asText();
            if ("tool".equals(role)) {
                if (!open.remove(m.path("tool_call_id").asText(""))) {
                    return "messages." + i + ": messages with role 'tool' must be a response to a preceding message"
                            + " with 'tool_calls' (tool_call_id '"
                            + m.path("tool_call_id").asText("") + "')";
                }
                continue;
            }
            if (!open.isEmpty()) {
                return "messages." + (i - 1) + ": an assistant message with 'tool_calls' must be followed by tool"
                        + " messages responding to each 'tool_call_id'; not answered: " + open;
            }
            JsonNode calls = m.path("tool_calls");
            for (int k = 0; k < calls.size(); k++) {
                JsonNode call = calls.get(k);
                if (!call.path("function").path("arguments").isTextual()) {
                    return "messages." + i + ".tool_calls." + k + ".function.arguments: expected a string";
                }
                open.add(call.path("id").asText(""));
            }
        }
        return null;
    }

    /** The tools a Chat Completions or Ollama request declares ({@code tools[].function}). */
    private static List<SimulatedToolCalls.Declared> functions(JsonNode request) {
        List<SimulatedToolCalls.Declared> declared = new ArrayList<>();
        for (JsonNode tool : request.path("tools")) {
            JsonNode function = tool.path("function");
            declared.add(new SimulatedToolCalls.Declared(function.path("name").asText(), function.path("parameters")));
        }
        return declared;
    }

    // ---------------------------------------------------------------- Chat Completions

    /** Answers a Chat Completions request with the scripted calls, streamed or whole. */
    void openAi(Exchange exchange, JsonNode request, long t0, int promptTokens, String id) throws IOException {
        JsonNode choice = request.path("tool_choice");
        String named = choice.isObject() ? choice.path("function").path("name").asText(null) : null;
        List<SimulatedToolCalls.Planned> calls = script.plan(functions(request), named);
        int events = SimulatedToolCalls.events(calls);
        long created = Instant.now().getEpochSecond();
        long ttft = simulator.config().ttft().toNanos();
        long gap = simulator.config().interTokenDelay().toNanos();
        if (!request.path("stream").asBoolean(false)) {
            StreamingSimulator.waitUntil(t0 + ttft + (long) (events - 1) * gap);
            ObjectNode body = JSON.createObjectNode();
            body.put("id", id)
                    .put("object", "chat.completion")
                    .put("created", created)
                    .put("model", simulator.config().model());
            ObjectNode c = body.putArray("choices").addObject();
            c.put("index", 0);
            ObjectNode message = c.putObject("message").put("role", "assistant");
            message.putNull("content");
            ArrayNode list = message.putArray("tool_calls");
            for (int k = 0; k < calls.size(); k++) {
                ObjectNode call = list.addObject().put("id", callId(id, k)).put("type", "function");
                call.putObject("function")
                        .put("name", calls.get(k).name())
                        .put("arguments", calls.get(k).arguments());
            }
            c.put("finish_reason", "tool_calls");
            body.set("usage", StreamingSimulator.usage(promptTokens, events));
            StreamingSimulator.sendJson(exchange, 200, body);
            return;
        }
        boolean includeUsage =
                request.path("stream_options").path("include_usage").asBoolean(false);
        exchange.startStream("text/event-stream; charset=utf-8", "Cache-Control: no-cache");
        ObjectNode role = JSON.createObjectNode().put("role", "assistant");
        role.putNull("content");
        exchange.writeChunk(StreamingSimulator.sse(simulator.chunk(id, created, role, null, includeUsage)));
        for (int k = 0; k < calls.size(); k++) {
            SimulatedToolCalls.Planned call = calls.get(k);
            ObjectNode opening = toolDelta(k);
            opening.put("id", callId(id, k)).put("type", "function");
            opening.putObject("function").put("name", call.name()).put("arguments", "");
            write(exchange, id, created, opening, includeUsage, t0 + ttft + (long) call.first() * gap);
            for (int f = 0; f < call.fragments().size(); f++) {
                ObjectNode piece = toolDelta(k);
                piece.putObject("function").put("arguments", call.fragments().get(f));
                write(exchange, id, created, piece, includeUsage, t0 + ttft + (long) (call.first() + 1 + f) * gap);
            }
        }
        exchange.writeChunk(StreamingSimulator.sse(
                simulator.chunk(id, created, JSON.createObjectNode(), "tool_calls", includeUsage)));
        if (includeUsage) {
            ObjectNode last = JSON.createObjectNode();
            last.put("id", id)
                    .put("object", "chat.completion.chunk")
                    .put("created", created)
                    .put("model", simulator.config().model());
            last.putArray("choices");
            last.set("usage", StreamingSimulator.usage(promptTokens, events));
            exchange.writeChunk(StreamingSimulator.sse(JSON.writeValueAsString(last)));
        }
        exchange.writeLastChunk(StreamingSimulator.sse("[DONE]"));
    }

    /** A delta holding one {@code tool_calls} element for call {@code index}; returns the element. */
    private static ObjectNode toolDelta(int index) {
        return JSON.createObjectNode().put("index", index);
    }

    /** Writes the chunk whose delta carries {@code element} at {@code deadline}. */
    private void write(Exchange exchange, String id, long created, ObjectNode element, boolean usage, long deadline)
            throws IOException {
        ObjectNode delta = JSON.createObjectNode();
        delta.putArray("tool_calls").add(element);
        byte[] event = StreamingSimulator.sse(simulator.chunk(id, created, delta, null, usage));
        StreamingSimulator.waitUntil(deadline);
        exchange.writeChunk(event);
    }

    /** The id of call {@code k} of response {@code responseId}. */
    static String callId(String responseId, int k) {
        return "call_" + responseId.replace("chatcmpl-", "") + "x" + k;
    }

    // ---------------------------------------------------------------- Ollama

    /** Answers an Ollama request with the scripted calls, one line per call, or whole when not streamed. */
    void ollama(Exchange exchange, JsonNode request, long t0, int promptTokens) throws IOException {
        List<SimulatedToolCalls.Planned> calls = script.plan(functions(request), null);
        int events = SimulatedToolCalls.events(calls);
        long ttft = simulator.config().ttft().toNanos();
        long gap = simulator.config().interTokenDelay().toNanos();
        if (!request.path("stream").asBoolean(true)) {
            StreamingSimulator.waitUntil(t0 + ttft + (long) (events - 1) * gap);
            ObjectNode body = simulator.ollamaLine("", true);
            ArrayNode list = ((ObjectNode) body.get("message")).putArray("tool_calls");
            for (int k = 0; k < calls.size(); k++) {
                list.add(ollamaCall(calls.get(k), k));
            }
            StreamingSimulator.addOllamaStats(body, "stop", t0, promptTokens, events, ttft, t0 + ttft);
            StreamingSimulator.sendJson(exchange, 200, body);
            return;
        }
        exchange.startStream("application/x-ndjson");
        exchange.flush();
        long firstAt = t0 + ttft;
        for (int k = 0; k < calls.size(); k++) {
            long deadline = t0 + ttft + (long) calls.get(k).last() * gap;
            // built just before the deadline, as a text line is: created_at is current, the write not delayed
            StreamingSimulator.waitUntil(deadline - StreamingSimulator.PREPARE_NANOS);
            ObjectNode line = simulator.ollamaLine("", false);
            ((ObjectNode) line.get("message")).putArray("tool_calls").add(ollamaCall(calls.get(k), k));
            byte[] bytes = StreamingSimulator.ndjson(line);
            StreamingSimulator.waitUntil(deadline);
            if (k == 0) {
                firstAt = System.nanoTime();
            }
            exchange.writeChunk(bytes);
        }
        ObjectNode last = simulator.ollamaLine("", true);
        StreamingSimulator.addOllamaStats(last, "stop", t0, promptTokens, events, ttft, firstAt);
        exchange.writeLastChunk(StreamingSimulator.ndjson(last));
    }

    /** One call as Ollama streams it: {@code function} with its index, name and arguments as an object. */
    private static ObjectNode ollamaCall(SimulatedToolCalls.Planned call, int index) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode function = out.putObject("function");
        function.put("index", index).put("name", call.name());
        JsonNode arguments;
        try {
            arguments = JSON.readTree(call.arguments());
        } catch (IOException e) {
            arguments = null;
        }
        // Ollama parses the model's call before it sends it: arguments that are not an object never arrive
        function.set("arguments", arguments != null && arguments.isObject() ? arguments : JSON.createObjectNode());
        return out;
    }
}
