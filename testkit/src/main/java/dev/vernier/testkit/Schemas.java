package dev.vernier.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.schema.JsonSchemas;
import java.io.UncheckedIOException;

/** Response schemas for tests of structured output. */
public final class Schemas {

    /** The JSON text of {@link #person()}. */
    public static final String PERSON_JSON =
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}";

    private Schemas() {}

    /** {@code {type: object, properties: {name: {type: string}}, required: [name]}}, named {@code person}. */
    public static ResponseSchema person() {
        return of("person", PERSON_JSON);
    }

    /** A checked schema from JSON text. */
    public static ResponseSchema of(String name, String json) {
        try {
            return ResponseSchema.of(name, JsonSchemas.MAPPER.readTree(json));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
