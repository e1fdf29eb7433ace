package dev.vernier.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.Schemas;
import dev.vernier.testkit.StubbedStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code response_format} on the Messages API: {@code output_config.format} in the body (beside an effort
 * when there is one), the JSON answer streamed as text deltas, and a model without structured outputs.
 */
class AnthropicStructuredOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GenerationRequest FREE = new GenerationRequest("r1", "Name a cat", null, 0.0, 1024, 7L);
    private static final GenerationRequest WITH_SCHEMA = FREE.withResponseSchema(Schemas.person());
    private final StubbedStream server = new StubbedStream("/v1/messages");

    @AfterEach
    void stop() {
        server.close();
    }

    private AnthropicProvider provider(String model, Reasoning reasoning) throws Exception {
        return (AnthropicProvider) new AnthropicProviderFactory()
                .create(new ProviderConfig(
                        "anthropic",
                        null,
                        Map.of("model", model, "base_url", server.baseUrl()),
                        Path.of("."),
                        Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789")::get,
                        null,
                        null,
                        reasoning,
                        null));
    }

    private JsonNode body(GenerationRequest request, Reasoning reasoning) throws Exception {
        try (AnthropicProvider p = provider("claude-sonnet-4-5", reasoning)) {
            return JSON.readTree(p.requestBody(request));
        }
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static String textDelta(String text) {
        return event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + text
                        + "}}");
    }

    @Test
    void sends_the_schema_as_output_config_format_json_schema() throws Exception {
        JsonNode body = body(WITH_SCHEMA, null);

        assertThat(body.get("output_config"))
                .isEqualTo(JSON.readTree(
                        "{\"format\":{\"type\":\"json_schema\",\"schema\":" + Schemas.PERSON_JSON + "}}"));
        assertThat(body.has("tools")).isFalse();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
    }

    @Test
    void the_format_sits_beside_a_reasoning_effort_in_one_output_config() throws Exception {
        JsonNode config = body(WITH_SCHEMA, new Reasoning(Reasoning.Effort.LOW, null, null))
                .get("output_config");

        assertThat(config.path("effort").asText()).isEqualTo("low");
        assertThat(config.path("format").path("type").asText()).isEqualTo("json_schema");
    }

    @Test
    void a_request_without_a_schema_has_no_output_config() throws Exception {
        assertThat(body(FREE, null).has("output_config")).isFalse();
    }

    @Test
    void the_json_answer_streams_as_text_deltas() throws Exception {
        server.answer(
                "text/event-stream",
                event(
                                "message_start",
                                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
                                        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-sonnet-4-5\","
                                        + "\"stop_reason\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}")
                        + event(
                                "content_block_start",
                                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\","
                                        + "\"text\":\"\"}}")
                        + textDelta("\"{\\\"name\\\"\"")
                        + textDelta("\": \\\"Tom\\\"}\"")
                        + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                        + event(
                                "message_delta",
                                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":"
                                        + "{\"output_tokens\":6}}")
                        + event("message_stop", "{\"type\":\"message_stop\"}"));
        RecordingSink sink = new RecordingSink();

        Completion c;
        try (AnthropicProvider p = provider("claude-sonnet-4-5", null)) {
            c = p.generate(WITH_SCHEMA, sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }

        assertThat(c.failure()).isNull();
        assertThat(sink.chunks()).containsExactly("{\"name\"", ": \"Tom\"}");
        assertThat(Schemas.person().check(String.join("", sink.chunks())).valid())
                .isTrue();
        assertThat(c.tokens().output()).isEqualTo(6);
    }

    @Test
    void a_model_without_structured_outputs_is_refused_with_the_fix() throws Exception {
        server.answer(
                400,
                "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"output_config.format:"
                        + " structured outputs are not supported for this model\"}}");

        Completion c;
        try (AnthropicProvider p = provider("claude-3-haiku-20240307", null)) {
            c = p.generate(WITH_SCHEMA, new RecordingSink())
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
        }

        assertThat(c.failure().kind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(c.failure().message())
                .contains("the request's 'output_config' was refused")
                .contains("add 'response_format: none' to this provider");
    }

    @Test
    void the_type_accepts_schemas_when_the_suite_loads() {
        assertThatCode(() -> new AnthropicProviderFactory()
                        .validateResponseSchema(
                                ProviderConfig.of("anthropic", Map.of("model", "claude-sonnet-4-5")), Schemas.person()))
                .doesNotThrowAnyException();
    }
}
