package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.StubbedStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reasoning on Chat Completions: streams written by hand in the documented chunk format (DeepSeek's
 * {@code reasoning_content}, vLLM's {@code reasoning}, OpenAI's hidden {@code reasoning_tokens}), the
 * request body per model family and reasoning setting, and a refused parameter's message.
 */
class OpenAiReasoningTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubbedStream server = new StubbedStream("/v1/chat/completions");

    @AfterEach
    void stop() {
        server.close();
    }

    private static String data(String json) {
        return "data: " + json + "\n\n";
    }

    private static String delta(String field, String text) {
        return data("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"" + field + "\":"
                + (text == null ? "null" : "\"" + text + "\"")
                + "},\"finish_reason\":null}]}");
    }

    private static String finish() {
        return data("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
    }

    private static String usage(int completion, Integer reasoning) {
        return data("{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":" + completion + ",\"total_tokens\":"
                + (12 + completion)
                + (reasoning == null ? "" : ",\"completion_tokens_details\":{\"reasoning_tokens\":" + reasoning + "}")
                + "}}");
    }

    private Provider provider(Map<String, Object> extra, Reasoning reasoning) throws ConfigException {
        Map<String, Object> options = new HashMap<>(extra);
        options.putIfAbsent("model", "deepseek-reasoner");
        options.putIfAbsent("base_url", server.baseUrl() + "/v1");
        return new OpenAiProviderFactory()
                .create(new ProviderConfig(
                        "openai",
                        null,
                        options,
                        Path.of("."),
                        Map.of("OPENAI_API_KEY", Providers.FAKE_KEY)::get,
                        null,
                        null,
                        reasoning,
                        null));
    }

    private Completion run(Provider provider, RecordingSink sink) throws Exception {
        try (provider) {
            return Providers.run(provider, sink, 256);
        }
    }

    // ------------------------------------------------------------------ decoding

    @Test
    void reasoning_content_deltas_are_reasoning_and_the_usage_count_makes_them_visible() throws Exception {
        server.answer(
                "text/event-stream",
                delta("role", "assistant") + delta("reasoning_content", "Let me")
                        + delta("reasoning_content", " add.") + delta("content", "4") + finish() + usage(9, 6)
                        + "data: [DONE]\n\n");
        RecordingSink sink = new RecordingSink();

        Completion c = run(provider(Map.of(), null), sink);

        assertThat(c.succeeded()).isTrue();
        assertThat(sink.reasoningChunks()).containsExactly("Let me", " add.");
        assertThat(sink.chunks()).containsExactly("4");
        assertThat(c.tokens().output()).isEqualTo(9);
        assertThat(c.tokens().reasoning()).isEqualTo(6);
        assertThat(c.tokens().visibleReasoning()).isEqualTo(6);
        assertThat(c.tokens().visibleReasoningSource()).isEqualTo(CountSource.SERVER_USAGE);
    }

    @Test
    void vllm_reasoning_deltas_without_a_reasoning_count_are_counted_one_per_delta() throws Exception {
        server.answer(
                "text/event-stream",
                delta("reasoning", "Hm") + delta("reasoning", "m.") + delta("reasoning", " ok")
                        + delta("content", "Yes") + finish() + usage(5, null) + "data: [DONE]\n\n");
        RecordingSink sink = new RecordingSink();

        Completion c = run(provider(Map.of(), null), sink);

        assertThat(sink.reasoningText()).isEqualTo("Hmm. ok");
        assertThat(sink.reasoningTokens()).containsOnly(1);
        assertThat(c.tokens().reasoning()).isEqualTo(-1);
        assertThat(c.tokens().visibleReasoning()).isEqualTo(3);
        assertThat(c.tokens().visibleReasoningSource()).isEqualTo(CountSource.CHUNK_COUNT);
    }

    @Test
    void a_hidden_reasoning_usage_block_bills_reasoning_that_never_streamed() throws Exception {
        server.answer(
                "text/event-stream",
                delta("role", "assistant") + delta("content", "Paris") + finish() + usage(78, 64) + "data: [DONE]\n\n");
        RecordingSink sink = new RecordingSink();

        Completion c = run(provider(Map.of(), null), sink);

        assertThat(sink.reasoningChunks()).isEmpty();
        assertThat(c.tokens().output()).isEqualTo(78);
        assertThat(c.tokens().reasoning()).isEqualTo(64);
        assertThat(c.tokens().visibleReasoning()).isEqualTo(-1);
    }

    @Test
    void empty_and_null_deltas_are_not_chunks_and_a_delta_with_both_reasoning_fields_counts_once() throws Exception {
        server.answer(
                "text/event-stream",
                delta("reasoning_content", "") + delta("reasoning", null) + delta("content", "")
                        + data("{\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"same\",\"reasoning\":"
                                + "\"same\"},\"finish_reason\":null}]}")
                        + delta("content", "A") + finish() + "data: [DONE]\n\n");
        RecordingSink sink = new RecordingSink();

        Completion c = run(provider(Map.of(), null), sink);

        assertThat(sink.reasoningChunks()).containsExactly("same");
        assertThat(sink.chunks()).containsExactly("A");
        assertThat(c.tokens().output()).isEqualTo(2); // no usage: one per chunk of either kind
        assertThat(c.tokens().visibleReasoning()).isEqualTo(1);
    }

    @Test
    void a_complete_response_gives_its_reasoning_content_as_one_reasoning_chunk() throws Exception {
        server.answer(
                "application/json",
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                        + "\"assistant\",\"reasoning_content\":\"Two plus two.\",\"content\":\"4\"},\"finish_reason\":"
                        + "\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":6}}}");
        RecordingSink sink = new RecordingSink();

        Completion c = run(provider(Map.of("stream", false), null), sink);

        assertThat(sink.reasoningChunks()).containsExactly("Two plus two.");
        assertThat(sink.chunks()).containsExactly("4");
        assertThat(c.tokens().visibleReasoning()).isEqualTo(6);
    }

    @Test
    void a_refused_parameter_names_the_parameter_and_the_suite_option_to_change() throws Exception {
        server.answer(
                400,
                "application/json",
                "{\"error\":{\"message\":\"Unsupported parameter: 'max_tokens' is not supported with this model. Use"
                        + " 'max_completion_tokens' instead.\",\"type\":\"invalid_request_error\",\"param\":"
                        + "\"max_tokens\",\"code\":\"unsupported_parameter\"}}");

        Completion c = run(provider(Map.of("model", "o9-preview"), null), new RecordingSink());

        assertThat(c.failure().kind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(c.failure().message())
                .contains("Unsupported parameter: 'max_tokens'")
                .contains("the request's 'max_tokens' was refused")
                .contains("set 'parameter_style: reasoning' on this provider");
    }

    // ------------------------------------------------------------------ request bodies

    private JsonNode body(String baseUrl, String model, Map<String, Object> extra, Reasoning reasoning)
            throws Exception {
        Map<String, Object> options = new HashMap<>(extra);
        options.put("model", model);
        options.put("base_url", baseUrl);
        try (OpenAiProvider p = (OpenAiProvider) provider(options, reasoning)) {
            return JSON.readTree(p.requestBody(Providers.request(300)));
        }
    }

    @ParameterizedTest(name = "{0} on OpenAI''s API: reasoning parameters {1}")
    @CsvSource({
        "gpt-5, true",
        "gpt-5-mini, true",
        "gpt-5.1, true",
        "gpt-5-chat-latest, false",
        "o1, true",
        "o3-mini-2025-01-31, true",
        "o4-mini, true",
        "gpt-4.1-mini, false",
        "gpt-4o, false",
        "omni-moderation-latest, false"
    })
    void openais_reasoning_families_get_max_completion_tokens_and_no_temperature(String model, boolean reasoning)
            throws Exception {
        JsonNode b = body("https://api.openai.com/v1", model, Map.of(), null);

        assertThat(b.has("max_completion_tokens")).isEqualTo(reasoning);
        assertThat(b.has("max_tokens")).isEqualTo(!reasoning);
        assertThat(b.has("temperature")).isEqualTo(!reasoning);
        assertThat(b.path(reasoning ? "max_completion_tokens" : "max_tokens").asInt())
                .isEqualTo(300);
        assertThat(b.path("seed").asLong()).isEqualTo(7);
        assertThat(b.has("reasoning_effort")).isFalse();
    }

    @Test
    void an_effort_is_sent_as_reasoning_effort() throws Exception {
        JsonNode b = body(
                "https://api.openai.com/v1", "gpt-5-nano", Map.of(), new Reasoning(Reasoning.Effort.LOW, null, null));

        assertThat(b.path("reasoning_effort").asText()).isEqualTo("low");
        assertThat(b.has("temperature")).isFalse();
    }

    @Test
    void a_compatible_server_keeps_max_tokens_for_any_name_unless_told_otherwise() throws Exception {
        JsonNode plain =
                body("http://127.0.0.1:1/v1", "gpt-5", Map.of(), new Reasoning(Reasoning.Effort.HIGH, null, true));
        JsonNode told = body("http://127.0.0.1:1/v1", "my-new-reasoner", Map.of("parameter_style", "reasoning"), null);
        JsonNode chat = body("https://api.openai.com/v1", "gpt-5", Map.of("parameter_style", "chat"), null);

        assertThat(plain.has("max_tokens")).isTrue();
        assertThat(plain.has("temperature")).isTrue();
        assertThat(plain.path("reasoning_effort").asText()).isEqualTo("high");
        assertThat(told.has("max_completion_tokens")).isTrue();
        assertThat(told.has("temperature")).isFalse();
        assertThat(chat.has("max_tokens")).isTrue();
    }

    @Test
    void settings_chat_completions_cannot_honour_are_refused_naming_the_key_and_the_fix() {
        assertThatThrownBy(() -> provider(Map.of(), new Reasoning(null, 2048, null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Fix: use 'reasoning.effort")
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo(Reasoning.BUDGET);
        assertThatThrownBy(() -> provider(
                        Map.of("base_url", "https://api.openai.com/v1", "model", "gpt-5"),
                        new Reasoning(null, null, true)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("never streams")
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo(Reasoning.VISIBLE);
        assertThatThrownBy(() -> provider(Map.of(), new Reasoning(null, null, false)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot hide it");
        assertThatThrownBy(() -> provider(Map.of("parameter_style", "fast"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'parameter_style' must be chat");
    }
}
