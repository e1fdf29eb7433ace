package dev.vernier.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.StubbedStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Thinking on Ollama's /api/chat: NDJSON written in the documented format ({@code message.thinking}
 * lines, then {@code message.content} lines, then the final {@code done} line), the {@code think}
 * field per setting, and what is refused.
 */
class OllamaReasoningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubbedStream server = new StubbedStream("/api/chat");

    @AfterEach
    void stop() {
        server.close();
    }

    private OllamaProvider provider(Reasoning reasoning) throws ConfigException {
        return (OllamaProvider) new OllamaProviderFactory()
                .create(new ProviderConfig(
                        "ollama",
                        null,
                        Map.of("model", "qwen3:0.6b", "base_url", server.baseUrl()),
                        Path.of("."),
                        k -> null,
                        null,
                        null,
                        reasoning,
                        null));
    }

    private static String line(String thinking, String content) {
        return "{\"model\":\"qwen3:0.6b\",\"created_at\":\"2025-06-01T10:00:00Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"" + content + "\"" + (thinking == null ? "" : ",\"thinking\":\"" + thinking + "\"")
                + "},\"done\":false}\n";
    }

    private static String done(int evalCount) {
        return "{\"model\":\"qwen3:0.6b\",\"created_at\":\"2025-06-01T10:00:01Z\",\"message\":{\"role\":\"assistant\","
                + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":900000000,"
                + "\"load_duration\":1000000,\"prompt_eval_count\":11,\"prompt_eval_duration\":50000000,"
                + "\"eval_count\":" + evalCount + ",\"eval_duration\":800000000}\n";
    }

    @Test
    void thinking_lines_are_timed_as_reasoning_and_counted_one_token_each() throws Exception {
        server.answer(
                "application/x-ndjson",
                line("Okay", "")
                        + line(",", "")
                        + line("", "")
                        + line(" four", "")
                        + line(null, "4")
                        + line(null, ".")
                        + done(5));
        RecordingSink sink = new RecordingSink();

        Completion c;
        try (OllamaProvider p = provider(new Reasoning(null, null, null))) {
            c = Providers.run(p, sink, 64);
        }

        assertThat(c.succeeded()).isTrue();
        assertThat(sink.reasoningChunks()).containsExactly("Okay", ",", " four");
        assertThat(sink.chunks()).containsExactly("4", ".");
        assertThat(c.tokens().output()).isEqualTo(5);
        assertThat(c.tokens().outputSource()).isEqualTo(CountSource.PROVIDER_NATIVE);
        assertThat(c.tokens().visibleReasoning()).isEqualTo(3);
        assertThat(c.tokens().visibleReasoningSource()).isEqualTo(CountSource.CHUNK_COUNT);
        assertThat(c.providerStats()).doesNotContainKey("thinking_chunks");
    }

    @Test
    void a_model_that_cannot_think_is_reported_with_the_fix() throws Exception {
        server.answer(400, "application/json", "{\"error\":\"\\\"gemma3:1b\\\" does not support thinking\"}");

        Completion c;
        try (OllamaProvider p = provider(new Reasoning(Reasoning.Effort.LOW, null, null))) {
            c = Providers.run(p, new RecordingSink(), 64);
        }

        assertThat(c.failure().message())
                .contains("does not support thinking")
                .contains("remove 'reasoning' from this provider");
    }

    @Test
    void think_is_the_effort_level_or_true_and_absent_without_reasoning() throws Exception {
        try (OllamaProvider level = provider(new Reasoning(Reasoning.Effort.MEDIUM, null, true));
                OllamaProvider on = provider(new Reasoning(null, null, true));
                OllamaProvider off = provider(null)) {
            JsonNode l = JSON.readTree(level.requestBody(Providers.request(64)));
            JsonNode o = JSON.readTree(on.requestBody(Providers.request(64)));
            JsonNode n = JSON.readTree(off.requestBody(Providers.request(64)));

            assertThat(l.path("think").asText()).isEqualTo("medium");
            assertThat(o.path("think").isBoolean()).isTrue();
            assertThat(o.path("think").asBoolean()).isTrue();
            assertThat(n.has("think")).isFalse();
            assertThat(l.path("options").path("temperature").isNumber()).isTrue();
        }
    }

    @Test
    void a_zero_budget_sends_think_false() throws Exception {
        try (OllamaProvider off = provider(new Reasoning(null, 0, null))) {
            JsonNode b = JSON.readTree(off.requestBody(Providers.request(64)));

            assertThat(b.path("think").isBoolean()).isTrue();
            assertThat(b.path("think").asBoolean()).isFalse();
        }
        assertThatThrownBy(() -> provider(new Reasoning(Reasoning.Effort.LOW, 0, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("turns thinking off");
    }

    @Test
    void a_budget_and_hiding_the_thinking_are_refused_before_the_run() {
        assertThatThrownBy(() -> provider(new Reasoning(null, 2048, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no thinking budget");
        assertThatThrownBy(() -> provider(new Reasoning(null, null, false)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot hide it");
    }
}
