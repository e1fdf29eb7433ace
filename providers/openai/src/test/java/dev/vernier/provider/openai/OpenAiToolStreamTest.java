package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.StubbedStream;
import dev.vernier.testkit.WeatherTools;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed tool calls written by hand in the shape the Chat Completions reference documents:
 * {@code delta.tool_calls} elements with an {@code index}, the first carrying {@code id} and
 * {@code function.name}, the rest {@code function.arguments} fragments; then {@code finish_reason:
 * "tool_calls"}, the usage chunk and {@code [DONE]}. And a response that is not streamed.
 */
class OpenAiToolStreamTest {

    private final StubbedStream server = new StubbedStream("/v1/chat/completions");

    @AfterEach
    void stop() {
        server.close();
    }

    private static String data(String choiceJson) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                + "\"choices\":[" + choiceJson + "]}\n\n";
    }

    /** A chunk whose delta is {@code deltaJson}. */
    static String delta(String deltaJson) {
        return data("{\"index\":0,\"delta\":" + deltaJson + ",\"logprobs\":null,\"finish_reason\":null}");
    }

    /** The first piece of call {@code index}: id, type, name and empty arguments. */
    static String opens(int index, String id, String name) {
        return delta("{\"tool_calls\":[{\"index\":" + index + ",\"id\":\"" + id + "\",\"type\":\"function\","
                + "\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}");
    }

    /** A later piece of call {@code index}: an arguments fragment (JSON-escaped by the caller). */
    static String args(int index, String escapedFragment) {
        return delta("{\"tool_calls\":[{\"index\":" + index + ",\"function\":{\"arguments\":\"" + escapedFragment
                + "\"}}]}");
    }

    static String finish(String reason) {
        return data("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"" + reason + "\"}");
    }

    static String usageAndDone(int prompt, int completion) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}\n\ndata: [DONE]\n\n";
    }

    private Completion run(RecordingSink sink, Object... extra) throws Exception {
        try (Provider p = Providers.local(server.baseUrl() + "/v1", extra)) {
            return p.generate(WeatherTools.question("r1"), sink)
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void one_call_streamed_in_many_argument_pieces_is_put_together_and_finishes_as_a_tool_call() throws Exception {
        server.answer(
                "text/event-stream",
                delta("{\"role\":\"assistant\",\"content\":null}")
                        + opens(0, "call_Dx1", "get_weather")
                        + args(0, "{\\\"")
                        + args(0, "city")
                        + args(0, "\\\":\\\"")
                        + args(0, "Par")
                        + args(0, "is\\\"}")
                        + finish("tool_calls")
                        + usageAndDone(40, 17));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.succeeded()).isTrue();
        assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
        assertThat(sink.toolCalls()).containsExactly(new ToolCall("call_Dx1", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(sink.toolCallChunks()).containsExactly("get_weather", "{\"", "city", "\":\"", "Par", "is\"}");
        assertThat(sink.toolCallChunkIndexes()).containsOnly(0);
        assertThat(sink.chunks()).isEmpty();
        assertThat(c.tokens().output()).isEqualTo(17);
        assertThat(c.tokens().outputSource()).isEqualTo(CountSource.SERVER_USAGE);
    }

    @Test
    void two_parallel_calls_with_interleaved_pieces_are_told_apart_by_index_and_reported_in_order() throws Exception {
        server.answer(
                "text/event-stream",
                opens(0, "call_a", "get_weather")
                        + opens(1, "call_b", "get_time")
                        + args(1, "{\\\"timezone\\\":")
                        + args(0, "{\\\"city\\\":")
                        + args(1, "\\\"Asia/Tokyo\\\"}")
                        + args(0, "\\\"Tokyo\\\"}")
                        + finish("tool_calls")
                        + usageAndDone(40, 30));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
        assertThat(sink.toolCalls())
                .containsExactly(
                        new ToolCall("call_a", "get_weather", "{\"city\":\"Tokyo\"}"),
                        new ToolCall("call_b", "get_time", "{\"timezone\":\"Asia/Tokyo\"}"));
        assertThat(sink.toolCallChunkIndexes()).containsExactly(0, 1, 1, 0, 1, 0);
        assertThat(WeatherTools.both(ToolChoice.AUTO)
                        .check(sink.toolCalls().get(1))
                        .valid())
                .isTrue();
    }

    @Test
    void arguments_after_content_text_keep_the_text_as_the_answer_and_the_call_apart() throws Exception {
        server.answer(
                "text/event-stream",
                delta("{\"role\":\"assistant\",\"content\":\"\"}")
                        + delta("{\"content\":\"Let me\"}")
                        + delta("{\"content\":\" check.\"}")
                        + opens(0, "call_x", "get_weather")
                        + args(0, "{\\\"city\\\":\\\"Oslo\\\",")
                        + args(0, "\\\"unit\\\":\\\"celsius\\\"}")
                        + finish("tool_calls")
                        + usageAndDone(40, 20));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(sink.text()).isEqualTo("Let me check.");
        assertThat(sink.toolCalls())
                .containsExactly(new ToolCall("call_x", "get_weather", "{\"city\":\"Oslo\",\"unit\":\"celsius\"}"));
        assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
    }

    @Test
    void arguments_that_never_close_are_reported_as_written_when_the_answer_finishes() throws Exception {
        server.answer(
                "text/event-stream",
                opens(0, "call_x", "get_weather")
                        + args(0, "{\\\"city\\\": \\\"Ro")
                        + finish("length")
                        + usageAndDone(40, 8));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(sink.toolCalls()).containsExactly(new ToolCall("call_x", "get_weather", "{\"city\": \"Ro"));
    }

    @Test
    void a_call_in_a_stream_ending_without_finish_reason_is_reported_at_done() throws Exception {
        server.answer("text/event-stream", opens(0, "call_x", "get_time") + args(0, "{}") + "data: [DONE]\n\n");
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.succeeded()).isTrue();
        assertThat(sink.toolCalls()).containsExactly(new ToolCall("call_x", "get_time", "{}"));
        assertThat(c.tokens().outputSource()).isEqualTo(CountSource.CHUNK_COUNT);
        assertThat(c.tokens().output()).as("one per tool-call piece").isEqualTo(2);
    }

    @Test
    void a_refused_tool_choice_names_the_fix() throws Exception {
        server.answer(
                400,
                "application/json",
                "{\"error\":{\"message\":\"Invalid value for 'tool_choice': 'required' is not supported with this"
                        + " model.\",\"type\":\"invalid_request_error\",\"param\":\"tool_choice\",\"code\":null}}");

        Completion c = run(new RecordingSink());

        assertThat(c.failure().httpStatus()).isEqualTo(400);
        assertThat(c.failure().message())
                .contains("the request's 'tool_choice' was refused")
                .contains("Fix: give 'tool_choice' a value this server or model takes");
    }

    @Test
    void a_response_that_is_not_streamed_reports_its_message_tool_calls() throws Exception {
        server.answer(
                "application/json",
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                        + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"arguments\":\"{\\\"city\\\":\\\"Lima\\\"}\"}},"
                        + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"get_time\","
                        + "\"arguments\":\"{\\\"timezone\\\":\\\"America/Lima\\\"}\"}}]},"
                        + "\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
                        + "\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":25,\"total_tokens\":65}}");
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink, "stream", false);

        assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
        assertThat(sink.toolCalls())
                .containsExactly(
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Lima\"}"),
                        new ToolCall("call_2", "get_time", "{\"timezone\":\"America/Lima\"}"));
        assertThat(sink.chunks()).isEmpty();
    }
}
