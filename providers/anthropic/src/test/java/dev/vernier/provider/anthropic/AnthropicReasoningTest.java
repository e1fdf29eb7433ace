package dev.vernier.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
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
 * Extended thinking on the Messages API: event streams written in the documented format (a thinking
 * block of thinking_delta events closed by a signature_delta, then a text block), the request body
 * per reasoning setting, and the settings refused before a run.
 */
class AnthropicReasoningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GenerationRequest REQUEST = new GenerationRequest("r1", "2+2?", null, 0.0, 4096, 7L);
    private final StubbedStream server = new StubbedStream("/v1/messages");

    @AfterEach
    void stop() {
        server.close();
    }

    private AnthropicProvider provider(Reasoning reasoning) throws ConfigException {
        return (AnthropicProvider) new AnthropicProviderFactory()
                .create(new ProviderConfig(
                        "anthropic",
                        null,
                        Map.of("model", "claude-sonnet-4-5", "base_url", server.baseUrl()),
                        Path.of("."),
                        Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789")::get,
                        null,
                        null,
                        reasoning,
                        null));
    }

    static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    private static String start() {
        return event(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"usage\":"
                        + "{\"input_tokens\":12,\"output_tokens\":1}}}");
    }

    static String blockStart(int index, String block) {
        return event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}");
    }

    static String delta(int index, String delta) {
        return event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}");
    }

    static String blockStop(int index) {
        return event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    private static String end(int outputTokens) {
        return event(
                        "message_delta",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                                + "\"usage\":{\"output_tokens\":" + outputTokens + "}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    private Completion run(Reasoning reasoning, RecordingSink sink) throws Exception {
        try (Provider p = provider(reasoning)) {
            return p.generate(REQUEST, sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void thinking_deltas_are_reasoning_signature_deltas_are_dropped_and_text_is_the_answer() throws Exception {
        server.answer(
                "text/event-stream",
                start()
                        + blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}")
                        + delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"I need to add\"}")
                        + delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"\"}")
                        + delta(0, "{\"type\":\"thinking_delta\",\"thinking\":\" two and two.\"}")
                        + delta(0, "{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA\"}")
                        + blockStop(0)
                        + blockStart(1, "{\"type\":\"text\",\"text\":\"\"}")
                        + event("ping", "{\"type\":\"ping\"}")
                        + delta(1, "{\"type\":\"text_delta\",\"text\":\"4\"}")
                        + blockStop(1)
                        + end(53));
        RecordingSink sink = new RecordingSink();

        Completion c = run(new Reasoning(null, 2048, null), sink);

        assertThat(c.succeeded()).isTrue();
        assertThat(sink.reasoningChunks()).containsExactly("I need to add", " two and two.");
        assertThat(sink.chunks()).containsExactly("4");
        assertThat(c.tokens().output()).isEqualTo(53); // thinking included, as billed
        assertThat(c.tokens().reasoning()).isEqualTo(-1); // the API gives no thinking count
        assertThat(c.tokens().visibleReasoning()).isEqualTo(-1); // a summary (Claude 4), size unknown
    }

    @Test
    void a_thinking_block_whose_text_is_omitted_reports_reasoning_that_was_not_shown() throws Exception {
        server.answer(
                "text/event-stream",
                start()
                        + blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}")
                        + delta(0, "{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM\"}")
                        + blockStop(0)
                        + blockStart(1, "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix\"}")
                        + blockStop(1)
                        + blockStart(2, "{\"type\":\"text\",\"text\":\"\"}")
                        + delta(2, "{\"type\":\"text_delta\",\"text\":\"Four.\"}")
                        + end(300));
        RecordingSink sink = new RecordingSink();

        Completion c = run(new Reasoning(null, 2048, false), sink);

        assertThat(sink.reasoningChunks()).isEmpty();
        assertThat(c.tokens().visibleReasoning()).isZero();
        assertThat(c.tokens().visibleReasoningSource()).isEqualTo(CountSource.CHUNK_COUNT);
    }

    @Test
    void without_thinking_the_stream_and_counts_are_as_before() throws Exception {
        server.answer(
                "text/event-stream",
                start()
                        + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
                        + delta(0, "{\"type\":\"text_delta\",\"text\":\"4\"}")
                        + end(2));
        RecordingSink sink = new RecordingSink();

        Completion c = run(null, sink);

        assertThat(sink.reasoningChunks()).isEmpty();
        assertThat(c.tokens().visibleReasoning()).isEqualTo(-1);
    }

    @Test
    void a_refused_thinking_request_says_which_reasoning_setting_to_change() throws Exception {
        server.answer(
                400,
                "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"adaptive thinking is"
                        + " not supported on this model\"}}");

        Completion c = run(new Reasoning(Reasoning.Effort.LOW, null, null), new RecordingSink());

        assertThat(c.failure().message())
                .contains("adaptive thinking is not supported")
                .contains("use 'reasoning.budget_tokens' instead of 'reasoning.effort'");
    }

    // ------------------------------------------------------------------ request bodies

    private JsonNode body(Reasoning reasoning) throws Exception {
        try (AnthropicProvider p = provider(reasoning)) {
            return JSON.readTree(p.requestBody(REQUEST));
        }
    }

    @Test
    void a_budget_enables_extended_thinking_without_a_temperature() throws Exception {
        JsonNode b = body(new Reasoning(null, 2048, true));

        assertThat(b.path("thinking").path("type").asText()).isEqualTo("enabled");
        assertThat(b.path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);
        assertThat(b.path("thinking").path("display").asText()).isEqualTo("summarized");
        assertThat(b.path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(b.has("temperature")).isFalse();
        assertThat(b.has("output_config")).isFalse();
    }

    @Test
    void an_effort_asks_for_adaptive_thinking_and_hiding_sets_display_omitted() throws Exception {
        JsonNode b = body(new Reasoning(Reasoning.Effort.HIGH, null, false));

        assertThat(b.path("thinking").path("type").asText()).isEqualTo("adaptive");
        assertThat(b.path("thinking").has("budget_tokens")).isFalse();
        assertThat(b.path("thinking").path("display").asText()).isEqualTo("omitted");
        assertThat(b.path("output_config").path("effort").asText()).isEqualTo("high");
    }

    @Test
    void without_reasoning_the_body_keeps_its_temperature_and_has_no_thinking() throws Exception {
        JsonNode b = body(null);

        assertThat(b.has("thinking")).isFalse();
        assertThat(b.path("temperature").asDouble()).isZero();
    }

    @Test
    void a_zero_budget_turns_thinking_off_and_keeps_the_temperature() throws Exception {
        JsonNode b = body(new Reasoning(null, 0, null));

        assertThat(b.path("thinking").path("type").asText()).isEqualTo("disabled");
        assertThat(b.path("thinking").has("budget_tokens")).isFalse();
        assertThat(b.path("temperature").isNumber()).isTrue();
        assertThatThrownBy(() -> provider(new Reasoning(Reasoning.Effort.LOW, 0, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("turns thinking off");
    }

    @Test
    void a_budget_below_the_apis_minimum_or_no_budget_or_effort_is_refused_before_the_run() {
        assertThatThrownBy(() -> provider(new Reasoning(null, 512, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be at least 1024")
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo(Reasoning.BUDGET);
        assertThatThrownBy(() -> provider(new Reasoning(null, null, true)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs 'reasoning.budget_tokens'");
    }
}
