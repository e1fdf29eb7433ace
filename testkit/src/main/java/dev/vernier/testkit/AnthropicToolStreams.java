package dev.vernier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.testkit.LoopbackHttpServer.Exchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's tool-call answer in the Anthropic Messages dialect: {@code message_start} with the
 * response head, then per scripted call ({@link SimulatedToolCalls}) a {@code tool_use} block: its
 * {@code content_block_start} (id, name, empty input) at the call's start slot, one
 * {@code input_json_delta} per argument piece at the following slots, its {@code content_block_stop}
 * right after the last piece; then {@code message_delta} with {@code stop_reason: tool_use} and the
 * slots as {@code output_tokens}, and {@code message_stop}. No thinking and no text block.
 */
final class AnthropicToolStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicToolStreams() {}

    /**
     * Whether the request gets tool calls: it declares tools, its {@code tool_choice} is not
     * {@code none}, and its last message is not a tool result (a user message holding a
     * {@code tool_result} block), which gets the text answer.
     */
    static boolean calls(JsonNode request) {
        if (!request.path("tools").isArray()
                || request.path("tools").isEmpty()
                || "none".equals(request.path("tool_choice").path("type").asText())) {
            return false;
        }
        JsonNode messages = request.path("messages");
        JsonNode last = messages.path(messages.size() - 1);
        for (JsonNode block : last.path("content")) {
            if ("tool_result".equals(block.path("type").asText())) {
                return false;
            }
        }
        return true;
    }

    /** The tool {@code tool_choice} names, or null. */
    private static String named(JsonNode request) {
        JsonNode choice = request.path("tool_choice");
        return "tool".equals(choice.path("type").asText()) ? choice.path("name").asText() : null;
    }

    /** The request's tools with their {@code input_schema}. */
    private static List<SimulatedToolCalls.Declared> declared(JsonNode request) {
        List<SimulatedToolCalls.Declared> out = new ArrayList<>();
        for (JsonNode tool : request.path("tools")) {
            out.add(new SimulatedToolCalls.Declared(tool.path("name").asText(), tool.path("input_schema")));
        }
        return out;
    }

    /** Streams the script's calls for {@code request}, which arrived at {@code t0}. */
    static void stream(
            StreamingSimulator simulator,
            Exchange exchange,
            JsonNode request,
            long t0,
            int promptTokens,
            SimulatedToolCalls script)
            throws IOException {
        SimulatorConfig config = simulator.config();
        String id = "msg_sim" + simulator.nextId();
        exchange.startStream("text/event-stream; charset=utf-8", "Cache-Control: no-cache");
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message");
        message.put("id", id).put("type", "message").put("role", "assistant").put("model", config.model());
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", promptTokens).put("output_tokens", 1);
        exchange.writeChunk(ReasoningStreams.sse("message_start", start));
        long base = t0 + config.ttft().toNanos();
        long gap = config.interTokenDelay().toNanos();
        List<SimulatedToolCalls.Planned> plan = script.plan(declared(request), named(request));
        for (int c = 0; c < plan.size(); c++) {
            SimulatedToolCalls.Planned call = plan.get(c);
            ObjectNode blockStart =
                    JSON.createObjectNode().put("type", "content_block_start").put("index", c);
            blockStart
                    .putObject("content_block")
                    .put("type", "tool_use")
                    .put("id", "toolu_" + id.substring(4) + "_" + c)
                    .put("name", call.name())
                    .putObject("input");
            byte[] event = ReasoningStreams.sse("content_block_start", blockStart);
            int pieces = call.fragments().size();
            if (pieces == 0) {
                event = ReasoningStreams.concat(event, blockStop(c));
            }
            StreamingSimulator.waitUntil(base + (long) call.first() * gap);
            exchange.writeChunk(event);
            for (int k = 0; k < pieces; k++) {
                ObjectNode delta = JSON.createObjectNode()
                        .put("type", "content_block_delta")
                        .put("index", c);
                delta.putObject("delta")
                        .put("type", "input_json_delta")
                        .put("partial_json", call.fragments().get(k));
                event = ReasoningStreams.sse("content_block_delta", delta);
                if (k == pieces - 1) {
                    event = ReasoningStreams.concat(event, blockStop(c));
                }
                StreamingSimulator.waitUntil(base + (call.first() + 1L + k) * gap);
                exchange.writeChunk(event);
            }
        }
        ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
        end.putObject("delta").put("stop_reason", "tool_use").putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", SimulatedToolCalls.events(plan));
        exchange.writeLastChunk(ReasoningStreams.concat(
                ReasoningStreams.sse("message_delta", end),
                ReasoningStreams.sse("message_stop", JSON.createObjectNode().put("type", "message_stop"))));
    }

    private static byte[] blockStop(int index) throws IOException {
        return ReasoningStreams.sse(
                "content_block_stop",
                JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
    }
}
