package dev.vernier.testkit;

import static dev.vernier.testkit.SimulatorEvents.median;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.testkit.SimulatorEvents.Event;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's tool-call mode in the Chat Completions and Ollama dialects: what a request declaring
 * tools gets (scripted or default calls, in the vendor's format, event e at ttft + e x delay), what a
 * request carrying the tools' results gets (the text answer), and the conversations refused.
 */
class SimulatorToolCallsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private StreamingSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":"
            + WeatherTools.WEATHER_PARAMETERS + "}},{\"type\":\"function\",\"function\":{\"name\":\"get_time\","
            + "\"parameters\":" + WeatherTools.TIME_PARAMETERS + "}}]";

    private static final String QUESTION = "{\"role\":\"user\",\"content\":\"weather in Paris?\"}";

    private static String chat(String extra) {
        return "{\"model\":\"sim-model\",\"messages\":[" + QUESTION + "],\"tools\":" + TOOLS
                + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}" + extra + "}";
    }

    /** {@code n} responses to the same request (see {@link SimulatorEvents#posts}). */
    private List<RawHttpClient.Response> posts(SimulatedToolCalls script, String path, String body, int n)
            throws IOException {
        simulator = new StreamingSimulator(SimulatorEvents.schedule(), script);
        simulator.start();
        return SimulatorEvents.posts(simulator, path, body, n);
    }

    private List<Event> events(SimulatedToolCalls script, String path, String body) throws IOException {
        return SimulatorEvents.events(posts(script, path, body, 1).get(0));
    }

    private static List<Event> toolDeltas(List<Event> events) {
        return events.stream()
                .filter(e -> e.data().at("/choices/0/delta/tool_calls").isArray())
                .toList();
    }

    // ---------------------------------------------------------------- Chat Completions

    @Test
    void by_default_chat_completions_calls_the_first_tool_with_schema_valid_arguments_in_four_pieces()
            throws Exception {
        List<List<Event>> runs =
                SimulatorEvents.runs(posts(SimulatedToolCalls.DEFAULT, "/v1/chat/completions", chat(""), 7));
        List<Event> events = runs.get(0);
        List<Event> deltas = toolDeltas(events);

        assertThat(deltas).hasSize(5);
        JsonNode opening = deltas.get(0).data().at("/choices/0/delta/tool_calls/0");
        assertThat(opening.path("index").asInt()).isZero();
        assertThat(opening.path("id").asText()).startsWith("call_");
        assertThat(opening.path("type").asText()).isEqualTo("function");
        assertThat(opening.at("/function/name").asText()).isEqualTo("get_weather");
        StringBuilder arguments = new StringBuilder();
        for (Event e : deltas.subList(1, 5)) {
            JsonNode piece = e.data().at("/choices/0/delta/tool_calls/0");
            assertThat(piece.has("id")).isFalse();
            arguments.append(piece.at("/function/arguments").asText());
        }
        assertThat(arguments.toString()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(WeatherTools.weather().check(arguments.toString()).valid()).isTrue();
        assertThat(events)
                .anyMatch(e -> "tool_calls"
                        .equals(e.data().at("/choices/0/finish_reason").asText()));
        assertThat(events.get(events.size() - 1)
                        .data()
                        .at("/usage/completion_tokens")
                        .asInt())
                .isEqualTo(5);
        assertThat(median(runs, e -> toolDeltas(e).get(0).atMs())).isBetween(40.0, 50.0);
        assertThat(median(
                        runs,
                        e -> toolDeltas(e).get(4).atMs() - toolDeltas(e).get(0).atMs()))
                .isBetween(18.0, 22.0); // 4 events of 5 ms
    }

    @Test
    void scripted_calls_follow_one_another_with_their_own_pieces_and_ids() throws Exception {
        SimulatedToolCalls script = SimulatedToolCalls.of(
                SimulatedToolCalls.call("get_time", "{\"timezone\":\"UTC\"}", 2),
                SimulatedToolCalls.call("get_weather", "{\"city\":", 3));

        List<Event> deltas = toolDeltas(events(script, "/v1/chat/completions", chat("")));

        assertThat(deltas).hasSize(3 + 4);
        assertThat(deltas.stream()
                        .map(e -> e.data()
                                .at("/choices/0/delta/tool_calls/0/index")
                                .asInt())
                        .toList())
                .containsExactly(0, 0, 0, 1, 1, 1, 1);
        JsonNode first = deltas.get(0).data().at("/choices/0/delta/tool_calls/0");
        JsonNode second = deltas.get(3).data().at("/choices/0/delta/tool_calls/0");
        assertThat(first.at("/function/name").asText()).isEqualTo("get_time");
        assertThat(second.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(first.path("id").asText()).isNotEqualTo(second.path("id").asText());
        assertThat(deltas.subList(4, 7).stream()
                        .map(e -> e.data()
                                .at("/choices/0/delta/tool_calls/0/function/arguments")
                                .asText())
                        .reduce("", String::concat))
                .as("arguments as scripted, valid or not")
                .isEqualTo("{\"city\":");
    }

    @Test
    void a_named_tool_choice_is_the_tool_the_default_script_calls() throws Exception {
        List<Event> deltas = toolDeltas(events(
                SimulatedToolCalls.DEFAULT,
                "/v1/chat/completions",
                chat(",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}")));

        assertThat(deltas.get(0)
                        .data()
                        .at("/choices/0/delta/tool_calls/0/function/name")
                        .asText())
                .isEqualTo("get_time");
    }

    @Test
    void tool_choice_none_gets_the_text_answer() throws Exception {
        List<Event> events =
                events(SimulatedToolCalls.DEFAULT, "/v1/chat/completions", chat(",\"tool_choice\":\"none\""));

        assertThat(toolDeltas(events)).isEmpty();
        assertThat(events)
                .anyMatch(e ->
                        "stop".equals(e.data().at("/choices/0/finish_reason").asText()));
    }

    @Test
    void a_conversation_ending_with_the_tool_result_gets_the_text_answer() throws Exception {
        String body =
                "{\"model\":\"sim-model\",\"messages\":[" + QUESTION + ",{\"role\":\"assistant\",\"content\":null,"
                        + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                        + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\","
                        + "\"content\":\"18 degrees\"}],\"tools\":" + TOOLS + ",\"stream\":true}";

        List<Event> events = events(SimulatedToolCalls.DEFAULT, "/v1/chat/completions", body);

        assertThat(toolDeltas(events)).isEmpty();
        assertThat(events.stream()
                        .map(e -> e.data().at("/choices/0/delta/content").asText(""))
                        .reduce("", String::concat))
                .isEqualTo(String.join("", simulator.expectedTokens(3)));
    }

    @Test
    void orphan_tool_results_unanswered_calls_and_object_arguments_get_400_as_from_openai() throws Exception {
        String orphan = "{\"model\":\"sim-model\",\"messages\":[" + QUESTION
                + ",{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"x\"}],\"tools\":" + TOOLS + "}";
        RawHttpClient.Response refused = posts(SimulatedToolCalls.DEFAULT, "/v1/chat/completions", orphan, 1)
                .get(0);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.chunks().get(0).text()).contains("must be a response to a preceding message");
        simulator.close();

        String unanswered = "{\"model\":\"sim-model\",\"messages\":[" + QUESTION + ",{\"role\":\"assistant\","
                + "\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":"
                + "\"get_weather\",\"arguments\":\"{}\"}}]}," + QUESTION + "]}";
        RawHttpClient.Response bad = posts(SimulatedToolCalls.DEFAULT, "/v1/chat/completions", unanswered, 1)
                .get(0);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.chunks().get(0).text()).contains("must be followed by tool messages");
        simulator.close();

        String objectArguments = unanswered.replace("\"arguments\":\"{}\"", "\"arguments\":{}");
        RawHttpClient.Response notAString = posts(
                        SimulatedToolCalls.DEFAULT, "/v1/chat/completions", objectArguments, 1)
                .get(0);
        assertThat(notAString.status()).isEqualTo(400);
        assertThat(notAString.chunks().get(0).text()).contains("arguments: expected a string");
    }

    @Test
    void a_response_that_is_not_streamed_carries_message_tool_calls() throws Exception {
        RawHttpClient.Response r = posts(
                        SimulatedToolCalls.DEFAULT,
                        "/v1/chat/completions",
                        "{\"model\":\"sim-model\",\"messages\":[" + QUESTION + "],\"tools\":" + TOOLS + "}",
                        1)
                .get(0);

        JsonNode body =
                JSON.readTree(r.chunks().stream().map(RawHttpClient.Chunk::text).reduce("", String::concat));
        JsonNode choice = body.at("/choices/0");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.at("/message/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(5);
    }

    // ---------------------------------------------------------------- Ollama

    private static String ollama(String messages) {
        return "{\"model\":\"sim-model\",\"messages\":[" + messages + "],\"tools\":" + TOOLS + "}";
    }

    @Test
    void ollama_sends_each_call_whole_with_object_arguments_when_its_last_piece_is_due() throws Exception {
        SimulatedToolCalls script = SimulatedToolCalls.of(
                SimulatedToolCalls.call(null, null, 2),
                SimulatedToolCalls.call("get_time", "{\"timezone\":\"UTC\"}", 3));
        List<List<Event>> runs = SimulatorEvents.runs(posts(script, "/api/chat", ollama(QUESTION), 7));
        List<Event> events = runs.get(0);

        assertThat(events).hasSize(3);
        JsonNode first = events.get(0).data().at("/message/tool_calls");
        assertThat(first).hasSize(1);
        assertThat(first.at("/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(first.at("/0/function/arguments")).isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
        assertThat(first.get(0).has("id")).isFalse();
        assertThat(events.get(1)
                        .data()
                        .at("/message/tool_calls/0/function/index")
                        .asInt())
                .isEqualTo(1);
        JsonNode done = events.get(2).data();
        assertThat(done.path("done_reason").asText()).isEqualTo("stop");
        assertThat(done.path("eval_count").asInt()).isEqualTo(3 + 4);
        // call 0 is whole at event 2 (40 + 10 ms), call 1 at event 6 (40 + 30 ms)
        assertThat(median(runs, e -> e.get(0).atMs())).isBetween(50.0, 55.0);
        assertThat(median(runs, e -> e.get(1).atMs() - e.get(0).atMs())).isBetween(18.0, 22.0);
    }

    @Test
    void ollama_answers_the_tool_result_with_text() throws Exception {
        String messages =
                QUESTION + ",{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":"
                        + "\"get_weather\",\"arguments\":{\"city\":\"Paris\"}}}]},{\"role\":\"tool\",\"content\":\"18\","
                        + "\"tool_name\":\"get_weather\"}";

        List<Event> events = events(SimulatedToolCalls.DEFAULT, "/api/chat", ollama(messages));

        assertThat(events).noneMatch(e -> e.data().at("/message/tool_calls").isArray());
        assertThat(events.get(0).data().at("/message/content").asText()).isNotEmpty();
    }

    // ---------------------------------------------------------------- the script

    @Test
    void default_arguments_fill_required_properties_by_type_enum_and_const() throws Exception {
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"},"
                + "\"n\":{\"type\":\"integer\"},\"on\":{\"type\":\"boolean\"},\"u\":{\"enum\":[\"c\",\"f\"]},"
                + "\"k\":{\"const\":7},\"o\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\"}},"
                + "\"required\":[\"x\"]},\"skip\":{\"type\":\"string\"}},"
                + "\"required\":[\"q\",\"n\",\"on\",\"u\",\"k\",\"o\"]}");

        assertThat(SimulatedToolCalls.argumentsFor(schema).toString())
                .isEqualTo("{\"q\":\"Paris\",\"n\":1,\"on\":true,\"u\":\"c\",\"k\":7,\"o\":{\"x\":1}}");
        assertThat(SimulatedToolCalls.argumentsFor(null).toString()).isEqualTo("{}");
    }

    @Test
    void arguments_are_split_into_near_equal_pieces_without_cutting_a_surrogate_pair() {
        assertThat(SimulatedToolCalls.split("{\"city\":\"Paris\"}", 4))
                .containsExactly("{\"ci", "ty\":", "\"Par", "is\"}");
        assertThat(SimulatedToolCalls.split("{}", 4)).containsExactly("{", "}");
        assertThat(SimulatedToolCalls.split("", 3)).isEmpty();
        assertThat(String.join("", SimulatedToolCalls.split("a\uD83D\uDE00b", 2)))
                .isEqualTo("a\uD83D\uDE00b");
        assertThat(SimulatedToolCalls.split("a\uD83D\uDE00b", 2)).containsExactly("a\uD83D\uDE00", "b");
    }
}
