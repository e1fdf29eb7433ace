package dev.vernier.core.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.vernier.core.schema.JsonSchemas;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request's structured-output contract (suite key {@code response_format}): the answer must be one
 * JSON document valid against a JSON Schema. Providers send it natively (each maps it onto its
 * vendor's own structured-output control) and refuse it at validation time when they cannot; the
 * harness checks every answer against it ({@link #check(String)}). Immutable: the schema is kept as
 * compact JSON text and as a compiled validator.
 */
public final class ResponseSchema {

    /** The suite key, and the key of every {@link ConfigException} about it. */
    public static final String KEY = "response_format";

    /** The name sent where a vendor asks for one (OpenAI's {@code json_schema.name}, a tool's name). */
    public static final String DEFAULT_NAME = "response";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final String json;
    private final JsonSchema compiled;

    private ResponseSchema(String name, String json, JsonSchema compiled) {
        this.name = name;
        this.json = json;
        this.compiled = compiled;
    }

    /**
     * A checked schema.
     *
     * @param name   the name vendors get: letters, digits, '_' or '-', at most 64 (null for {@value #DEFAULT_NAME})
     * @param schema the JSON Schema
     * @throws ConfigException (key {@code response_format.name} or {@code response_format.schema}) when
     *                         the name or the schema is invalid
     */
    public static ResponseSchema of(String name, JsonNode schema) throws ConfigException {
        String n = name == null ? DEFAULT_NAME : name;
        if (!NAME.matcher(n).matches()) {
            throw new ConfigException(
                    KEY + ".name",
                    "'" + KEY + ".name' must be 1 to 64 letters, digits, '_' or '-' (vendors refuse other names),"
                            + " found '" + n + "'.");
        }
        Objects.requireNonNull(schema, "schema");
        if (!schema.isObject()) {
            throw new ConfigException(
                    KEY + ".schema",
                    "the JSON Schema must be an object such as '{type: object, properties: {...}}' (vendors take"
                            + " no other), found " + schema.getNodeType().name().toLowerCase(Locale.ROOT)
                            + ".");
        }
        JsonSchema compiled = JsonSchemas.compile(schema, KEY + ".schema");
        return new ResponseSchema(n, schema.toString(), compiled);
    }

    /** The name vendors get. */
    public String name() {
        return name;
    }

    /** The schema as compact JSON text (to write into a request body). */
    public String json() {
        return json;
    }

    /** A fresh copy of the schema as a tree (callers may change it). */
    public JsonNode node() {
        return JsonSchemas.tree(json);
    }

    /**
     * Checks an answer: valid when the whole text (surrounding whitespace aside) is one JSON value that
     * matches the schema. No fence is unwrapped and nothing around the JSON is skipped: an application
     * parsing the answer would fail on those too.
     */
    public SchemaCheck check(String output) {
        JsonNode value;
        try {
            value = JsonSchemas.parseStrict(output == null ? "" : output);
        } catch (JsonProcessingException e) {
            return SchemaCheck.invalid("not JSON: " + e.getOriginalMessage());
        }
        String mismatch = JsonSchemas.mismatch(compiled, value);
        return mismatch == null ? SchemaCheck.VALID : SchemaCheck.invalid("does not match the schema: " + mismatch);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseSchema r && r.name.equals(name) && r.json.equals(json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, json);
    }

    @Override
    public String toString() {
        return "ResponseSchema[" + name + ": " + json + "]";
    }
}
