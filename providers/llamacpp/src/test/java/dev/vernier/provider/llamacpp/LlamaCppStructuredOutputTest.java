package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.schema.JsonSchemas;
import dev.vernier.core.time.SystemClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code response_format} on the real stories260K: a model that was only taught children's stories, and
 * never JSON, answers with JSON valid against the schema because llama.cpp samples only what the
 * schema's grammar allows. Without the schema the same prompt gets prose.
 */
class LlamaCppStructuredOutputTest {

    private static final String PROMPT = "Once upon a time";
    private static LlamaCppProvider provider;

    @BeforeAll
    static void load() throws Exception {
        provider = Stories.load(null, "threads", 1, "context", 512);
    }

    @AfterAll
    static void close() {
        if (provider != null) {
            provider.close();
        }
    }

    private static ResponseSchema schema(String json) throws Exception {
        return ResponseSchema.of(null, JsonSchemas.MAPPER.readTree(json));
    }

    private static List<Sample> run(GenerationRequest... requests) throws Exception {
        List<PlannedRequest> planned = new ArrayList<>();
        for (GenerationRequest r : requests) {
            planned.add(new PlannedRequest(planned.size(), provider.id(), "c", "p", planned.size(), false, r));
        }
        Runner runner = new Runner(SystemClock.instance(), 1, Duration.ofSeconds(60));
        List<Sample> samples =
                new ArrayList<>(runner.run(new RunPlan(planned), Map.of(provider.id(), provider), s -> {})
                        .samples());
        samples.sort(Comparator.comparingInt(Sample::seq));
        return samples;
    }

    @Test
    void a_story_model_answers_json_valid_against_the_schema_when_decoding_is_constrained() throws Exception {
        ResponseSchema person =
                schema("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}");
        GenerationRequest free = new GenerationRequest("free", PROMPT, null, 0.0, 64, 1L);

        List<Sample> samples = run(
                free,
                free.withId("json-1").withResponseSchema(person),
                free.withId("json-2").withResponseSchema(person));

        Sample prose = samples.get(0);
        assertThat(prose.failure()).isNull();
        assertThat(prose.schemaCheck()).isNull();
        assertThat(person.check(prose.text()).valid())
                .as("unconstrained output: %s", prose.text())
                .isFalse();
        for (Sample s : samples.subList(1, 3)) {
            assertThat(s.failure()).isNull();
            assertThat(s.schemaCheck()).as("constrained output: %s", s.text()).isEqualTo(SchemaCheck.VALID);
            JsonNode answer = JsonSchemas.MAPPER.readTree(s.text());
            assertThat(answer.path("name").isTextual()).isTrue();
            assertThat(s.chunkNanos()).hasSizeGreaterThan(3); // streamed token by token, timed as answer chunks
        }
    }

    @Test
    void constrains_to_enums_and_integers_too() throws Exception {
        ResponseSchema pet = schema("{\"type\":\"object\",\"properties\":{"
                + "\"animal\":{\"type\":\"string\",\"enum\":[\"cat\",\"dog\",\"bird\"]},"
                + "\"legs\":{\"type\":\"integer\"}},\"required\":[\"animal\",\"legs\"]}");

        Sample s = run(new GenerationRequest("pet", "The little dog", null, 0.0, 64, 2L).withResponseSchema(pet))
                .get(0);

        assertThat(s.schemaCheck()).as("output: %s", s.text()).isEqualTo(SchemaCheck.VALID);
        JsonNode answer = JsonSchemas.MAPPER.readTree(s.text());
        assertThat(answer.path("animal").asText()).isIn("cat", "dog", "bird");
        assertThat(answer.path("legs").isIntegralNumber()).isTrue();
    }
}
