package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's JSON mode: a request that asks for a schema in its dialect's own field gets the
 * configured JSON document, one token per event; the same request without the field gets words.
 */
class SimulatorStructuredOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = "{\"type\":\"object\"}";
    private StreamingSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    /** The answer text of a streamed response: each event's text field concatenated. */
    private String answer(String path, String body, String pointer) throws IOException {
        simulator = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(Duration.ZERO)
                .withInterTokenDelay(Duration.ZERO)
                .withTokens(3));
        simulator.start();
        RawHttpClient.Response r;
        try (RawHttpClient client = new RawHttpClient(simulator.port())) {
            r = client.post(path, body);
        }
        StringBuilder text = new StringBuilder();
        List<String> pieces = new ArrayList<>();
        for (RawHttpClient.Chunk c : r.chunks()) {
            for (String line : c.text().split("\n")) {
                String json = line.startsWith("data: ") ? line.substring(6).trim() : line.trim();
                if (json.startsWith("{")) {
                    String piece = JSON.readTree(json).at(pointer).asText("");
                    if (!piece.isEmpty()) {
                        pieces.add(piece);
                        text.append(piece);
                    }
                }
            }
        }
        assertThat(pieces).as("one token per event").hasSizeGreaterThan(2);
        return text.toString();
    }

    private static final String JSON_ANSWER = "{\"name\": \"the quick fox\"}";

    @Test
    void openai_answers_response_format_json_schema_with_the_json_document() throws Exception {
        String chat = "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true";
        String asks = chat + ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\","
                + "\"schema\":" + SCHEMA + ",\"strict\":true}}}";

        assertThat(answer("/v1/chat/completions", asks, "/choices/0/delta/content"))
                .isEqualTo(JSON_ANSWER);
        assertThat(answer("/v1/chat/completions", chat + "}", "/choices/0/delta/content"))
                .isEqualTo("the quick brown");
    }

    @Test
    void ollama_answers_a_format_schema_with_the_json_document() throws Exception {
        String chat = "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

        assertThat(answer("/api/chat", chat + ",\"format\":" + SCHEMA + "}", "/message/content"))
                .isEqualTo(JSON_ANSWER);
        assertThat(answer("/api/chat", chat + ",\"format\":\"json\"}", "/message/content"))
                .as("'json' without a schema is not a schema request")
                .isEqualTo("the quick brown");
    }

    @Test
    void anthropic_answers_output_config_format_with_the_json_document() throws Exception {
        String chat = "{\"model\":\"sim-model\",\"max_tokens\":64,\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]";
        String asks = chat + ",\"output_config\":{\"format\":{\"type\":\"json_schema\",\"schema\":" + SCHEMA + "}}}";

        assertThat(answer("/v1/messages", asks, "/delta/text")).isEqualTo(JSON_ANSWER);
        assertThat(answer("/v1/messages", chat + "}", "/delta/text")).isEqualTo("the quick brown");
    }

    @Test
    void gemini_answers_response_json_schema_with_the_json_document() throws Exception {
        String base = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}],\"generationConfig\":"
                + "{\"maxOutputTokens\":64";
        String asks = base + ",\"responseMimeType\":\"application/json\",\"responseJsonSchema\":" + SCHEMA + "}}";
        String path = "/v1beta/models/sim-model:streamGenerateContent";

        assertThat(answer(path, asks, "/candidates/0/content/parts/0/text")).isEqualTo(JSON_ANSWER);
        assertThat(answer(path, base + "}}", "/candidates/0/content/parts/0/text"))
                .isEqualTo("the quick brown");
    }

    @Test
    void json_text_is_cut_into_tokens_that_join_back_to_it() {
        List<String> tokens = SimulatorConfig.jsonTokens("{\"name\": \"the quick fox\", \"n\": [1, 2]}\n");

        assertThat(tokens)
                .containsExactly(
                        "{", "\"", "name", "\"", ":", " \"", "the", " quick", " fox", "\"", ",", " \"", "n", "\"", ":",
                        " [", "1", ",", " 2", "]", "}", "\n");
        assertThat(String.join("", tokens)).isEqualTo("{\"name\": \"the quick fox\", \"n\": [1, 2]}\n");
    }

    @Test
    void the_default_json_answer_is_the_person_schemas_example() {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(String.join("", SimulatorConfig.DEFAULT_JSON));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(parsed.path("name").asText()).isEqualTo("the quick fox");
        assertThat(Schemas.person()
                        .check(String.join("", SimulatorConfig.DEFAULT_JSON))
                        .valid())
                .isTrue();
    }
}
