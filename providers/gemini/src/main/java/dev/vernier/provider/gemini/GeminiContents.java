package dev.vernier.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
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
 *   <li>an assistant message that is the model's own answer from a thinking model carries the answer's
 *       thought signatures (its replay state, from {@link GenerateContentDecoder}), each put back as
 *       {@code thoughtSignature} on the part it came on: a call's on that call's {@code functionCall}
 *       part (by the call's position in the answer), the text's on the text part; when the message has
 *       no text but calls, the text's signature goes on an empty text part after the calls, where the
 *       stream delivers such a signature-only part. Gemini 3 refuses a function call of the current
 *       turn without its signature; the text's is not checked but the docs ask for it back. State that
 *       is not such a JSON object (another provider's) is ignored.</li>
 * </ul>
 * Ids: Gemini's {@code functionCall.id} is optional and most models send none; the provider then makes
 * up {@code call_0}, {@code call_1}, ... ({@link ToolCall#madeUpId}), which mean nothing to the API and
 * are not sent. An id that is not the made-up one for the call's position is the model's own, and is
 * sent back in {@code functionCall.id} and in the matching {@code functionResponse.id}.
 */
final class GeminiContents {

    /** Replay-state key: the function-call signatures, {@code [{"call": position, "thoughtSignature": ...}]}. */
    static final String CALL_SIGNATURES = "functionCallSignatures";

    /** Replay-state key: the signature that came on a part other than a function call. */
    static final String TEXT_SIGNATURE = "textSignature";

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
            ObjectNode state = m.replayState() == null ? null : Json.object(m.replayState());
            String textSignature =
                    state == null ? "" : state.path(TEXT_SIGNATURE).asText("");
            if (!m.callsTools() || !m.content().isEmpty()) {
                signed(parts.addObject().put("text", m.content()), textSignature);
            }
            if (!m.callsTools()) {
                continue;
            }
            lastCalls = m.toolCalls();
            for (int i = 0; i < lastCalls.size(); i++) {
                ToolCall call = lastCalls.get(i);
                ObjectNode part = parts.addObject();
                ObjectNode functionCall = part.putObject("functionCall");
                functionCall.put("name", call.name());
                functionCall.set("args", args(call));
                if (!call.id().equals(ToolCall.madeUpId(i))) {
                    functionCall.put("id", call.id());
                }
                signed(part, callSignature(state, i));
            }
            if (m.content().isEmpty() && !textSignature.isEmpty()) {
                signed(parts.addObject().put("text", ""), textSignature);
            }
        }
        return contents;
    }

    /** Puts {@code signature} on the part, unless it is empty. */
    private static void signed(ObjectNode part, String signature) {
        if (!signature.isEmpty()) {
            part.put("thoughtSignature", signature);
        }
    }

    /** The signature the answer's call {@code index} came with, or empty. */
    private static String callSignature(ObjectNode state, int index) {
        if (state != null) {
            for (JsonNode s : state.path(CALL_SIGNATURES)) {
                if (s.path("call").asInt(-1) == index) {
                    return s.path("thoughtSignature").asText("");
                }
            }
        }
        return "";
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
