package dev.vernier.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.StubbedStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Thinking on streamGenerateContent: SSE events written in the documented format (thought-summary
 * parts marked {@code "thought": true}, a part with only a {@code thoughtSignature}, usageMetadata with
 * {@code thoughtsTokenCount}), the request's {@code thinkingConfig} per setting, and settings refused.
 */
class GeminiReasoningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GenerationRequest REQUEST = new GenerationRequest("r1", "2+2?", null, 0.2, 1024, null);
    private final StubbedStream server = new StubbedStream("/v1beta/models/.*");

    @AfterEach
    void stop() {
        server.close();
    }

    private GeminiProvider provider(Reasoning reasoning) throws ConfigException {
        return (GeminiProvider) new GeminiProviderFactory()
                .create(new ProviderConfig(
                        "gemini",
                        null,
                        Map.of("model", "gemini-3-pro-preview", "base_url", server.baseUrl()),
                        Path.of("."),
                        Map.of("GEMINI_API_KEY", "AIza-test-0123456789")::get,
                        null,
                        null,
                        reasoning,
                        null));
    }

    private static String event(String parts, String finish, String usage) {
        return "data: {\"candidates\":[{\"content\":{\"parts\":[" + parts + "],\"role\":\"model\"}"
                + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + ",\"index\":0}]"
                + (usage == null ? "" : ",\"usageMetadata\":" + usage) + ",\"modelVersion\":\"gemini-3-pro-preview\"}"
                + "\r\n\r\n";
    }

    private Completion run(Reasoning reasoning, RecordingSink sink) throws Exception {
        try (Provider p = provider(reasoning)) {
            return p.generate(REQUEST, sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void thought_parts_are_reasoning_and_the_thoughts_count_is_billed_as_output_and_hidden() throws Exception {
        server.answer(
                "text/event-stream",
                event("{\"text\":\"**Adding numbers**\\n\\nI add two and two.\",\"thought\":true}", null, null)
                        + event("{\"text\":\"\",\"thought\":true}", null, null)
                        + event("{\"text\":\"4\",\"thoughtSignature\":\"CiQB0e2Kb5\"}", null, null)
                        + event("{\"thoughtSignature\":\"CiQB0e2Kb6\"}", null, null)
                        + event(
                                "{\"text\":\" is the answer.\"}",
                                "STOP",
                                "{\"promptTokenCount\":9,\"candidatesTokenCount\":23,\"totalTokenCount\":217,"
                                        + "\"thoughtsTokenCount\":185}"));
        RecordingSink sink = new RecordingSink();

        Completion c = run(new Reasoning(Reasoning.Effort.LOW, null, true), sink);

        assertThat(c.succeeded()).isTrue();
        assertThat(sink.reasoningChunks()).containsExactly("**Adding numbers**\n\nI add two and two.");
        assertThat(sink.chunks()).containsExactly("4", " is the answer.");
        assertThat(c.tokens().output()).isEqualTo(208);
        assertThat(c.tokens().reasoning()).isEqualTo(185);
        assertThat(c.tokens().visibleReasoning()).isEqualTo(-1); // a summary: its size is not reported
    }

    @Test
    void without_thought_parts_the_thinking_is_all_hidden_but_still_billed() throws Exception {
        server.answer(
                "text/event-stream",
                event(
                        "{\"text\":\"4\"}",
                        "STOP",
                        "{\"promptTokenCount\":9,\"candidatesTokenCount\":1,\"thoughtsTokenCount\":40}"));
        RecordingSink sink = new RecordingSink();

        Completion c = run(null, sink);

        assertThat(sink.reasoningChunks()).isEmpty();
        assertThat(c.tokens().output()).isEqualTo(41);
        assertThat(c.tokens().reasoning()).isEqualTo(40);
    }

    @Test
    void a_refused_thinking_level_names_the_reasoning_setting_to_change() throws Exception {
        server.answer(
                400,
                "application/json",
                "{\"error\":{\"code\":400,\"message\":\"Thinking level is not supported for this model.\","
                        + "\"status\":\"INVALID_ARGUMENT\"}}");

        Completion c = run(new Reasoning(Reasoning.Effort.HIGH, null, null), new RecordingSink());

        assertThat(c.failure().message())
                .contains("Thinking level is not supported")
                .contains("remove 'reasoning.effort'");
    }

    // ------------------------------------------------------------------ request bodies

    private JsonNode thinkingConfig(Reasoning reasoning) throws Exception {
        try (GeminiProvider p = provider(reasoning)) {
            return JSON.readTree(p.requestBody(REQUEST)).path("generationConfig");
        }
    }

    @Test
    void effort_budget_and_visibility_map_onto_thinking_config() throws Exception {
        JsonNode level = thinkingConfig(new Reasoning(Reasoning.Effort.HIGH, null, true));
        JsonNode budget = thinkingConfig(new Reasoning(null, 0, false));
        JsonNode none = thinkingConfig(null);

        assertThat(level.path("thinkingConfig").path("thinkingLevel").asText()).isEqualTo("high");
        assertThat(level.path("thinkingConfig").path("includeThoughts").asBoolean())
                .isTrue();
        assertThat(level.path("thinkingConfig").has("thinkingBudget")).isFalse();
        assertThat(budget.path("thinkingConfig").path("thinkingBudget").isInt()).isTrue();
        assertThat(budget.path("thinkingConfig").path("thinkingBudget").asInt()).isZero();
        assertThat(budget.path("thinkingConfig").path("includeThoughts").asBoolean())
                .isFalse();
        assertThat(none.has("thinkingConfig")).isFalse();
        assertThat(none.path("maxOutputTokens").asInt()).isEqualTo(1024);
    }

    @Test
    void a_level_and_a_budget_together_are_refused_before_the_run() {
        assertThatThrownBy(() -> provider(new Reasoning(Reasoning.Effort.LOW, 512, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not both")
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo(Reasoning.BUDGET);
    }
}
