package dev.vernier.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.Schemas;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code response_format} on Ollama's /api/chat: the schema goes in {@code format}. */
class OllamaStructuredOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(boolean schema) throws Exception {
        try (OllamaProvider p = (OllamaProvider) Providers.local("http://127.0.0.1:9")) {
            return JSON.readTree(p.requestBody(
                    schema ? Providers.request(64).withResponseSchema(Schemas.person()) : Providers.request(64)));
        }
    }

    @Test
    void sends_the_schema_itself_as_format() throws Exception {
        JsonNode body = body(true);

        assertThat(body.get("format")).isEqualTo(JSON.readTree(Schemas.PERSON_JSON));
        assertThat(body.path("options").path("num_predict").asInt()).isEqualTo(64);
        assertThat(body.path("stream").asBoolean()).isTrue();
    }

    @Test
    void a_request_without_a_schema_has_no_format() throws Exception {
        assertThat(body(false).has("format")).isFalse();
    }

    @Test
    void the_type_accepts_schemas_when_the_suite_loads() {
        assertThatCode(() -> new OllamaProviderFactory()
                        .validateResponseSchema(ProviderConfig.of("ollama", Map.of("model", "m")), Schemas.person()))
                .doesNotThrowAnyException();
    }
}
