package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.Schemas;
import dev.vernier.testkit.StubbedStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code response_format} on Chat Completions: the request body with and without a schema, and a refusal. */
class OpenAiStructuredOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubbedStream server = new StubbedStream("/v1/chat/completions");

    @AfterEach
    void stop() {
        server.close();
    }

    private static GenerationRequest withSchema() {
        return Providers.request(64).withResponseSchema(Schemas.person());
    }

    private JsonNode body(GenerationRequest request, Object... extra) throws Exception {
        try (OpenAiProvider p = (OpenAiProvider) Providers.local(server.baseUrl() + "/v1", extra)) {
            return JSON.readTree(p.requestBody(request));
        }
    }

    @Test
    void sends_the_schema_as_a_strict_json_schema_response_format() throws Exception {
        JsonNode body = body(withSchema());

        assertThat(body.get("response_format"))
                .isEqualTo(JSON.readTree("{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"person\",\"schema\":"
                        + Schemas.PERSON_JSON + ",\"strict\":true}}"));
        assertThat(body.path("messages").get(1).path("content").asText()).isEqualTo("say something");
        assertThat(body.path("stream").asBoolean()).isTrue();
    }

    @Test
    void sends_it_in_the_reasoning_parameter_style_and_without_streaming_too() throws Exception {
        assertThat(body(withSchema(), "parameter_style", "reasoning")
                        .path("response_format")
                        .path("type")
                        .asText())
                .isEqualTo("json_schema");
        assertThat(body(withSchema(), "stream", false)
                        .path("response_format")
                        .path("json_schema")
                        .path("strict")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void a_request_without_a_schema_has_no_response_format() throws Exception {
        assertThat(body(Providers.request(64)).has("response_format")).isFalse();
    }

    @Test
    void the_type_accepts_schemas_when_the_suite_loads() {
        assertThatCode(() -> new OpenAiProviderFactory()
                        .validateResponseSchema(ProviderConfig.of("openai", Map.of("model", "m")), Schemas.person()))
                .doesNotThrowAnyException();
    }

    @Test
    void a_schema_the_api_refuses_names_the_fix() throws Exception {
        server.answer(
                400,
                "application/json",
                "{\"error\":{\"message\":\"Invalid schema for response_format 'person': In context=(), 'required' is"
                        + " required to be supplied and to be an array including every key in properties. Missing"
                        + " 'age'.\",\"type\":\"invalid_request_error\",\"param\":\"response_format\",\"code\":null}}");

        Completion c;
        try (OpenAiProvider p = (OpenAiProvider) Providers.local(server.baseUrl() + "/v1")) {
            c = p.generate(withSchema(), new RecordingSink())
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
        }

        assertThat(c.failure().kind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(c.failure().message())
                .contains("the request's 'response_format' was refused")
                .contains("'additionalProperties: false'");
        assertThat(JSON.readTree(server.requestBodies().get(0)).has("response_format"))
                .isTrue();
    }
}
