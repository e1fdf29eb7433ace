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
 * slots as {@code output_tokens}, and {@code message_stop}. No text block.
 *
 * <p>Thinking with tools: when the simulator reasons, the answer opens (with {@code message_start},
 * before the first call's slot, so the calls keep their schedule) with one whole {@code thinking} block,
 * {@link #THINKING} in one {@code thinking_delta} and a {@code signature_delta} naming the message, and
 * the calls' blocks follow it. As the extended-thinking guide requires, the request that then carries
 * the calls' results must send that block back unmodified first in the calls' assistant message, else
 * it is refused with 400 ({@link #missingThinking}).
 */
final class AnthropicToolStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The thinking text of a tool-call answer when the simulator reasons. */
    static final String THINKING = "The user wants the weather; call the tools.";

    /** The prefix of the signatures the simulator gives its thinking blocks. */
    static final String SIGNATURE_PREFIX = "EqQBsim-";

    private AnthropicToolStreams() {}

    /**
     * For a request whose last message carries tool results, while the simulator reasons: the 400 error
     * text when the assistant message before it does not start with this simulator's thinking block
     * (its text unmodified, a signature of this simulator), else null.
     */
    static String missingThinking(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.path(messages.size() - 1);
        boolean results = false;
        for (JsonNode block : last.path("content")) {
            results |= "tool_result".equals(block.path("type").asText());
        }
        if (!results) {
            return null;
        }
        int at = messages.size() - 2;
        JsonNode first = messages.path(at).path("content").path(0);
        if ("thinking".equals(first.path("type").asText())
                && THINKING.equals(first.path("thinking").asText())
                && first.path("signature").asText().startsWith(SIGNATURE_PREFIX)) {
            return null;
        }
        return "messages." + at + ".content.0 is `" + first.path("type").asText("none")
                + "`: with thinking on, the assistant message before tool results must start with the thinking"
                + " blocks of that answer, sent back unmodified with their signatures";
    }

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
            SimulatedToolCalls script,
            boolean thinking)
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
        byte[] opening = ReasoningStreams.sse("message_start", start);
        int first = 0;
        if (thinking) {
            opening = ReasoningStreams.concat(opening, thinkingBlock(id));
            first = 1;
        }
        exchange.writeChunk(opening);
        long base = t0 + config.ttft().toNanos();
        long gap = config.interTokenDelay().toNanos();
        List<SimulatedToolCalls.Planned> plan = script.plan(declared(request), named(request));
        for (int c = 0; c < plan.size(); c++) {
            SimulatedToolCalls.Planned call = plan.get(c);
            int index = first + c;
            ObjectNode blockStart =
                    JSON.createObjectNode().put("type", "content_block_start").put("index", index);
            blockStart
                    .putObject("content_block")
                    .put("type", "tool_use")
                    .put("id", "toolu_" + id.substring(4) + "_" + c)
                    .put("name", call.name())
                    .putObject("input");
            byte[] event = ReasoningStreams.sse("content_block_start", blockStart);
            int pieces = call.fragments().size();
            if (pieces == 0) {
                event = ReasoningStreams.concat(event, blockStop(index));
            }
            StreamingSimulator.waitUntil(base + (long) call.first() * gap);
            exchange.writeChunk(event);
            for (int k = 0; k < pieces; k++) {
                ObjectNode delta = JSON.createObjectNode()
                        .put("type", "content_block_delta")
                        .put("index", index);
                delta.putObject("delta")
                        .put("type", "input_json_delta")
                        .put("partial_json", call.fragments().get(k));
                event = ReasoningStreams.sse("content_block_delta", delta);
                if (k == pieces - 1) {
                    event = ReasoningStreams.concat(event, blockStop(index));
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

    /** Block 0 of message {@code id}: {@link #THINKING} and its signature, start to stop. */
    private static byte[] thinkingBlock(String id) throws IOException {
        ObjectNode start =
                JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        start.putObject("content_block").put("type", "thinking").put("thinking", "");
        ObjectNode text =
                JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        text.putObject("delta").put("type", "thinking_delta").put("thinking", THINKING);
        ObjectNode signature =
                JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        signature.putObject("delta").put("type", "signature_delta").put("signature", SIGNATURE_PREFIX + id);
        return ReasoningStreams.concat(
                ReasoningStreams.concat(
                        ReasoningStreams.sse("content_block_start", start),
                        ReasoningStreams.sse("content_block_delta", text)),
                ReasoningStreams.concat(ReasoningStreams.sse("content_block_delta", signature), blockStop(0)));
    }

    private static byte[] blockStop(int index) throws IOException {
        return ReasoningStreams.sse(
                "content_block_stop",
                JSON.createObjectNode().put("type", "content_block_stop").put("index", index));
    }
}
