package dev.vernier.provider.anthropic;

import static dev.vernier.provider.anthropic.AnthropicReasoningTest.blockStart;
import static dev.vernier.provider.anthropic.AnthropicReasoningTest.blockStop;
import static dev.vernier.provider.anthropic.AnthropicReasoningTest.delta;
import static dev.vernier.provider.anthropic.AnthropicReasoningTest.event;
import static dev.vernier.provider.anthropic.AnthropicToolsTest.START;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.StubbedStream;
import dev.vernier.testkit.ToolCallRuns;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Extended thinking with tool use, from the extended-thinking and streaming references: the answer's
 * thinking blocks (text and {@code signature_delta}) and redacted_thinking blocks ({@code data}) are
 * reported as replay state, and an assistant message carrying that state sends them back first in its
 * content, unmodified, before its text and tool_use blocks.
 */
class AnthropicThinkingReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubbedStream server = new StubbedStream("/v1/messages");

    @AfterEach
    void stop() {
        server.close();
    }

    private static AnthropicProvider provider(String baseUrl) throws ConfigException {
        return AnthropicToolsTest.provider(baseUrl, null);
    }

    private static GenerationRequest ask() {
        return new GenerationRequest("t1", "Weather in Paris?", null, 0.0, 2048, null)
                .withTools(ToolCallRuns.tools(ToolChoice.AUTO));
    }

    private Completion run(RecordingSink sink) throws Exception {
        try (Provider p = provider(server.baseUrl())) {
            return p.generate(ask(), sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    private static String end(String stopReason) {
        return event(
                        "message_delta",
                        "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":120}}")
                + event("message_stop", "{\"type\":\"message_stop\"}");
    }

    private static String thinking(int index, String signature, String... pieces) {
        StringBuilder out = new StringBuilder(blockStart(index, "{\"type\":\"thinking\",\"thinking\":\"\"}"));
        for (String piece : pieces) {
            out.append(delta(index, "{\"type\":\"thinking_delta\",\"thinking\":\"" + piece + "\"}"));
        }
        return out.append(delta(index, "{\"type\":\"signature_delta\",\"signature\":\"" + signature + "\"}"))
                .append(blockStop(index))
                .toString();
    }

    private static String toolUse(int index, String id, String arguments) throws Exception {
        return blockStart(index, "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"get_weather\",\"input\":{}}")
                + delta(
                        index,
                        "{\"type\":\"input_json_delta\",\"partial_json\":" + JSON.writeValueAsString(arguments) + "}")
                + blockStop(index);
    }

    @Test
    void a_thinking_block_before_a_tool_call_is_reported_whole_with_its_signature_as_replay_state() throws Exception {
        server.answer(
                "text/event-stream",
                START
                        + thinking(0, "EqQBCgIYAhIM1gbcDa9GJwZA", "The user wants ", "the weather in Paris.")
                        + toolUse(1, "toolu_01A", "{\"city\":\"Paris\"}")
                        + end("tool_use"));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.failure()).isNull();
        assertThat(sink.reasoningText()).isEqualTo("The user wants the weather in Paris.");
        assertThat(sink.toolCalls()).containsExactly(new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(sink.replayStates()).hasSize(1);
        assertThat(JSON.readTree(sink.replayStates().get(0))).isEqualTo(JSON.readTree("""
                [{"type":"thinking","thinking":"The user wants the weather in Paris.",
                  "signature":"EqQBCgIYAhIM1gbcDa9GJwZA"}]
                """));
    }

    @Test
    void redacted_and_omitted_thinking_blocks_are_kept_in_block_order_with_their_data_and_signature() throws Exception {
        server.answer(
                "text/event-stream",
                START
                        + blockStart(0, "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix/LafPsn4a\"}")
                        + blockStop(0)
                        + thinking(1, "sig-omitted") // display omitted: a signature and no text
                        + blockStart(2, "{\"type\":\"text\",\"text\":\"\"}")
                        + delta(2, "{\"type\":\"text_delta\",\"text\":\"Checking.\"}")
                        + blockStop(2)
                        + toolUse(3, "toolu_01B", "{\"city\":\"Oslo\"}")
                        + end("tool_use"));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.failure()).isNull();
        assertThat(sink.text()).isEqualTo("Checking.");
        assertThat(JSON.readTree(sink.replayStates().get(0))).isEqualTo(JSON.readTree("""
                [{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"},
                 {"type":"thinking","thinking":"","signature":"sig-omitted"}]
                """));
    }

    @Test
    void an_answer_without_thinking_reports_no_replay_state() throws Exception {
        server.answer("text/event-stream", START + toolUse(0, "toolu_01C", "{\"city\":\"Rome\"}") + end("tool_use"));
        RecordingSink sink = new RecordingSink();

        run(sink);

        assertThat(sink.toolCalls()).hasSize(1);
        assertThat(sink.replayStates()).isEmpty();
    }

    @Test
    void a_stream_cut_after_a_thinking_block_reports_no_replay_state() throws Exception {
        server.answer("text/event-stream", START + thinking(0, "sig-1", "Hmm."));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.failure()).isNotNull();
        assertThat(sink.replayStates()).isEmpty();
    }

    // ---------------------------------------------------------------- request body

    private static JsonNode messages(GenerationRequest request) throws Exception {
        return JSON.readTree(provider("http://127.0.0.1:9").requestBody(request))
                .path("messages");
    }

    private static final String STATE = "[{\"type\":\"thinking\",\"thinking\":\"Paris, so get_weather.\","
            + "\"signature\":\"EqQBCgIYAhIM\"},{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgB\"}]";

    @Test
    void the_assistant_message_of_a_tool_round_sends_its_thinking_blocks_first_then_text_then_tool_use()
            throws Exception {
        ToolCall paris = new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Paris\"}");
        GenerationRequest request = ask().continuedWith(List.of(
                Message.assistant("Let me look.", List.of(paris), STATE), Message.toolResult(paris, "18 C")));

        assertThat(messages(request).get(1)).isEqualTo(JSON.readTree("""
                {"role":"assistant","content":[
                  {"type":"thinking","thinking":"Paris, so get_weather.","signature":"EqQBCgIYAhIM"},
                  {"type":"redacted_thinking","data":"EmwKAhgB"},
                  {"type":"text","text":"Let me look."},
                  {"type":"tool_use","id":"toolu_01A","name":"get_weather","input":{"city":"Paris"}}]}
                """));
    }

    @Test
    void an_earlier_answer_without_calls_sends_its_thinking_blocks_before_its_text() throws Exception {
        GenerationRequest request = GenerationRequest.conversation(
                "c1",
                List.of(
                        Message.user("Hi"),
                        Message.assistant("Hello!", List.of(), STATE),
                        Message.user("Weather in Paris?")),
                0.0,
                2048,
                null);

        JsonNode assistant = messages(request).get(1);

        assertThat(assistant.path("content")).hasSize(3);
        assertThat(assistant.path("content").get(0).path("type").asText()).isEqualTo("thinking");
        assertThat(assistant.path("content").get(1).path("type").asText()).isEqualTo("redacted_thinking");
        assertThat(assistant.path("content").get(2))
                .isEqualTo(JSON.readTree("{\"type\":\"text\",\"text\":\"Hello!\"}"));
    }

    @Test
    void state_that_is_not_a_list_of_thinking_blocks_is_ignored_and_the_body_is_as_without_state() throws Exception {
        ToolCall paris = new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Paris\"}");
        GenerationRequest without = ask().continuedWith(
                        List.of(Message.assistant("Let me look.", List.of(paris)), Message.toolResult(paris, "18 C")));
        GenerationRequest foreign = ask().continuedWith(List.of(
                Message.assistant("Let me look.", List.of(paris), "{\"functionCallSignatures\":[]}"),
                Message.toolResult(paris, "18 C")));
        GenerationRequest garbage = ask().continuedWith(List.of(
                Message.assistant("Let me look.", List.of(paris), "not json"), Message.toolResult(paris, "18 C")));
        AnthropicProvider p = provider("http://127.0.0.1:9");

        assertThat(p.requestBody(foreign)).isEqualTo(p.requestBody(without));
        assertThat(p.requestBody(garbage)).isEqualTo(p.requestBody(without));
    }
}
