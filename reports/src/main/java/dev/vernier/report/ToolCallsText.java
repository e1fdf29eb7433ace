package dev.vernier.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.TimedToolCall;

/**
 * A sample's tool calls as one JSON text (for a CSV cell and the case matrix): a list of {@code name},
 * {@code arguments} (the model's text, untrusted, as it wrote it), {@code ms} (t_call - t_send) and
 * {@code valid} (null when not checked). Callers escape it for their format.
 */
final class ToolCallsText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ToolCallsText() {}

    /** The calls as JSON text; empty when the answer called no tool. */
    static String of(Sample s) {
        if (!s.calledTools()) {
            return "";
        }
        ArrayNode calls = MAPPER.createArrayNode();
        for (TimedToolCall c : s.toolCalls()) {
            ObjectNode o = calls.addObject();
            o.put("name", c.call().name());
            o.put("arguments", c.call().arguments());
            o.put("ms", c.nanos() / 1e6);
            if (c.check() == null) {
                o.putNull("valid");
            } else {
                o.put("valid", c.check().valid());
            }
        }
        try {
            return MAPPER.writeValueAsString(calls);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write tool calls", e);
        }
    }
}
