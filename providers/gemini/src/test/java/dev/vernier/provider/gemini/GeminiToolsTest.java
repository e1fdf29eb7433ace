package dev.vernier.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
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
 * Function calling on generateContent, from its reference: {@code functionDeclarations} with
 * {@code parametersJsonSchema} and {@code toolConfig.functionCallingConfig} in the request,
 * {@code functionCall} and {@code functionResponse} parts in the history, and streamed chunks whose
 * {@code functionCall} parts arrive whole.
 */
class GeminiToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubbedStream server = new StubbedStream("/v1beta/models/.*");

    @AfterEach
    void stop() {
        server.close();
    }

    private static ProviderConfig config(String baseUrl, Reasoning reasoning) {
        return new ProviderConfig(
                "gemini",
                null,
                Map.of("model", "gemini-2.5-flash", "base_url", baseUrl),
                Path.of("."),
                Map.of("GEMINI_API_KEY", "AIza-test-0123456789")::get,
                null,
                null,
                reasoning,
                null);
    }

    private static GeminiProvider provider(String baseUrl) throws ConfigException {
        return (GeminiProvider) new GeminiProviderFactory().create(config(baseUrl, null));
    }

    private static JsonNode body(GenerationRequest request) throws Exception {
        return JSON.readTree(provider("http://127.0.0.1:9").requestBody(request));
    }

    private static GenerationRequest ask(ToolChoice choice) throws Exception {
        return new GenerationRequest("t1", "Weather in Paris?", null, 0.0, 256, null)
                .withTools(ToolCallRuns.tools(choice));
    }

    @Test
    void declares_the_tools_as_function_declarations_with_their_json_schema() throws Exception {
        JsonNode body = body(ask(ToolChoice.AUTO));

        assertThat(body.path("tools"))
                .isEqualTo(
                        JSON.readTree(
                                "[{\"functionDeclarations\":["
                                        + "{\"name\":\"get_weather\",\"description\":\"Current weather in a city\",\"parametersJsonSchema\":"
                                        + ToolCallRuns.WEATHER_SCHEMA + "},"
                                        + "{\"name\":\"get_time\",\"parametersJsonSchema\":{\"type\":\"object\",\"properties\":{}}}]}]"));
        assertThat(body.path("toolConfig")).isEqualTo(JSON.readTree("{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}"));
    }

    @Test
    void maps_each_tool_choice_onto_a_function_calling_mode() throws Exception {
        assertThat(body(ask(ToolChoice.of("required"))).path("toolConfig").path("functionCallingConfig"))
                .isEqualTo(JSON.readTree("{\"mode\":\"ANY\"}"));
        assertThat(body(ask(ToolChoice.of("none"))).path("toolConfig").path("functionCallingConfig"))
                .isEqualTo(JSON.readTree("{\"mode\":\"NONE\"}"));
        assertThat(body(ask(ToolChoice.named("get_time"))).path("toolConfig").path("functionCallingConfig"))
                .isEqualTo(JSON.readTree("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_time\"]}"));
    }

    @Test
    void a_request_without_tools_sends_neither_tools_nor_tool_config() throws Exception {
        JsonNode body = body(new GenerationRequest("t1", "hi", null, 0.0, 256, null));

        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("toolConfig")).isFalse();
    }

    @Test
    void sends_calls_as_function_call_parts_and_results_as_function_responses_in_one_user_content() throws Exception {
        ToolCall paris = new ToolCall(ToolCall.madeUpId(0), "get_weather", "{\"city\":\"Paris\"}");
        ToolCall time = new ToolCall(ToolCall.madeUpId(1), "get_time", "");
        GenerationRequest request = ask(ToolChoice.AUTO)
                .continuedWith(List.of(
                        Message.assistant("Let me look.", List.of(paris, time)),
                        Message.toolResult(paris, "{\"temp_c\":18,\"sky\":\"cloudy\"}"),
                        Message.toolResult(time, "14:05")));

        JsonNode contents = body(request).path("contents");

        assertThat(contents).isEqualTo(JSON.readTree("""
                [{"role":"user","parts":[{"text":"Weather in Paris?"}]},
                 {"role":"model","parts":[
                   {"text":"Let me look."},
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                   {"functionCall":{"name":"get_time","args":{}}}]},
                 {"role":"user","parts":[
                   {"functionResponse":{"name":"get_weather","response":{"temp_c":18,"sky":"cloudy"}}},
                   {"functionResponse":{"name":"get_time","response":{"output":"14:05"}}}]}]
                """));
    }

    @Test
    void a_result_that_is_not_a_json_object_is_wrapped_as_output() throws Exception {
        assertThat(GeminiContents.response("[1, 2]")).isEqualTo(JSON.readTree("{\"output\":\"[1, 2]\"}"));
        assertThat(GeminiContents.response("")).isEqualTo(JSON.readTree("{\"output\":\"\"}"));
        assertThat(GeminiContents.response("sunny")).isEqualTo(JSON.readTree("{\"output\":\"sunny\"}"));
    }

    @Test
    void an_id_the_model_gave_is_sent_back_with_the_call_and_its_response() throws Exception {
        ToolCall call = new ToolCall("fc_8a2b", "get_time", "{}");
        GenerationRequest request = ask(ToolChoice.AUTO)
                .continuedWith(List.of(Message.assistant("", List.of(call)), Message.toolResult(call, "noon")));

        JsonNode contents = body(request).path("contents");

        assertThat(contents.get(1)).isEqualTo(JSON.readTree("""
                {"role":"model","parts":[{"functionCall":{"name":"get_time","args":{},"id":"fc_8a2b"}}]}
                """));
        assertThat(contents.get(2)
                        .path("parts")
                        .get(0)
                        .path("functionResponse")
                        .path("id")
                        .asText())
                .isEqualTo("fc_8a2b");
    }

    @Test
    void takes_every_tool_choice_with_or_without_thinking() throws Exception {
        GeminiProviderFactory factory = new GeminiProviderFactory();
        for (ToolChoice choice : List.of(
                ToolChoice.AUTO, ToolChoice.of("required"), ToolChoice.of("none"), ToolChoice.named("get_time"))) {
            factory.validateTools(
                    config("http://127.0.0.1:9", new Reasoning(null, 1024, null)), ToolCallRuns.tools(choice));
            factory.validateTools(config("http://127.0.0.1:9", null), ToolCallRuns.tools(choice));
        }
    }

    // ---------------------------------------------------------------- streamed calls

    private static String event(String parts, String finish, String usage) {
        return "data: {\"candidates\":[{\"content\":{\"parts\":[" + parts + "],\"role\":\"model\"}"
                + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + ",\"index\":0}]"
                + (usage == null ? "" : ",\"usageMetadata\":" + usage) + ",\"modelVersion\":\"gemini-2.5-flash\"}"
                + "\r\n\r\n";
    }

    private static final String USAGE = "{\"promptTokenCount\":61,\"candidatesTokenCount\":24,\"totalTokenCount\":85}";

    private Completion run(RecordingSink sink) throws Exception {
        try (Provider p = provider(server.baseUrl())) {
            return p.generate(ask(ToolChoice.AUTO), sink).toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void one_chunk_with_two_function_calls_is_two_calls_with_made_up_ids_and_a_tool_call_finish() throws Exception {
        server.answer(
                "text/event-stream",
                event(
                        "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}},"
                                + "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}}",
                        "STOP",
                        USAGE));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.failure()).isNull();
        assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
        assertThat(sink.toolCalls())
                .containsExactly(
                        new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
        assertThat(sink.toolCallChunks()).isEmpty();
        assertThat(sink.firstOutputNanos()).isGreaterThan(0);
        assertThat(c.tokens().output()).isEqualTo(24);
    }

    @Test
    void a_call_after_text_comes_after_the_text_and_keeps_an_id_the_model_sent() throws Exception {
        server.answer(
                "text/event-stream",
                event("{\"text\":\"Checking the \"}", null, null)
                        + event(
                                "{\"text\":\"clock.\"},{\"functionCall\":{\"id\":\"fc_1\",\"name\":\"get_time\","
                                        + "\"args\":{}},\"thoughtSignature\":\"CiQB0e2K\"}",
                                null,
                                null)
                        + event(
                                "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"Rome\"}}}",
                                "STOP",
                                USAGE));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.finishReason()).isEqualTo(FinishReason.TOOL_CALL);
        assertThat(sink.text()).isEqualTo("Checking the clock.");
        assertThat(sink.toolCalls())
                .containsExactly(
                        new ToolCall("fc_1", "get_time", "{}"),
                        new ToolCall("call_1", "get_weather", "{\"city\":\"Rome\"}"));
        assertThat(sink.events()).containsSubsequence("chunk", "tool call get_time", "tool call get_weather");
    }

    @Test
    void an_answer_without_calls_still_finishes_with_stop() throws Exception {
        server.answer("text/event-stream", event("{\"text\":\"It is sunny.\"}", "STOP", USAGE));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(sink.toolCalls()).isEmpty();
    }
}
