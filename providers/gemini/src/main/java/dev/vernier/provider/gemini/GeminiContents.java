package dev.vernier.provider.gemini;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ToolCall;
import dev.vernier.provider.http.Json;
import java.util.List;

/**
 * generateContent's {@code contents}: one {@code Content} per message, role {@code user} or
 * {@code model} (the only two the API takes):
 * <ul>
 *   <li>a user message: {@code {role: user, parts: [{text}]}}; an assistant message:
 *       {@code {role: model, parts: [{text}]}};</li>
 *   <li>an assistant message calling tools: {@code {role: model, parts: [{text}?, {functionCall:
 *       {name, args, id?}}...]}}, the text part left out when empty, {@code args} the arguments as a
 *       JSON object ({@code {}} for none);</li>
 *   <li>tool results: {@code {role: user, parts: [{functionResponse: {name, response, id?}}...]}}, the
 *       results following one another in one content (the responses to parallel calls go together,
 *       in the calls' order). {@code response} must be a JSON object: a result that is one is sent as
 *       it is; any other text is wrapped as {@code {"output": text}}, the key the API reference names
 *       for a function's output.</li>
 * </ul>
 * Ids: Gemini's {@code functionCall.id} is optional and most models send none; the provider then makes
 * up {@code call_0}, {@code call_1}, ... ({@link ToolCall#madeUpId}), which mean nothing to the API and
 * are not sent. An id that is not the made-up one for the call's position is the model's own, and is
 * sent back in {@code functionCall.id} and in the matching {@code functionResponse.id}.
 */
final class GeminiContents {

    private GeminiContents() {}

    /**
     * {@code turns} (no system messages) as the {@code contents} array.
     *
     * @throws IllegalArgumentException when a tool call's arguments are not a JSON object
     */
    static ArrayNode of(List<Message> turns) {
        ArrayNode contents = JsonNodeFactory.instance.arrayNode();
        ArrayNode results = null;
        List<ToolCall> lastCalls = List.of();
        for (Message m : turns) {
            if (m.role() == Message.Role.TOOL) {
                if (results == null) {
                    results = contents.addObject().put("role", "user").putArray("parts");
                }
                ObjectNode response = results.addObject().putObject("functionResponse");
                response.put("name", m.toolName());
                String id = vendorId(lastCalls, m.toolCallId());
                if (id != null) {
                    response.put("id", id);
                }
                response.set("response", response(m.content()));
                continue;
            }
            results = null;
            ArrayNode parts = contents.addObject()
                    .put("role", m.role() == Message.Role.ASSISTANT ? "model" : "user")
                    .putArray("parts");
            if (!m.callsTools()) {
                parts.addObject().put("text", m.content());
                continue;
            }
            if (!m.content().isEmpty()) {
                parts.addObject().put("text", m.content());
            }
            lastCalls = m.toolCalls();
            for (int i = 0; i < lastCalls.size(); i++) {
                ToolCall call = lastCalls.get(i);
                ObjectNode functionCall = parts.addObject().putObject("functionCall");
                functionCall.put("name", call.name());
                functionCall.set("args", args(call));
                if (!call.id().equals(ToolCall.madeUpId(i))) {
                    functionCall.put("id", call.id());
                }
            }
        }
        return contents;
    }

    /** The id to send with the result of call {@code id} of {@code calls}: null when it was made up. */
    private static String vendorId(List<ToolCall> calls, String id) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).id().equals(id)) {
                return id.equals(ToolCall.madeUpId(i)) ? null : id;
            }
        }
        return null;
    }

    /** A tool's result as the JSON object {@code response} must be (see the class comment). */
    static ObjectNode response(String result) {
        ObjectNode object = Json.object(result);
        return object != null ? object : JsonNodeFactory.instance.objectNode().put("output", result);
    }

    private static ObjectNode args(ToolCall call) {
        if (call.arguments().isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        ObjectNode args = Json.object(call.arguments());
        if (args == null) {
            throw new IllegalArgumentException("the arguments of tool call '" + call.id() + "' (" + call.name()
                    + ") are not a JSON object, and the Gemini API takes a call's args as an object only: "
                    + call.arguments());
        }
        return args;
    }
}
