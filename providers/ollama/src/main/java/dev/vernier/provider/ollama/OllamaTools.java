package dev.vernier.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.StreamControl;
import java.io.IOException;

/**
 * Tool calling on Ollama's {@code /api/chat}, as its API documentation describes it (docs/tools-wire.md has
 * the whole mapping):
 *
 * <ul>
 *   <li>{@code tools}: one {@code {type: "function", function: {name, description, parameters}}} per
 *       declared tool, the same shape as OpenAI's.</li>
 *   <li>No {@code tool_choice}: Ollama has no such control (its OpenAI-compatible endpoint ignores it too).
 *       {@link ToolChoice.Mode#AUTO} is what it does anyway; {@link ToolChoice.Mode#NONE} is honoured by not
 *       sending the tools at all (a model cannot call a tool it was not told of; the prompt is then shorter
 *       than with the tools declared, unlike OpenAI's {@code none}, which keeps them in the prompt);
 *       {@link ToolChoice.Mode#REQUIRED} and {@link ToolChoice.Mode#NAMED} cannot be asked for and are
 *       refused when the suite loads ({@link #validate}).</li>
 *   <li>An assistant message that called tools: {@code tool_calls} of {@code {id, function: {name,
 *       arguments}}}, the arguments as a JSON object (not a string, unlike OpenAI); the id is the one the
 *       call came with (current servers send one) or the one made up for it.</li>
 *   <li>A tool result: {@code {role: "tool", content, tool_name}}, plus {@code tool_call_id} (which current
 *       servers read and older ones ignore).</li>
 *   <li>Streamed answers carry each call whole in a line's {@code message.tool_calls} (several calls may
 *       share a line), arguments as an object, and an {@code id} only on current servers: a call without one
 *       gets {@link ToolCall#madeUpId} by its position in the answer.</li>
 * </ul>
 */
final class OllamaTools {

    private OllamaTools() {}

    /** The suite key a refused tool choice is reported under. */
    static final String CHOICE_KEY = "tool_choice";

    /** Refuses the tool choices Ollama has no way to ask for. */
    static void validate(Tools tools) throws ConfigException {
        ToolChoice choice = tools.choice();
        if (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.NAMED) {
            String asked = choice.mode() == ToolChoice.Mode.REQUIRED ? "required" : choice.name();
            throw new ConfigException(
                    CHOICE_KEY,
                    "Ollama's /api/chat has no tool_choice, so it cannot make the model call "
                            + (choice.mode() == ToolChoice.Mode.REQUIRED ? "a tool" : "'" + asked + "'")
                            + " ('tool_choice: " + asked + "'). Fix: set 'tool_choice: auto' (or remove it) for"
                            + " the prompts this provider runs, and assert the expected call with a 'tool-call'"
                            + " assertion instead");
        }
    }

    /** One message of the conversation, with its tool calls or as a tool result. */
    static void message(ArrayNode messages, Message m) {
        ObjectNode out = messages.addObject().put("role", m.role().word()).put("content", m.content());
        if (m.role() == Message.Role.TOOL) {
            out.put("tool_name", m.toolName());
            out.put("tool_call_id", m.toolCallId());
        }
        if (m.callsTools()) {
            ArrayNode calls = out.putArray("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id());
                ObjectNode function = c.putObject("function");
                function.put("name", call.name());
                function.set("arguments", argumentsObject(call.arguments()));
            }
        }
    }

    /**
     * A call's arguments as the object Ollama takes. Arguments that are not a JSON object (a model's broken
     * call, kept in the history as it was) are sent as an empty object: the server refuses anything else.
     */
    static JsonNode argumentsObject(String arguments) {
        try {
            JsonNode value = arguments.isBlank() ? null : Json.mapper().readTree(arguments);
            if (value != null && value.isObject()) {
                return value;
            }
        } catch (IOException e) {
            // not JSON: sent as {} below
        }
        return Json.mapper().createObjectNode();
    }

    /** Writes {@code tools} into the body, unless the choice is {@code none} (see the class comment). */
    static void declare(ObjectNode body, Tools tools) {
        if (tools.choice().mode() == ToolChoice.Mode.NONE) {
            return;
        }
        ArrayNode list = body.putArray("tools");
        for (ToolSpec spec : tools.specs()) {
            ObjectNode function = list.addObject().put("type", "function").putObject("function");
            function.put("name", spec.name());
            if (!spec.description().isEmpty()) {
                function.put("description", spec.description());
            }
            function.putRawValue("parameters", new RawValue(spec.parametersJson()));
        }
    }

    /**
     * Reports the calls of one line's {@code message.tool_calls}, each whole, in order.
     *
     * @param calls    the array (anything else is ignored)
     * @param reported calls of this answer reported before this line (made-up ids continue from there)
     * @return calls reported from this line
     */
    static int report(JsonNode calls, int reported, StreamControl control) {
        int n = 0;
        if (!calls.isArray()) {
            return 0;
        }
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            JsonNode arguments = function.path("arguments");
            String id = call.path("id").asText("");
            control.toolCall(new ToolCall(
                    id.isEmpty() ? ToolCall.madeUpId(reported + n) : id,
                    function.path("name").asText(""),
                    arguments.isTextual()
                            ? arguments.asText()
                            : arguments.isMissingNode() || arguments.isNull() ? "" : arguments.toString()));
            n++;
        }
        return n;
    }
}
