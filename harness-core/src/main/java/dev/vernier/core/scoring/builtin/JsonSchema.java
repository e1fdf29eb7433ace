package dev.vernier.core.scoring.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.schema.JsonSchemas;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.List;
import java.util.Map;

/**
 * {@code json-schema}: the output's JSON (a {@code ```json} fence is unwrapped) is valid against a JSON
 * Schema, given as a YAML mapping or a JSON string in {@code value}. Validation uses Vernier's one
 * validator ({@link JsonSchemas}); the schema itself is checked against its meta-schema when the suite loads.
 */
public final class JsonSchema implements Scorer {

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("json-schema", "output is JSON valid against the given JSON Schema", false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.noThreshold(a);
        JsonSchemas.compile(schemaNode(a), "value");
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        com.networknt.schema.JsonSchema schema;
        try {
            schema = JsonSchemas.compileChecked(schemaNode(a));
        } catch (ConfigException | RuntimeException e) {
            return Support.binary(a, false, "invalid JSON Schema: " + e.getMessage());
        }
        JsonOutput.Parsed parsed = JsonOutput.parse(subject.output());
        if (parsed.node() == null) {
            return Support.binary(a, false, "output is not valid JSON: " + parsed.error());
        }
        String mismatch = JsonSchemas.mismatch(schema, parsed.node());
        return mismatch == null
                ? Support.binary(a, true, "output matches the schema")
                : Support.binary(a, false, "output does not match the schema: " + mismatch);
    }

    private static JsonNode schemaNode(Assertion a) throws ConfigException {
        Object v = a.value();
        if (!(v instanceof Map || v instanceof List || v instanceof String)) {
            throw new ConfigException(
                    "value",
                    "'json-schema' needs 'value:' with a JSON Schema, as a YAML mapping "
                            + "(e.g. '{type: object, required: [name]}') or a JSON string.");
        }
        return Support.schemaNode(v, "value", "'{type: object, required: [name]}'");
    }
}
