package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.Tools;
import dev.vernier.testkit.WeatherTools;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tool-calling parts of a Chat Completions body, checked against the API reference's shapes: the
 * declared functions, each {@code tool_choice}, an assistant message with {@code tool_calls} and the
 * {@code tool} messages answering it.
 */
class OpenAiToolRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(GenerationRequest request, Object... extra) throws Exception {
        try (OpenAiProvider p = (OpenAiProvider) Providers.local("http://127.0.0.1:9/v1", extra)) {
            return JSON.readTree(p.requestBody(request));
        }
    }

    @Test
    void declares_each_tool_as_a_function_with_its_schema_and_no_strict_flag() throws Exception {
        JsonNode body = body(WeatherTools.question("r1"));

        assertThat(body.get("tools"))
                .isEqualTo(JSON.readTree("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"description\":\"Current weather in a city\",\"parameters\":"
                        + WeatherTools.WEATHER_PARAMETERS + "}},{\"type\":\"function\",\"function\":{\"name\":"
                        + "\"get_time\",\"description\":\"Local time in a time zone\",\"parameters\":"
                        + WeatherTools.TIME_PARAMETERS + "}}]"));
        assertThat(body.get("tool_choice").asText()).isEqualTo("auto");
        assertThat(body.has("parallel_tool_calls")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"required, required", "none, none", "auto, auto"})
    void sends_the_tool_choice_words(String word, String sent) throws Exception {
        JsonNode body = body(WeatherTools.question("r1").withTools(WeatherTools.both(ToolChoice.of(word))));

        assertThat(body.get("tool_choice").asText()).isEqualTo(sent);
        assertThat(body.get("tools")).hasSize(2);
    }

    @Test
    void a_named_tool_choice_is_a_function_object() throws Exception {
        JsonNode body = body(WeatherTools.question("r1").withTools(WeatherTools.both(ToolChoice.named("get_time"))));

        assertThat(body.get("tool_choice"))
                .isEqualTo(JSON.readTree("{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}"));
    }

    @Test
    void a_tool_without_a_description_sends_none() throws Exception {
        GenerationRequest request = WeatherTools.question("r1")
                .withTools(new Tools(
                        List.of(WeatherTools.tool("ping", "", "{\"type\":\"object\",\"properties\":{}}")),
                        ToolChoice.AUTO));

        JsonNode function = body(request).path("tools").get(0).path("function");

        assertThat(function.has("description")).isFalse();
        assertThat(function.path("name").asText()).isEqualTo("ping");
    }

    @Test
    void the_history_carries_the_assistant_calls_and_one_tool_message_per_result() throws Exception {
        GenerationRequest next = WeatherTools.afterTwoCalls();

        JsonNode messages = body(next).get("messages");

        assertThat(messages).hasSize(4);
        assertThat(messages.get(1))
                .isEqualTo(JSON.readTree("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                        + "{\"id\":\"call_a1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\",\\\"unit\\\":\\\"celsius\\\"}\"}},"
                        + "{\"id\":\"call_b2\",\"type\":\"function\",\"function\":{\"name\":\"get_time\","
                        + "\"arguments\":\"{\\\"timezone\\\":\\\"Asia/Tokyo\\\"}\"}}]}"));
        assertThat(messages.get(2))
                .isEqualTo(JSON.readTree(
                        "{\"role\":\"tool\",\"tool_call_id\":\"call_a1\",\"content\":\"18 degrees and sunny\"}"));
        assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_b2");
        assertThat(body(next).has("tools")).isTrue();
    }

    @Test
    void text_beside_the_calls_is_kept_and_empty_arguments_are_sent_as_an_empty_object() throws Exception {
        ToolCall ping = new ToolCall("call_1", "get_weather", "");
        GenerationRequest next = WeatherTools.question("r1")
                .continuedWith(List.of(
                        Message.assistant("Let me look that up.", List.of(ping)), Message.toolResult(ping, "ok")));

        JsonNode assistant = body(next).get("messages").get(1);

        assertThat(assistant.path("content").asText()).isEqualTo("Let me look that up.");
        assertThat(assistant
                        .path("tool_calls")
                        .get(0)
                        .path("function")
                        .path("arguments")
                        .asText())
                .isEqualTo("{}");
    }

    @Test
    void a_request_without_tools_sends_neither_tools_nor_tool_choice() throws Exception {
        JsonNode body = body(Providers.request(64));

        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
    }

    @Test
    void tools_are_declared_in_the_reasoning_style_and_without_streaming_too() throws Exception {
        assertThat(body(WeatherTools.question("r1"), "parameter_style", "reasoning")
                        .get("tools"))
                .hasSize(2);
        assertThat(body(WeatherTools.question("r1"), "stream", false).get("tools"))
                .hasSize(2);
    }

    @ParameterizedTest
    @CsvSource({"auto", "required", "none", "get_time"})
    void the_type_accepts_every_tool_choice_when_the_suite_loads(String word) {
        ToolChoice choice = ToolChoice.of(word) == null ? ToolChoice.named(word) : ToolChoice.of(word);

        assertThatCode(() -> new OpenAiProviderFactory()
                        .validateTools(ProviderConfig.of("openai", Map.of("model", "m")), WeatherTools.both(choice)))
                .doesNotThrowAnyException();
    }
}
