package dev.vernier.core.scoring.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code json-schema}: the output's JSON (a {@code ```json} fence is unwrapped) is valid against a JSON
 * Schema, given as a YAML mapping or a JSON string in {@code value}. Validation uses the networknt
 * validator (draft 2020-12 unless the schema's {@code $schema} says otherwise); the schema itself is
 * checked against its meta-schema when the suite loads.
 */
public final class JsonSchema implements Scorer {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final String META = "https://json-schema.org/draft/2020-12/schema";

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("json-schema", "output is JSON valid against the given JSON Schema", false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.noThreshold(a);
        JsonNode schema = schemaNode(a);
        if (!schema.isObject() && !schema.isBoolean()) {
            throw new ConfigException(
                    "value",
                    "the JSON Schema must be an object, found "
                            + schema.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
        }
        Set<ValidationMessage> problems;
        try {
            problems = FACTORY.getSchema(SchemaLocation.of(META)).validate(schema);
            FACTORY.getSchema(schema);
        } catch (RuntimeException e) {
            throw new ConfigException("value", "invalid JSON Schema: " + e.getMessage() + ".");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("value", "invalid JSON Schema: " + first(problems) + ".");
        }
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        com.networknt.schema.JsonSchema schema;
        try {
            schema = FACTORY.getSchema(schemaNode(a));
        } catch (ConfigException | RuntimeException e) {
            return Support.binary(a, false, "invalid JSON Schema: " + e.getMessage());
        }
        JsonOutput.Parsed parsed = JsonOutput.parse(subject.output());
        if (parsed.node() == null) {
            return Support.binary(a, false, "output is not valid JSON: " + parsed.error());
        }
        Set<ValidationMessage> problems = schema.validate(parsed.node());
        return problems.isEmpty()
                ? Support.binary(a, true, "output matches the schema")
                : Support.binary(
                        a,
                        false,
                        "output does not match the schema: " + first(problems)
                                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    }

    private static String first(Set<ValidationMessage> problems) {
        return problems.stream()
                .map(ValidationMessage::getMessage)
                .sorted()
                .findFirst()
                .orElse("");
    }

    private static JsonNode schemaNode(Assertion a) throws ConfigException {
        Object v = a.value();
        if (v instanceof Map || v instanceof List) {
            return JsonOutput.MAPPER.valueToTree(v);
        }
        if (v instanceof String s) {
            try {
                return JsonOutput.MAPPER.readTree(s);
            } catch (JsonProcessingException e) {
                throw new ConfigException(
                        "value", "the JSON Schema in 'value' is not valid JSON: " + e.getOriginalMessage() + ".");
            }
        }
        throw new ConfigException(
                "value",
                "'json-schema' needs 'value:' with a JSON Schema, as a YAML mapping "
                        + "(e.g. '{type: object, required: [name]}') or a JSON string.");
    }
}
