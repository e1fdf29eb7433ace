package dev.vernier.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.Schemas;
import dev.vernier.testkit.StubbedStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code response_format} on generateContent: {@code responseMimeType} and {@code responseJsonSchema} in
 * the generation config, and the JSON answer streamed as text parts.
 */
class GeminiStructuredOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GenerationRequest FREE = new GenerationRequest("r1", "Name a cat", null, 0.0, 64, null);
    private final StubbedStream server = new StubbedStream("/v1beta/models/.*");

    @AfterEach
    void stop() {
        server.close();
    }

    private GeminiProvider provider() throws Exception {
        return (GeminiProvider) new GeminiProviderFactory()
                .create(new ProviderConfig(
                        "gemini",
                        null,
                        Map.of("model", "gemini-2.5-flash", "base_url", server.baseUrl()),
                        Path.of("."),
                        Map.of("GEMINI_API_KEY", "AIza-test-0123456789")::get));
    }

    private JsonNode config(GenerationRequest request) throws Exception {
        try (GeminiProvider p = provider()) {
            return JSON.readTree(p.requestBody(request)).path("generationConfig");
        }
    }

    @Test
    void sends_the_json_mime_type_and_the_schema_as_response_json_schema() throws Exception {
        JsonNode config = config(FREE.withResponseSchema(Schemas.person()));

        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.get("responseJsonSchema")).isEqualTo(JSON.readTree(Schemas.PERSON_JSON));
        assertThat(config.has("responseSchema")).isFalse();
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(64);
    }

    @Test
    void a_request_without_a_schema_sets_neither() throws Exception {
        JsonNode config = config(FREE);

        assertThat(config.has("responseMimeType")).isFalse();
        assertThat(config.has("responseJsonSchema")).isFalse();
    }

    @Test
    void the_json_answer_streams_as_text_parts() throws Exception {
        server.answer(
                "text/event-stream",
                event("{\\\"name\\\":", null) + event(" \\\"Tom\\\"}", "STOP")
                        + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"\"}],\"role\":\"model\"},"
                        + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,"
                        + "\"candidatesTokenCount\":5,\"totalTokenCount\":9}}\r\n\r\n");
        RecordingSink sink = new RecordingSink();

        Completion c;
        try (GeminiProvider p = provider()) {
            c = p.generate(FREE.withResponseSchema(Schemas.person()), sink)
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
        }

        assertThat(c.failure()).isNull();
        assertThat(String.join("", sink.chunks())).isEqualTo("{\"name\": \"Tom\"}");
        assertThat(Schemas.person().check(String.join("", sink.chunks())).valid())
                .isTrue();
        assertThat(JSON.readTree(server.requestBodies().get(0))
                        .path("generationConfig")
                        .path("responseMimeType")
                        .asText())
                .isEqualTo("application/json");
    }

    @Test
    void the_type_accepts_schemas_when_the_suite_loads() {
        assertThatCode(() -> new GeminiProviderFactory()
                        .validateResponseSchema(
                                ProviderConfig.of("gemini", Map.of("model", "gemini-2.5-flash")), Schemas.person()))
                .doesNotThrowAnyException();
    }

    private static String event(String text, String finish) {
        return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text + "\"}],\"role\":\"model\"}"
                + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + ",\"index\":0}]}\r\n\r\n";
    }
}
