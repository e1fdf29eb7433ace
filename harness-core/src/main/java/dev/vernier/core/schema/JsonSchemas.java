package dev.vernier.core.schema;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vernier.core.api.ConfigException;
import java.util.Locale;
import java.util.Set;

/**
 * The one JSON Schema validator of Vernier (networknt, draft 2020-12 unless a schema's {@code $schema}
 * says otherwise): checks a schema against its meta-schema when a suite loads, and validates values
 * against it. The {@code json-schema} assertion and {@code response_format} both use it.
 */
public final class JsonSchemas {

    /** One mapper for schemas and outputs; its strict reader refuses trailing content after the value. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private static final ObjectReader STRICT = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final String META = "https://json-schema.org/draft/2020-12/schema";

    private JsonSchemas() {}

    /**
     * The schema compiled, after checking it is an object (or boolean) valid against its meta-schema.
     *
     * @param key the suite key a {@link ConfigException} names
     * @throws ConfigException saying what is wrong with the schema
     */
    public static JsonSchema compile(JsonNode schema, String key) throws ConfigException {
        if (!schema.isObject() && !schema.isBoolean()) {
            throw new ConfigException(
                    key,
                    "the JSON Schema must be an object, found "
                            + schema.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        Set<ValidationMessage> problems;
        JsonSchema compiled;
        try {
            problems = FACTORY.getSchema(SchemaLocation.of(META)).validate(schema);
            compiled = FACTORY.getSchema(schema);
        } catch (RuntimeException e) {
            throw new ConfigException(key, "invalid JSON Schema: " + e.getMessage() + ".");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(key, "invalid JSON Schema: " + first(problems) + ".");
        }
        return compiled;
    }

    /** The schema compiled without checking it (it was checked when the suite loaded). */
    public static JsonSchema compileChecked(JsonNode schema) {
        return FACTORY.getSchema(schema);
    }

    /** Why the value does not match the schema (the first problem, and how many more), null when it does. */
    public static String mismatch(JsonSchema schema, JsonNode value) {
        Set<ValidationMessage> problems = schema.validate(value);
        if (problems.isEmpty()) {
            return null;
        }
        return first(problems) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }

    /**
     * The text parsed as exactly one JSON value (surrounding whitespace allowed, nothing else).
     *
     * @throws JsonProcessingException when it is not
     */
    public static JsonNode parseStrict(String text) throws JsonProcessingException {
        JsonNode node = STRICT.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new JsonParseException(null, "the output is empty: no JSON value");
        }
        return node;
    }

    /** A fresh tree of JSON text that was checked when it was stored (callers may change the tree). */
    public static JsonNode tree(String checkedJson) {
        try {
            return MAPPER.readTree(checkedJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checked schema no longer parses", e);
        }
    }

    /** The first of several problems, in a stable (sorted) order. */
    public static String first(Set<ValidationMessage> problems) {
        return problems.stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .findFirst()
                .orElse("");
    }
}
