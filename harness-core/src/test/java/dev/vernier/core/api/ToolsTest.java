package dev.vernier.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.schema.JsonSchemas;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolsTest {

    private static JsonNode json(String text) throws Exception {
        return JsonSchemas.MAPPER.readTree(text);
    }

    private static ToolSpec weather() throws Exception {
        return ToolSpec.of(
                "get_weather",
                "Current weather in a city",
                json("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                        + "\"unit\":{\"enum\":[\"C\",\"F\"]}},\"required\":[\"city\"]}"));
    }

    @Test
    void arguments_matching_the_schema_are_valid() throws Exception {
        assertThat(weather().check("{\"city\":\"Oslo\",\"unit\":\"C\"}").valid())
                .isTrue();
    }

    @Test
    void arguments_missing_a_required_property_say_which() throws Exception {
        SchemaCheck check = weather().check("{\"unit\":\"C\"}");
        assertThat(check.valid()).isFalse();
        assertThat(check.problem()).contains("get_weather").contains("city");
    }

    @Test
    void arguments_that_are_not_json_or_not_an_object_are_invalid() throws Exception {
        assertThat(weather().check("{\"city\": \"Os").problem()).startsWith("arguments are not JSON");
        assertThat(weather().check("[1]").problem()).isEqualTo("arguments are not a JSON object");
    }

    @Test
    void a_tool_without_parameters_accepts_empty_arguments() throws Exception {
        ToolSpec now = ToolSpec.of("now", "", null);
        assertThat(now.check("").valid()).isTrue();
        assertThat(now.parametersJson()).isEqualTo("{\"type\":\"object\",\"properties\":{}}");
    }

    @Test
    void names_vendors_refuse_are_refused_naming_the_key() {
        assertThatThrownBy(() -> ToolSpec.of("get weather", "", null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'get weather'");
        assertThatThrownBy(() -> ToolSpec.of("1tool", "", null)).isInstanceOf(ConfigException.class);
    }

    @Test
    void parameters_that_are_not_an_object_schema_are_refused() {
        assertThatThrownBy(() -> ToolSpec.of("t", "", json("{\"type\":\"string\"}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("type 'string'")
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("tools.t.parameters");
    }

    @Test
    void a_call_of_an_undeclared_tool_is_invalid() throws Exception {
        Tools tools = new Tools(List.of(weather()), ToolChoice.AUTO);
        assertThat(tools.check(new ToolCall("c1", "get_time", "{}")).problem()).contains("'get_time'");
        assertThat(tools.check(new ToolCall("c1", "get_weather", "{\"city\":\"Rome\"}"))
                        .valid())
                .isTrue();
    }

    @Test
    void duplicate_names_and_an_undeclared_named_choice_are_refused() throws Exception {
        assertThatThrownBy(() -> new Tools(List.of(weather(), weather()), ToolChoice.AUTO))
                .hasMessageContaining("declared twice");
        assertThatThrownBy(() -> new Tools(List.of(weather()), ToolChoice.named("get_time")))
                .hasMessageContaining("'get_time'");
    }

    @Test
    void tool_choice_words_map_to_modes_and_other_words_are_left_to_the_caller() {
        assertThat(ToolChoice.of("Required").mode()).isEqualTo(ToolChoice.Mode.REQUIRED);
        assertThat(ToolChoice.of("none").mode()).isEqualTo(ToolChoice.Mode.NONE);
        assertThat(ToolChoice.of("get_weather")).isNull();
    }

    @Test
    void a_tool_loop_conversation_ends_with_the_results_and_keeps_the_user_prompt() {
        ToolCall call = new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}");
        GenerationRequest first = GenerationRequest.conversation(
                "r1", List.of(Message.system("be brief"), Message.user("Weather in Oslo?")), 0, 64, null);
        GenerationRequest next = first.continuedWith(
                List.of(Message.assistant("", List.of(call)), Message.toolResult(call, "{\"temp\":3}")));
        assertThat(next.prompt()).isEqualTo("Weather in Oslo?");
        assertThat(next.messages()).hasSize(4);
        assertThat(next.messages().get(3).toolCallId()).isEqualTo("call_1");
        assertThat(next.messages().get(3).toolName()).isEqualTo("get_weather");
    }

    @Test
    void a_tool_result_answering_no_call_before_it_is_refused() {
        ToolCall call = new ToolCall("call_1", "get_weather", "{}");
        ToolCall other = new ToolCall("call_2", "get_weather", "{}");
        assertThatThrownBy(() -> GenerationRequest.conversation(
                        "r1",
                        List.of(
                                Message.user("Weather?"),
                                Message.assistant("", List.of(call)),
                                Message.toolResult(other, "{}")),
                        0,
                        64,
                        null))
                .hasMessageContaining("'call_2'");
    }

    @Test
    void only_assistant_messages_call_tools() {
        ToolCall call = new ToolCall("c", "t", "{}");
        assertThatThrownBy(() -> new Message(Message.Role.USER, "x", List.of(call), null, null))
                .hasMessageContaining("only an assistant");
    }
}
