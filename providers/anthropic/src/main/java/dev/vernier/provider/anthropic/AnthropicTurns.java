package dev.vernier.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ToolCall;
import dev.vernier.provider.http.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * The Messages API's {@code messages}: the user and assistant turns of a conversation, strictly
 * alternating. Consecutive messages that land on one role are merged into one turn (the API would
 * combine them anyway; merging keeps the body as documented). A conversation without tools keeps the
 * plain form, {@code content} a string, texts of one turn joined by a blank line; as soon as a turn
 * carries a tool call or a tool result, its {@code content} is a list of blocks:
 * <ul>
 *   <li>an assistant message calling tools: its text as a {@code text} block (left out when empty:
 *       the API refuses empty text blocks), then one {@code tool_use} block per call
 *       ({@code id}, {@code name}, {@code input}: the arguments as a JSON object, {@code {}} for none);</li>
 *   <li>an assistant message that is the model's own answer with thinking (its replay state, from
 *       {@link MessageEventDecoder}): the answer's {@code thinking} blocks (with their {@code signature})
 *       and {@code redacted_thinking} blocks (with their {@code data}), unmodified and in their order,
 *       first, then its text and its {@code tool_use} blocks as above. The API requires them so in the
 *       last assistant message of a tool loop when thinking is on, and takes them (or strips them, by
 *       model) in earlier turns. State that is not such a JSON array (another provider's) is ignored;</li>
 *   <li>a tool result: a {@code tool_result} block ({@code tool_use_id}, {@code content}: the result
 *       text) in a <b>user</b> turn; the results of one assistant turn's calls, being consecutive, end
 *       up as the blocks of one user message, as the API requires, and a user text after them follows
 *       them in the same turn.</li>
 * </ul>
 */
final class AnthropicTurns {

    private AnthropicTurns() {}

    /** One turn being built: its role and either a plain text or a list of blocks. */
    private static final class Turn {
        final String role;
        String text;
        ArrayNode blocks;

        Turn(String role) {
            this.role = role;
        }

        /** Turns the plain text, if any, into a leading text block. */
        ArrayNode blocks() {
            if (blocks == null) {
                blocks = JsonNodeFactory.instance.arrayNode();
                if (text != null && !text.isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", text);
                }
                text = null;
            }
            return blocks;
        }

        void addText(String more) {
            if (blocks != null) {
                if (!more.isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", more);
                }
            } else {
                text = text == null ? more : text + "\n\n" + more;
            }
        }

        JsonNode content() {
            return blocks != null ? blocks : JsonNodeFactory.instance.textNode(text == null ? "" : text);
        }
    }

    /**
     * {@code turns} (no system messages) as the {@code messages} array.
     *
     * @throws IllegalArgumentException when a tool call's arguments are not a JSON object (the API
     *                                  takes {@code input} as an object only)
     */
    static ArrayNode of(List<Message> turns) {
        List<Turn> out = new ArrayList<>(turns.size());
        for (Message m : turns) {
            String role = m.role() == Message.Role.ASSISTANT ? "assistant" : "user";
            Turn turn = out.isEmpty() ? null : out.get(out.size() - 1);
            if (turn == null || !turn.role.equals(role)) {
                turn = new Turn(role);
                out.add(turn);
            }
            if (m.role() == Message.Role.TOOL) {
                turn.blocks()
                        .addObject()
                        .put("type", "tool_result")
                        .put("tool_use_id", m.toolCallId())
                        .put("content", m.content());
            } else if (m.callsTools() || !thinking(m).isEmpty()) {
                ArrayNode blocks = turn.blocks();
                blocks.addAll(thinking(m));
                if (!m.content().isEmpty()) {
                    blocks.addObject().put("type", "text").put("text", m.content());
                }
                for (ToolCall call : m.toolCalls()) {
                    blocks.addObject()
                            .put("type", "tool_use")
                            .put("id", call.id())
                            .put("name", call.name())
                            .set("input", input(call));
                }
            } else {
                turn.addText(m.content());
            }
        }
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        for (Turn t : out) {
            messages.addObject().put("role", t.role).set("content", t.content());
        }
        return messages;
    }

    /**
     * The thinking and redacted_thinking blocks of an assistant message's replay state; empty when it
     * has none or the state is not a JSON array of blocks (another provider's).
     */
    static List<JsonNode> thinking(Message m) {
        if (m.replayState() == null) {
            return List.of();
        }
        JsonNode state = Json.tree(m.replayState());
        List<JsonNode> blocks = new ArrayList<>();
        if (state != null && state.isArray()) {
            for (JsonNode block : state) {
                String type = block.path("type").asText("");
                if (type.equals("thinking") || type.equals("redacted_thinking")) {
                    blocks.add(block);
                }
            }
        }
        return blocks;
    }

    /** A call's arguments as the JSON object {@code input} must be; an empty text is {@code {}}. */
    static ObjectNode input(ToolCall call) {
        if (call.arguments().isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        ObjectNode input = Json.object(call.arguments());
        if (input == null) {
            throw new IllegalArgumentException("the arguments of tool call '" + call.id() + "' (" + call.name()
                    + ") are not a JSON object, and the Messages API takes a call's input as an object only: "
                    + call.arguments());
        }
        return input;
    }
}
