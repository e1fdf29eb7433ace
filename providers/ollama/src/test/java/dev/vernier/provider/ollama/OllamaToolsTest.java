package dev.vernier.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.testkit.OllamaWire;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.StubbedStream;
import dev.vernier.testkit.WeatherTools;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tool calling on Ollama's /api/chat, from its API documentation: the {@code tools} list, the history of
 * calls (arguments as objects) and results ({@code tool_name}), whole calls in streamed lines, and the tool
 * choices refused because Ollama cannot ask for them.
 */
class OllamaToolsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StubbedStream server = new StubbedStream("/api/chat");

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode body(GenerationRequest request) throws Exception {
        try (OllamaProvider p = (OllamaProvider) Providers.local(server.baseUrl())) {
            return JSON.readTree(p.requestBody(request));
        }
    }

    private Completion run(RecordingSink sink) throws Exception {
        try (Provider p = Providers.local(server.baseUrl())) {
            return p.generate(WeatherTools.question("r1"), sink)
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
        }
    }

    /** A line whose message carries {@code toolCallsJson} and no content. */
    private static String callsLine(String toolCallsJson) {
        return "{\"model\":\"llama3.2\",\"created_at\":\"2025-07-07T20:22:19.184789Z\",\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"\",\"tool_calls\":" + toolCallsJson + "},\"done\":false}\n";
    }

    // ------------------------------------------------------------------ request

    @Test
    void declares_each_tool_as_a_function_with_its_schema_and_sends_no_tool_choice() throws Exception {
        JsonNode body = body(WeatherTools.question("r1"));

        assertThat(body.get("tools"))
                .isEqualTo(JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"description\":\"Current weather in a city\",\"parameters\":"
                        + WeatherTools.WEATHER_PARAMETERS + "}},{\"type\":\"function\",\"function\":{\"name\":"
                        + "\"get_time\",\"description\":\"Local time in a time zone\",\"parameters\":"
                        + WeatherTools.TIME_PARAMETERS + "}}]"));
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void tool_choice_none_sends_no_tools_so_the_model_cannot_call_one() throws Exception {
        JsonNode body = body(WeatherTools.question("r1").withTools(WeatherTools.both(ToolChoice.of("none"))));

        assertThat(body.has("tools")).isFalse();
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("What is the weather in Paris?");
    }

    @Test
    void the_history_carries_calls_with_object_arguments_and_results_with_the_tool_name() throws Exception {
        GenerationRequest next = WeatherTools.afterTwoCalls();

        JsonNode messages = body(next).get("messages");

        assertThat(messages).hasSize(4);
        assertThat(messages.get(1))
                .isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":["
                        + "{\"id\":\"call_a1\",\"function\":{\"name\":\"get_weather\",\"arguments\":"
                        + "{\"city\":\"Paris\",\"unit\":\"celsius\"}}},"
                        + "{\"id\":\"call_b2\",\"function\":{\"name\":\"get_time\",\"arguments\":"
                        + "{\"timezone\":\"Asia/Tokyo\"}}}]}"));
        assertThat(messages.get(2))
                .isEqualTo(JSON.readTree("{\"role\":\"tool\",\"content\":\"18 degrees and sunny\","
                        + "\"tool_name\":\"get_weather\",\"tool_call_id\":\"call_a1\"}"));
        assertThat(messages.get(3).path("tool_name").asText()).isEqualTo("get_time");
    }

    @Test
    void arguments_that_are_not_a_json_object_go_back_as_an_empty_object() {
        assertThat(OllamaTools.argumentsObject("{\"city\": \"Ro").toString()).isEqualTo("{}");
        assertThat(OllamaTools.argumentsObject("").toString()).isEqualTo("{}");
        assertThat(OllamaTools.argumentsObject("[1]").toString()).isEqualTo("{}");
        assertThat(OllamaTools.argumentsObject("{\"a\":[1,{\"b\":null}]}").toString())
                .isEqualTo("{\"a\":[1,{\"b\":null}]}");
    }

    // ------------------------------------------------------------------ streamed calls

    @Test
    void a_streamed_call_comes_whole_with_object_arguments_kept_as_compact_text() throws Exception {
        server.answer(
                "application/x-ndjson",
                callsLine("[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\": \"Tokyo\"}}}]")
                        + OllamaWire.last("stop", true));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(c.succeeded()).isTrue();
        assertThat(sink.toolCalls()).containsExactly(new ToolCall("call_0", "get_weather", "{\"city\":\"Tokyo\"}"));
        assertThat(sink.toolCallChunks()).as("Ollama streams no pieces").isEmpty();
        assertThat(sink.chunks()).isEmpty();
        assertThat(c.finishReason()).as("done_reason stop after a call").isEqualTo(FinishReason.TOOL_CALL);
        assertThat(c.tokens().output()).isEqualTo(2);
    }

    @Test
    void two_calls_in_one_line_and_a_third_in_the_next_get_ids_in_answer_order() throws Exception {
        server.answer(
                "application/x-ndjson",
                callsLine("[{\"function\":{\"index\":0,\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}},"
                                + "{\"function\":{\"index\":1,\"name\":\"get_time\",\"arguments\":"
                                + "{\"timezone\":\"Europe/Oslo\"}}}]")
                        + callsLine("[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Rome\"}}}]")
                        + OllamaWire.last("stop", true));
        RecordingSink sink = new RecordingSink();

        run(sink);

        assertThat(sink.toolCalls())
                .containsExactly(
                        new ToolCall("call_0", "get_weather", "{\"city\":\"Oslo\"}"),
                        new ToolCall("call_1", "get_time", "{\"timezone\":\"Europe/Oslo\"}"),
                        new ToolCall("call_2", "get_weather", "{\"city\":\"Rome\"}"));
    }

    @Test
    void without_eval_count_each_call_counts_as_one_output_token() throws Exception {
        server.answer(
                "application/x-ndjson",
                OllamaWire.line("Sure")
                        + callsLine("[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}},"
                                + "{\"function\":{\"name\":\"get_time\",\"arguments\":{\"timezone\":\"UTC\"}}}]")
                        + OllamaWire.last("stop", false));

        Completion c = run(new RecordingSink());

        assertThat(c.tokens().output()).isEqualTo(3);
        assertThat(c.tokens().outputSource()).isEqualTo(CountSource.CHUNK_COUNT);
    }

    @Test
    void a_call_with_the_servers_own_id_keeps_it() throws Exception {
        server.answer(
                "application/x-ndjson",
                callsLine("[{\"id\":\"call_k3x9\",\"function\":{\"index\":0,\"name\":\"get_time\",\"arguments\":"
                                + "{\"timezone\":\"UTC\"}}}]")
                        + OllamaWire.last("stop", true));
        RecordingSink sink = new RecordingSink();

        run(sink);

        assertThat(sink.toolCalls()).containsExactly(new ToolCall("call_k3x9", "get_time", "{\"timezone\":\"UTC\"}"));
    }

    @Test
    void text_before_a_call_is_the_answer_and_a_length_cut_stays_length() throws Exception {
        server.answer(
                "application/x-ndjson",
                OllamaWire.line("Checking")
                        + callsLine("[{\"function\":{\"name\":\"get_weather\",\"arguments\":{\"city\":\"Lima\"}}}]")
                        + OllamaWire.last("length", true));
        RecordingSink sink = new RecordingSink();

        Completion c = run(sink);

        assertThat(sink.text()).isEqualTo("Checking");
        assertThat(sink.toolCalls()).hasSize(1);
        assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void an_answer_without_calls_still_finishes_as_stop() throws Exception {
        server.answer("application/x-ndjson", OllamaWire.goodStream());
        RecordingSink sink = new RecordingSink();

        assertThat(run(sink).finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(sink.toolCalls()).isEmpty();
    }

    // ------------------------------------------------------------------ what is refused

    @Test
    void required_and_named_tool_choices_are_refused_with_the_fix() {
        ProviderConfig config = ProviderConfig.of("ollama", Map.of("model", "m"));
        OllamaProviderFactory factory = new OllamaProviderFactory();

        assertThatThrownBy(() -> factory.validateTools(config, WeatherTools.both(ToolChoice.of("required"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("has no tool_choice")
                .hasMessageContaining("'tool_choice: required'")
                .hasMessageContaining("Fix: set 'tool_choice: auto'")
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("tool_choice");
        assertThatThrownBy(() -> factory.validateTools(config, WeatherTools.both(ToolChoice.named("get_time"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot make the model call 'get_time'");
    }

    @Test
    void auto_and_none_are_accepted() {
        ProviderConfig config = ProviderConfig.of("ollama", Map.of("model", "m"));

        assertThatCode(() -> new OllamaProviderFactory().validateTools(config, WeatherTools.both(ToolChoice.AUTO)))
                .doesNotThrowAnyException();
        assertThatCode(() ->
                        new OllamaProviderFactory().validateTools(config, WeatherTools.both(ToolChoice.of("none"))))
                .doesNotThrowAnyException();
    }
}
