package dev.vernier.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * JSON helpers for wire payloads: one shared {@link ObjectMapper}, lenient parsing of one SSE
 * {@code data:} payload or one NDJSON line, and reading optional counts.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** The shared, thread-safe mapper (for building request bodies). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The text parsed as a JSON object, or null when it is not exactly one JSON object. */
    public static ObjectNode object(String text) {
        return tree(text) instanceof ObjectNode object ? object : null;
    }

    /** The text parsed as JSON (any value), or null when it is not exactly one JSON value. */
    public static JsonNode tree(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** A count from a usage block: the integer value, or -1 when missing or not an integer. */
    public static long count(JsonNode node) {
        return node != null && node.isIntegralNumber() ? node.asLong() : -1;
    }

    /** Serialises a request body. */
    public static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise request body", e);
        }
    }
}
