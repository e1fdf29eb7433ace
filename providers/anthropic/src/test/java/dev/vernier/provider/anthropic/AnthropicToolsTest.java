package dev.vernier.provider.anthropic;

import static dev.vernier.provider.anthropic.AnthropicReasoningTest.blockStart;
import static dev.vernier.provider.anthropic.AnthropicReasoningTest.blockStop;
import static dev.vernier.provider.anthropic.AnthropicReasoningTest.delta;
import static dev.vernier.provider.anthropic.AnthropicReasoningTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.StubbedStream;
import dev.vernier.testkit.ToolCallRuns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tool use on the Messages API, from its reference: {@code tools[].input_schema} and
 * {@code tool_choice} in the request, assistant {@code tool_use} blocks and user {@code tool_result}
 * blocks in the history, and streamed {@code tool_use} blocks whose input arrives as
 * {@code input_json_delta} pieces.
 */
class AnthropicToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubbedStream server = new StubbedStream("/v1/messages");

    @AfterEach
    void stop() {
        server.close();
    }

    private static ProviderConfig config(String baseUrl, Reasoning reasoning) {
        return new ProviderConfig(
                "anthropic",
                null,
                Map.of("model", "claude-sonnet-4-5", "base_url", baseUrl),
                Path.of("."),
                Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789")::get,
                null,
                null,
                reasoning,
                null);
    }

    static AnthropicProvider provider(String baseUrl, Reasoning reasoning) throws ConfigException {
        return (AnthropicProvider) new AnthropicProviderFactory().create(config(baseUrl, reasoning));
    }

    private static JsonNode body(GenerationRequest request) throws Exception {
        return JSON.readTree(provider("http://127.0.0.1:9", null).requestBody(request));
    }

    private static GenerationRequest ask(ToolChoice choice) throws Exception {
        return new GenerationRequest("t1", "Weather in Paris?", null, 0.0, 256, null)
                .withTools(ToolCallRuns.tools(choice));
    }

    @Test
    void declares_the_tools_with_their_schemas_as_input_schema() throws Exception {
        JsonNode body = body(ask(ToolChoice.AUTO));

        assertThat(body.path("tools"))
                .isEqualTo(JSON.readTree("[{\"name\":\"get_weather\",\"description\":"
                        + "\"Current weather in a city\",\"input_schema\":" + ToolCallRuns.WEATHER_SCHEMA + "},"
                        + "{\"name\":\"get_time\",\"input_schema\":{\"type\":\"object\",\"properties\":{}}}]"));
        assertThat(body.path("tool_choice")).isEqualTo(JSON.readTree("{\"type\":\"auto\"}"));
    }

    @Test
    void maps_each_tool_choice_onto_the_api_types() throws Exception {
        assertThat(body(ask(ToolChoice.of("required"))).path("tool_choice"))
                .isEqualTo(JSON.readTree("{\"type\":\"any\"}"));
        assertThat(body(ask(ToolChoice.of("none"))).path("tool_choice"))
                .isEqualTo(JSON.readTree("{\"type\":\"none\"}"));
        assertThat(body(ask(ToolChoice.named("get_time"))).path("tool_choice"))
                .isEqualTo(JSON.readTree("{\"type\":\"tool\",\"name\":\"get_time\"}"));
    }

    @Test
    void a_request_without_tools_sends_neither_tools_nor_tool_choice() throws Exception {
        JsonNode body = body(new GenerationRequest("t1", "hi", null, 0.0, 256, null));

        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void sends_tool_calls_as_tool_use_blocks_and_merges_the_results_into_one_user_message() throws Exception {
        ToolCall paris = new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Paris\"}");
        ToolCall time = new ToolCall("toolu_01B", "get_time", "");
        GenerationRequest request = ask(ToolChoice.AUTO)
                .continuedWith(List.of(
                        Message.assistant("Let me look.", List.of(paris, time)),
                        Message.toolResult(paris, "18 C, cloudy"),
                        Message.toolResult(time, "14:05")));

        JsonNode messages = body(request).path("messages");

        assertThat(messages).isEqualTo(JSON.readTree("""
                [{"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","content":[
                   {"type":"text","text":"Let me look."},
                   {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris"}},
                   {"type":"tool_use","id":"toolu_01B","name":"get_time","input":{}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"toolu_01A","content":"18 C, cloudy"},
                   {"type":"tool_result","tool_use_id":"toolu_01B","content":"14:05"}]}]
                """));
    }

    @Test
    void an_assistant_turn_that_only_calls_tools_has_no_empty_text_block() throws Exception {
        ToolCall call = new ToolCall("toolu_1", "get_time", "{}");
        GenerationRequest request = ask(ToolChoice.AUTO)
                .continuedWith(List.of(Message.assistant("", List.of(call)), Message.toolResult(call, "noon")));

        JsonNode assistant = body(request).path("messages").get(1);

        assertThat(assistant.path("content")).hasSize(1);
        assertThat(assistant.path("content").get(0).path("type").asText()).isEqualTo("tool_use");
    }

    @Test
    void forced_tool_choice_with_thinking_is_refused_before_a_run_and_auto_or_none_is_accepted() throws Exception {
        AnthropicProviderFactory factory = new AnthropicProviderFactory();
        ProviderConfig thinking = config("http://127.0.0.1:9", new Reasoning(null, 2048, null));

        assertThatThrownBy(() -> factory.validateTools(thinking, ToolCallRuns.tools(ToolChoice.of("required"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("tool_choice")
                .hasMessageContaining("Fix:");
        assertThatThrownBy(() -> factory.validateTools(thinking, ToolCallRuns.tools(ToolChoice.named("get_time"))))
                .isInstanceOf(ConfigException.class);
        factory.validateTools(thinking, ToolCallRuns.tools(ToolChoice.AUTO));
        factory.validateTools(thinking, ToolCallRuns.tools(ToolChoice.of("none")));
        factory.validateTools(config("http://127.0.0.1:9", null), ToolCallRuns.tools(ToolChoice.of("required")));
        factory.validateTools(
                config("http://127.0.0.1:9", new Reasoning(null, 0, null)),
                ToolCallRuns.tools(ToolChoice.named("get_time")));
    }

    @Test
    void a_forced_call_with_thinking_that_reaches_the_provider_fails_without_a_request() throws Exception {
        try (Provider p = provider(server.baseUrl(), new Reasoning(null, 2048, null))) {
            Completion c = p.generate(ask(ToolChoice.of("required")), new RecordingSink())
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);

            assertThat(c.failure()).isNotNull();
            assertThat(c.failure().kind()).isNotEqualTo(FailureKind.HTTP_STATUS);
            assertThat(server.requestBodies()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- streamed calls

    private static String piece(int index, String partialJson) throws Exception {
        return delta(
                index, "{\"type\":\"input_json_delta\",\"partial_json\":" + JSON.writeValueAsString(partialJson) + "}");
    }

    private static String toolUse(int index, String id, String name) {
        return blockStart(
                index, "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":{}}");
    }

    static final String START = event(
            "message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\",\"role\":\"assistant\","
                    + "\"content\":[],\"model\":\"claude-sonnet-4-5\",\"stop_reason\":null,\"usage\":"
                    + "{\"input_tokens\":410,\"output_tokens\":1}}}");

    private static final String END_TOOL_USE = event(
                    "message_delta",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                            + "\"usage\":{\"output_tokens\":89}}")
            + event("message_stop", "{\"type\":\"message_stop\"}");

    private Completion run(RecordingSink sink) throws Exception {
        try (Provider p = provider(server.baseUrl(), null)) {
            return p.generate(ask(ToolChoice.AUTO), sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_text_block_then_two_tool_use_blocks_stream_as_text_then_two_calls_from_their_pieces() throws Exception {
        server.answer(
                "text/event-stream",
                START
                        + blockStart(0, "{\"type\":\"text\",\"text\":\"\"}")
                        + delta(0, "{\"type\":\"text_delta\",\"text\":\"I'll check both.\"}")
                        + blockStop(0)
                        + toolUse(1, "toolu_01A", "get_weather")
                        + piece(1, "")
                        + piece(1, "{\"ci")
                        + piece(1, "ty\": \"Pa")
                        + piece(1, "ris")
                        + piece(1, "\"}")
                        + blockStop(1)
                        + toolUse(2, "toolu_01B", "get_weather")
                        + piece(2, "{\"city\"")
                        + event("ping", "{\"type\":\"ping\"}")
                        + piece(2, ": \"Oslo\"}")
                        + blockStop(2)
                        + END_TOOL_USE);
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.failure()).isNull();
        assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
        assertThat(sink.text()).isEqualTo("I'll check both.");
        assertThat(sink.toolCalls())
                .containsExactly(
                        new ToolCall("toolu_01A", "get_weather", "{\"city\": \"Paris\"}"),
                        new ToolCall("toolu_01B", "get_weather", "{\"city\": \"Oslo\"}"));
        assertThat(sink.toolCallChunks())
                .containsExactly(
                        "get_weather",
                        "",
                        "{\"ci",
                        "ty\": \"Pa",
                        "ris",
                        "\"}",
                        "get_weather",
                        "{\"city\"",
                        ": \"Oslo\"}");
        assertThat(sink.toolCallChunkIndexes()).containsExactly(0, 0, 0, 0, 0, 0, 1, 1, 1);
        assertThat(sink.events()).containsSubsequence("chunk", "tool call get_weather", "tool call get_weather");
        assertThat(c.tokens().output()).isEqualTo(89);
    }

    @Test
    void a_call_is_reported_at_its_block_stop_not_before() throws Exception {
        server.answer(
                "text/event-stream",
                START + toolUse(0, "toolu_9", "get_weather") + piece(0, "{\"city\":\"Rome\"}")
                        + "event: ping\ndata: {\"type\":\"ping\"}\n\n"); // no block stop, stream cut
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.failure()).isNotNull();
        assertThat(sink.toolCalls()).isEmpty();
        assertThat(sink.toolCallChunks()).containsExactly("get_weather", "{\"city\":\"Rome\"}");
    }

    @Test
    void a_tool_use_block_without_input_pieces_is_a_call_with_empty_object_arguments() throws Exception {
        server.answer(
                "text/event-stream",
                START + toolUse(0, "toolu_7", "get_time") + piece(0, "") + blockStop(0) + END_TOOL_USE);
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
        assertThat(sink.toolCalls()).containsExactly(new ToolCall("toolu_7", "get_time", "{}"));
        assertThat(sink.firstOutputNanos()).isGreaterThan(0);
    }
}
