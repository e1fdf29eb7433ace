package dev.vernier.core.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.testing.FakeProviderFactory;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code response_format}: parsed once into a checked schema, inherited and overridden, refused with file:line. */
class SuiteLoaderResponseFormatTest {

    private static final Path FILE = Path.of("suites/json.yaml");
    private final SuiteLoader loader =
            new SuiteLoader(ProviderRegistry.of(List.of(new FakeProviderFactory(), new JsonFactory())));

    private Suite parse(Path file, String yaml) {
        return loader.parse(file, new StringReader(yaml));
    }

    private void assertRejected(String yaml, String expectedMessage) {
        assertThatThrownBy(() -> parse(FILE, yaml))
                .isInstanceOf(SuiteException.class)
                .hasMessage(expectedMessage);
    }

    @Test
    void the_suite_schema_applies_to_every_prompt_and_a_prompt_overrides_or_drops_it() {
        Suite suite = parse(FILE, """
                response_format:
                  schema: {type: object, properties: {name: {type: string}}, required: [name]}
                prompts:
                  - "Name a cat"
                  - {id: own, template: "Count", response_format: {name: count, schema: '{"type": "integer"}'}}
                  - {id: free, template: "Say hi", response_format: none}
                providers: [{type: json}]
                """);

        ResponseSchema first = suite.prompts().get(0).responseSchema();
        assertThat(first.name()).isEqualTo("response");
        assertThat(first.json())
                .isEqualTo(
                        "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");
        assertThat(suite.prompts().get(1).responseSchema().name()).isEqualTo("count");
        assertThat(suite.prompts().get(1).responseSchema().json()).isEqualTo("{\"type\":\"integer\"}");
        assertThat(suite.prompts().get(2).responseSchema()).isNull();
    }

    @Test
    void reads_a_schema_file_relative_to_the_suite(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(dir.resolve("schemas/person.json"), "{\"type\": \"object\", \"required\": [\"age\"]}");
        Suite suite = parse(dir.resolve("s.yaml"), """
                prompts: [{template: "Who?", response_format: {schema_file: schemas/person.json}}]
                providers: [{type: json}]
                """);

        assertThat(suite.prompts().get(0).responseSchema().json())
                .isEqualTo("{\"type\":\"object\",\"required\":[\"age\"]}");
    }

    @Test
    void a_provider_with_response_format_none_gets_the_prompts_without_their_schema() {
        Suite suite = parse(FILE, """
                response_format: {schema: {type: object}}
                prompts: ["Name a cat"]
                providers:
                  - {type: json, id: with}
                  - {type: test-fake, id: without, response_format: none}
                """);

        assertThat(suite.providers().get(0).sendsResponseSchema()).isTrue();
        assertThat(suite.providers().get(1).sendsResponseSchema()).isFalse();
        assertThat(suite.providers().get(1).options()).doesNotContainKey("response_format");
        RunPlan plan = RunPlan.expand(suite, List.of("with", "without"), id -> id.equals("with"));
        assertThat(plan.requests().get(0).request().responseSchema())
                .isEqualTo(suite.prompts().get(0).responseSchema());
        assertThat(plan.requests().get(1).request().responseSchema()).isNull();
    }

    @Test
    void a_provider_type_that_cannot_send_a_schema_is_refused_at_its_type_line() {
        assertRejected(
                """
                response_format: {schema: {type: object}}
                prompts: ["hi"]
                providers:
                  - type: test-fake
                """,
                "suites/json.yaml:4:11: provider type 'test-fake' cannot send a JSON Schema ('response_format') to its"
                        + " model. Fix: add 'response_format: none' to this provider (it then gets the prompts without"
                        + " the schema), or use a type that supports structured output (see"
                        + " docs/structured-output.md)");
    }

    @Test
    void refuses_a_bad_type_in_the_schema_at_the_schema_line() {
        assertThatThrownBy(() -> parse(FILE, """
                        prompts:
                          - template: "hi"
                            response_format:
                              schema: {type: objekt}
                        providers: [{type: json}]
                        """))
                .isInstanceOf(SuiteException.class)
                .hasMessageStartingWith("suites/json.yaml:4:15: invalid JSON Schema: ")
                .hasMessageContaining("$.type: does not have a value in the enumeration")
                .hasMessageEndingWith(" Fix the schema; docs/structured-output.md shows one.");
    }

    @Test
    void refuses_a_schema_that_is_not_an_object() {
        assertRejected(
                """
                response_format: {schema: '[1, 2]'}
                prompts: ["hi"]
                providers: [{type: json}]
                """,
                "suites/json.yaml:1:27: the JSON Schema must be an object such as '{type: object, properties: {...}}'"
                        + " (vendors take no other), found array. Fix the schema; docs/structured-output.md shows"
                        + " one.");
    }

    @Test
    void refuses_an_unreadable_schema_file_naming_where_it_looked(@TempDir Path dir) {
        Path suite = dir.resolve("s.yaml");
        assertThatThrownBy(() -> parse(suite, """
                        prompts: ["hi"]
                        response_format: {schema_file: missing.json}
                        providers: [{type: json}]
                        """))
                .isInstanceOf(SuiteException.class)
                .hasMessage(suite + ":2:32: cannot read the schema file " + dir.resolve("missing.json")
                        + " (NoSuchFileException). Give a path relative to the suite file (" + dir + ").");
    }

    @Test
    void refuses_invalid_json_in_a_schema_file_with_its_own_line_and_column(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\n  \"type\": \"object\",\n  oops\n}");
        Path suite = dir.resolve("s.yaml");
        assertThatThrownBy(() -> parse(suite, """
                        prompts: ["hi"]
                        response_format: {schema_file: bad.json}
                        providers: [{type: json}]
                        """))
                .isInstanceOf(SuiteException.class)
                .hasMessageStartingWith(suite + ":2:32: the schema file " + dir.resolve("bad.json") + ":3:")
                .hasMessageContaining(" is not valid JSON: ")
                .hasMessageEndingWith(". Fix the file there (it must hold one JSON Schema object).");
    }

    @Test
    void refuses_both_or_neither_of_schema_and_schema_file() {
        assertRejected(
                """
                prompts: [{template: hi, response_format: {name: x}}]
                providers: [{type: json}]
                """,
                "suites/json.yaml:1:43: 'response_format' needs exactly one of 'schema' (the JSON Schema inline) or"
                        + " 'schema_file' (a JSON file relative to the suite), e.g. 'response_format: {schema_file:"
                        + " schemas/person.json}'.");
    }

    @Test
    void refuses_a_name_vendors_would_refuse() {
        assertRejected(
                """
                response_format: {name: "my schema", schema: {type: object}}
                prompts: ["hi"]
                providers: [{type: json}]
                """,
                "suites/json.yaml:1:25: 'response_format.name' must be 1 to 64 letters, digits, '_' or '-' (vendors"
                        + " refuse other names), found 'my schema'. Fix the schema; docs/structured-output.md shows"
                        + " one.");
    }

    @Test
    void a_provider_response_format_other_than_none_is_refused() {
        assertRejected(
                """
                prompts: ["hi"]
                providers: [{type: json, response_format: {schema: {type: object}}}]
                """,
                "suites/json.yaml:2:43: a provider's 'response_format' can only be 'none' (send it the prompts without"
                        + " their schema); the schema itself is set on the suite or on a prompt.");
    }

    @Test
    void none_at_the_top_of_a_suite_is_refused_as_pointless() {
        assertRejected(
                """
                response_format: none
                prompts: ["hi"]
                providers: [{type: json}]
                """,
                "suites/json.yaml:1:18: 'response_format: none' is the default of a suite; remove the line, or give"
                        + " a schema, e.g. 'response_format: {schema: {type: object}}'.");
    }

    @Test
    void an_unknown_key_in_response_format_names_the_allowed_ones() {
        assertThatThrownBy(() -> parse(FILE, """
                        response_format: {shema: {type: object}}
                        prompts: ["hi"]
                        providers: [{type: json}]
                        """))
                .isInstanceOf(SuiteException.class)
                .hasMessage("suites/json.yaml:1:19: unknown key 'shema' in response_format. Did you mean 'schema'?"
                        + " Allowed keys: schema, schema_file, name.");
    }

    /** A type that sends schemas, but only object schemas. */
    private static final class JsonFactory implements ProviderFactory {
        @Override
        public String type() {
            return "json";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of();
        }

        @Override
        public void validateResponseSchema(ProviderConfig config, ResponseSchema schema) {}

        @Override
        public Provider create(ProviderConfig config) throws ConfigException {
            throw new UnsupportedOperationException("not run in these tests");
        }
    }
}
