package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.journal.SampleJson;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.schema.JsonSchemas;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.ScriptedProvider;
import dev.vernier.core.testing.TestSuites;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every answer to a request with a response schema is checked against it; the summary's schema-valid rate. */
@Timeout(20)
class StructuredOutputRunTest {

    private final FakeClock clock = new FakeClock();

    static ResponseSchema person() throws Exception {
        JsonNode schema = JsonSchemas.MAPPER.readTree(
                "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");
        return ResponseSchema.of(null, schema);
    }

    private Provider answering(String id, List<String> chunks) {
        return new ScriptedProvider(id, clock, Duration.ofMillis(20), Duration.ofMillis(5), chunks);
    }

    @Test
    void checks_every_answer_against_its_schema_and_rates_each_provider() throws Exception {
        ResponseSchema schema = person();
        Suite suite = TestSuites.of(
                List.of(new PromptTemplate("p", "Name a cat", null).withResponseSchema(schema)),
                List.of(new TestCase("c", "", Map.of())),
                8,
                2,
                1,
                1,
                Duration.ofSeconds(5));
        RunPlan plan = RunPlan.expand(suite, List.of("good", "wrong", "prose", "free"), id -> !id.equals("free"));

        Runner.Outcome outcome = new Runner(clock, 1, Duration.ofSeconds(5))
                .run(
                        plan,
                        Map.of(
                                "good", answering("good", List.of("{\"name\":", " \"Tom\"}")),
                                "wrong", answering("wrong", List.of("{\"age\": 3}")),
                                "prose", answering("prose", List.of("Once upon", " a time")),
                                "free", answering("free", List.of("{\"name\": \"Tom\"}"))),
                        s -> {});

        Map<String, List<Sample>> by = outcome.samples().stream().collect(Collectors.groupingBy(Sample::providerId));
        assertThat(by.get("good")).extracting(Sample::schemaCheck).containsOnly(SchemaCheck.VALID);
        assertThat(by.get("wrong").get(1).schemaCheck().problem())
                .isEqualTo("does not match the schema: $: required property 'name' not found");
        assertThat(by.get("prose").get(1).schemaCheck().problem()).startsWith("not JSON: Unrecognized token 'Once'");
        assertThat(by.get("prose").get(1).text()).isEqualTo("Once upon a time");
        assertThat(by.get("free")).extracting(Sample::schemaCheck).containsOnlyNulls();

        assertThat(Summary.of("good", by.get("good"), 1).schemaValidRate()).isEqualTo(1.0);
        assertThat(Summary.of("good", by.get("good"), 1).schemaChecked()).isEqualTo(2); // the warm-up left out
        assertThat(Summary.of("wrong", by.get("wrong"), 1).schemaValidRate()).isEqualTo(0.0);
        assertThat(Summary.of("free", by.get("free"), 1).schemaValidRate()).isNaN();
    }

    @Test
    void the_check_and_its_problem_survive_the_journal() throws Exception {
        Sample base = Sample.builder()
                .providerId("p")
                .caseId("c")
                .promptId("q")
                .startedAt(Instant.EPOCH)
                .text("Once")
                .build();
        for (SchemaCheck check : new SchemaCheck[] {null, SchemaCheck.VALID, person().check("Once")}) {
            Sample s = base.toBuilder().schemaCheck(check).build();
            assertThat(SampleJson.read(SampleJson.write(s))).isEqualTo(s);
        }
    }

    @Test
    void only_one_whole_json_document_is_valid() throws Exception {
        ResponseSchema schema = person();
        assertThat(schema.check("  {\"name\": \"Tom\"}\n")).isEqualTo(SchemaCheck.VALID);
        assertThat(schema.check("```json\n{\"name\": \"Tom\"}\n```").valid()).isFalse();
        assertThat(schema.check("{\"name\": \"Tom\"} and more").valid()).isFalse();
        assertThat(schema.check("{\"name\": \"Tom\"").problem()).startsWith("not JSON: ");
        assertThat(schema.check("").problem()).startsWith("not JSON: ");
        assertThat(schema.check("{\"name\": 3}").problem())
                .isEqualTo("does not match the schema: $.name: integer found, string expected");
    }

    @Test
    void a_schema_that_is_not_an_object_is_refused() {
        assertThatThrownBy(() -> ResponseSchema.of(null, JsonSchemas.MAPPER.readTree("true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("found boolean");
    }
}
