package dev.vernier.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.vernier.core.schema.JsonSchemas;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tool the model may call (suite key {@code tools}): its name, what it does, and the JSON Schema of
 * its arguments. Declared once in a suite and sent natively by each provider (OpenAI {@code tools[]}
 * functions, Anthropic {@code tools[].input_schema}, Gemini {@code functionDeclarations}, Ollama
 * {@code tools}). Immutable: the schema is kept as compact JSON text and as a compiled validator, so
 * the harness can check every call's arguments ({@link #check(String)}).
 */
public final class ToolSpec {

    /** The suite key, and the key of every {@link ConfigException} about tools. */
    public static final String KEY = "tools";

    /** Names every vendor accepts: letters, digits, '_' or '-', at most 64 (Gemini also refuses a leading digit). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");

    private final String name;
    private final String description;
    private final String parametersJson;
    private final JsonSchema compiled;

    private ToolSpec(String name, String description, String parametersJson, JsonSchema compiled) {
        this.name = name;
        this.description = description;
        this.parametersJson = parametersJson;
        this.compiled = compiled;
    }

    /**
     * A checked tool.
     *
     * @param name        what the model calls it: a letter or '_', then letters, digits, '_' or '-', at most 64
     * @param description what the tool does, in words the model reads (may be empty, not null)
     * @param parameters  the JSON Schema of the arguments object ({@code {type: object, properties: ...}});
     *                    null for a tool without arguments
     * @throws ConfigException (key {@code tools.<name>...}) when the name or the schema is invalid
     */
    public static ToolSpec of(String name, String description, JsonNode parameters) throws ConfigException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigException(
                    KEY + ".name",
                    "a tool's 'name' must be a letter or '_' followed by at most 63 letters, digits, '_' or '-'"
                            + " (vendors refuse other names), found '" + name + "'.");
        }
        Objects.requireNonNull(description, "description");
        JsonNode schema = parameters == null ? emptyObjectSchema() : parameters;
        String key = KEY + "." + name + ".parameters";
        if (!schema.isObject() || !"object".equals(schema.path("type").asText())) {
            throw new ConfigException(
                    key,
                    "tool '" + name + "': 'parameters' must be a JSON Schema of an object, such as '{type: object,"
                            + " properties: {city: {type: string}}, required: [city]}' (vendors take no other), found "
                            + (schema.isObject()
                                    ? "type '" + schema.path("type").asText() + "'"
                                    : schema.getNodeType().name().toLowerCase(Locale.ROOT))
                            + ".");
        }
        JsonSchema compiled = JsonSchemas.compile(schema, key);
        return new ToolSpec(name, description, schema.toString(), compiled);
    }

    private static JsonNode emptyObjectSchema() {
        return JsonSchemas.MAPPER
                .createObjectNode()
                .put("type", "object")
                .set("properties", JsonSchemas.MAPPER.createObjectNode());
    }

    /** What the model calls the tool. */
    public String name() {
        return name;
    }

    /** What the tool does (empty when the suite gives no description). */
    public String description() {
        return description;
    }

    /** The arguments' JSON Schema as compact JSON text (to write into a request body). */
    public String parametersJson() {
        return parametersJson;
    }

    /** A fresh copy of the arguments' schema as a tree (callers may change it). */
    public JsonNode parameters() {
        return JsonSchemas.tree(parametersJson);
    }

    /**
     * Checks a call's arguments: valid when the text is one JSON object that matches the parameters'
     * schema (an empty text counts as {@code {}}, as vendors send it for tools without arguments).
     */
    public SchemaCheck check(String argumentsJson) {
        String text = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
        JsonNode value;
        try {
            value = JsonSchemas.parseStrict(text);
        } catch (JsonProcessingException e) {
            return SchemaCheck.invalid("arguments are not JSON: " + e.getOriginalMessage());
        }
        if (!value.isObject()) {
            return SchemaCheck.invalid("arguments are not a JSON object");
        }
        String mismatch = JsonSchemas.mismatch(compiled, value);
        return mismatch == null
                ? SchemaCheck.VALID
                : SchemaCheck.invalid("arguments do not match the schema of '" + name + "': " + mismatch);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolSpec t
                && t.name.equals(name)
                && t.description.equals(description)
                && t.parametersJson.equals(parametersJson);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, parametersJson);
    }

    @Override
    public String toString() {
        return "ToolSpec[" + name + ": " + parametersJson + "]";
    }
}
