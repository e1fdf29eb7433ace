package dev.vernier.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import java.io.IOException;

/**
 * The tool-calling parts of a Chat Completions request body, as the API reference describes them
 * (docs/tools-wire.md has the whole mapping):
 *
 * <ul>
 *   <li>{@code tools}: one {@code {type: "function", function: {name, description, parameters}}} per
 *       declared tool, in the suite's order.</li>
 *   <li>{@code tool_choice}: {@code "auto"}, {@code "required"}, {@code "none"}, or
 *       {@code {type: "function", function: {name}}} for a named tool. {@code "auto"} is the vendor's
 *       default when tools are present and is sent anyway, so the body says what was asked.</li>
 *   <li>An assistant message that called tools: {@code content} (null when the model wrote no text beside
 *       its calls, as the reference allows for a message with {@code tool_calls}) and {@code tool_calls}
 *       of {@code {id, type: "function", function: {name, arguments}}}, the arguments as the JSON text
 *       the model wrote.</li>
 *   <li>A tool result: {@code {role: "tool", tool_call_id, content}}.</li>
 * </ul>
 *
 * <p>Not sent, on purpose:
 * <ul>
 *   <li>{@code strict: true} on a function. Strict mode constrains decoding to the schema, so every call's
 *       arguments would match it by construction, and OpenAI then refuses any schema outside its strict
 *       subset (every property required, {@code additionalProperties: false}). Vernier measures whether a
 *       model writes valid arguments ({@code tool-call-valid}); forcing validity would hide exactly what
 *       is measured, and the same suite could not be sent to servers without strict mode.</li>
 *   <li>{@code parallel_tool_calls}. Its default (true) is what applications get, the suite has no option
 *       that would change it, and not every model or compatible server takes the parameter: sending it
 *       would only add a way to fail.</li>
 * </ul>
 */
final class ChatTools {

    private ChatTools() {}

    /** Writes one message of the conversation, with its tool calls or as a tool result. */
    static void message(JsonGenerator json, Message m) throws IOException {
        json.writeStartObject();
        json.writeStringField("role", m.role().word());
        if (m.role() == Message.Role.TOOL) {
            json.writeStringField("tool_call_id", m.toolCallId());
            json.writeStringField("content", m.content());
        } else if (m.callsTools()) {
            if (m.content().isEmpty()) {
                json.writeNullField("content");
            } else {
                json.writeStringField("content", m.content());
            }
            json.writeArrayFieldStart("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                json.writeStartObject();
                json.writeStringField("id", call.id());
                json.writeStringField("type", "function");
                json.writeObjectFieldStart("function");
                json.writeStringField("name", call.name());
                // an empty text means no arguments; servers that render the call into a chat template
                // (llama.cpp's) parse it as JSON, so it is sent as the empty object it stands for
                json.writeStringField("arguments", call.arguments().isBlank() ? "{}" : call.arguments());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
        } else {
            json.writeStringField("content", m.content());
        }
        json.writeEndObject();
    }

    /** Writes {@code tools} and {@code tool_choice}. */
    static void declare(JsonGenerator json, Tools tools) throws IOException {
        json.writeArrayFieldStart("tools");
        for (ToolSpec spec : tools.specs()) {
            json.writeStartObject();
            json.writeStringField("type", "function");
            json.writeObjectFieldStart("function");
            json.writeStringField("name", spec.name());
            if (!spec.description().isEmpty()) {
                json.writeStringField("description", spec.description());
            }
            json.writeFieldName("parameters");
            json.writeRawValue(spec.parametersJson());
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
        ToolChoice choice = tools.choice();
        switch (choice.mode()) {
            case AUTO -> json.writeStringField("tool_choice", "auto");
            case REQUIRED -> json.writeStringField("tool_choice", "required");
            case NONE -> json.writeStringField("tool_choice", "none");
            case NAMED -> {
                json.writeObjectFieldStart("tool_choice");
                json.writeStringField("type", "function");
                json.writeObjectFieldStart("function");
                json.writeStringField("name", choice.name());
                json.writeEndObject();
                json.writeEndObject();
            }
        }
    }
}
