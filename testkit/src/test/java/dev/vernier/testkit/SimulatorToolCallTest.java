package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.testkit.SimulatorEvents.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's tool-call mode in the Anthropic and Gemini dialects: a request declaring tools gets
 * the scripted calls on the schedule (slot s at ttft + s x delay; a call starts at its start slot, each
 * argument piece takes the next slot), a request ending with a tool result gets the text answer.
 */
class SimulatorToolCallTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SimulatedToolCalls SCRIPT = SimulatedToolCalls.of(
            SimulatedToolCalls.call("get_weather", "{\"city\": \"Paris\"}", 2), SimulatedToolCalls.call(null, "{}", 1));
    private StreamingSimulator simulator;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    /** The events of 7 responses to the same request, after one not kept (a cold JVM is late). */
    private List<List<Event>> runs(String path, String body) throws IOException {
        simulator = new StreamingSimulator(
                SimulatorConfig.defaults()
                        .withTtft(Duration.ofMillis(40))
                        .withInterTokenDelay(Duration.ofMillis(5))
                        .withTokens(3),
                SCRIPT);
        simulator.start();
        List<List<Event>> runs = new ArrayList<>();
        try (RawHttpClient client = new RawHttpClient(simulator.port())) {
            client.post(path, body);
            for (int i = 0; i < 7; i++) {
                runs.add(SimulatorEvents.events(client.post(path, body)));
            }
        }
        return runs;
    }

    private static final String ANTHROPIC_TOOLS = "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":"
            + "\"object\"}},{\"name\":\"get_time\",\"input_schema\":{\"type\":\"object\"}}]";

    private static String anthropic(String messages, String choice) {
        return "{\"model\":\"sim-model\",\"max_tokens\":64,\"stream\":true," + ANTHROPIC_TOOLS + ",\"tool_choice\":"
                + choice + ",\"messages\":" + messages + "}";
    }

    private static Event first(List<Event> events, String type, String deltaType, int index) {
        return events.stream()
                .filter(e -> e.data().path("type").asText().equals(type)
                        && e.data().path("delta").path("type").asText("").equals(deltaType)
                        && e.data().path("index").asInt(-1) == index)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anthropic_streams_each_call_as_a_tool_use_block_of_input_json_pieces_on_the_schedule() throws Exception {
        List<List<Event>> runs = runs(
                "/v1/messages",
                anthropic(
                        "[{\"role\":\"user\",\"content\":\"Weather and time?\"}]",
                        "{\"type\":\"tool\",\"name\":\"get_time\"}"));
        List<Event> events = runs.get(0);

        assertThat(SimulatorReasoningTest.anthropicTypes(events))
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "content_block_deltainput_json_delta",
                        "content_block_deltainput_json_delta",
                        "content_block_stop",
                        "content_block_start",
                        "content_block_deltainput_json_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        assertThat(events.get(1).data().at("/content_block/name").asText()).isEqualTo("get_weather");
        assertThat(events.get(5).data().at("/content_block/name").asText())
                .as("a call without a name calls the chosen tool")
                .isEqualTo("get_time");
        assertThat(events.get(1).data().at("/content_block/id").asText())
                .isNotEqualTo(events.get(5).data().at("/content_block/id").asText());
        assertThat(events.get(2).data().at("/delta/partial_json").asText()
                        + events.get(3).data().at("/delta/partial_json").asText())
                .isEqualTo("{\"city\": \"Paris\"}");
        // call 0 starts at slot 0 and is done at slot 2; call 1 starts at slot 3 and is done at slot 4
        assertThat(SimulatorEvents.median(
                        runs, e -> first(e, "content_block_start", "", 0).atMs()))
                .isBetween(39.0, 50.0);
        assertThat(SimulatorEvents.median(
                        runs,
                        e -> first(e, "content_block_stop", "", 0).atMs()
                                - first(e, "content_block_start", "", 0).atMs()))
                .isBetween(8.0, 12.0);
        assertThat(SimulatorEvents.median(
                        runs,
                        e -> first(e, "content_block_stop", "", 1).atMs()
                                - first(e, "content_block_start", "", 0).atMs()))
                .isBetween(18.0, 22.0);
        JsonNode delta = events.get(events.size() - 2).data();
        assertThat(delta.at("/delta/stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.at("/usage/output_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void anthropic_answers_with_text_when_the_last_message_is_a_tool_result_or_calls_are_off() throws Exception {
        String afterResult = anthropic(
                "[{\"role\":\"user\",\"content\":\"Time?\"},{\"role\":\"assistant\",\"content\":[{\"type\":"
                        + "\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_time\",\"input\":{}}]},{\"role\":\"user\","
                        + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"noon\"}]}]",
                "{\"type\":\"auto\"}");
        String none = anthropic("[{\"role\":\"user\",\"content\":\"Time?\"}]", "{\"type\":\"none\"}");

        for (String body : List.of(afterResult, none)) {
            List<Event> events = runs("/v1/messages", body).get(0);
            simulator.close();

            assertThat(events)
                    .anyMatch(e -> e.data().path("delta").path("type").asText().equals("text_delta"))
                    .noneMatch(e -> e.data().at("/content_block/type").asText().equals("tool_use"));
            assertThat(events.get(events.size() - 2)
                            .data()
                            .at("/delta/stop_reason")
                            .asText())
                    .isEqualTo("end_turn");
        }
    }

    private static final String GEMINI_PATH = "/v1beta/models/sim-model:streamGenerateContent?alt=sse";
    private static final String GEMINI_TOOLS =
            "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\"}," + "{\"name\":\"get_time\"}]}]";

    @Test
    void gemini_sends_each_call_whole_when_its_last_piece_would_be_done_and_stops() throws Exception {
        List<List<Event>> runs = runs(
                GEMINI_PATH,
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Weather and time?\"}]}]," + GEMINI_TOOLS
                        + "}");
        List<Event> events = runs.get(0);

        assertThat(events).hasSize(2);
        assertThat(events.get(0).data().at("/candidates/0/content/parts/0/functionCall"))
                .isEqualTo(JSON.readTree("{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}"));
        assertThat(events.get(1).data().at("/candidates/0/content/parts/0/functionCall"))
                .as("a call without a name calls the first declared function")
                .isEqualTo(JSON.readTree("{\"name\":\"get_weather\",\"args\":{}}"));
        JsonNode last = events.get(1).data();
        assertThat(last.at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
        assertThat(last.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(5);
        assertThat(events.get(0).data().has("usageMetadata")).isFalse();
        // call 0 done at slot 2 (40 + 2 x 5 ms), call 1 at slot 4
        assertThat(SimulatorEvents.median(runs, e -> e.get(0).atMs())).isBetween(49.0, 60.0);
        assertThat(SimulatorEvents.median(runs, e -> e.get(1).atMs() - e.get(0).atMs()))
                .isBetween(8.0, 12.0);
    }

    @Test
    void gemini_answers_with_text_after_a_function_response() throws Exception {
        List<Event> events = runs(
                        GEMINI_PATH,
                        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Time?\"}]},{\"role\":\"model\","
                                + "\"parts\":[{\"functionCall\":{\"name\":\"get_time\",\"args\":{}}}]},{\"role\":"
                                + "\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_time\",\"response\":"
                                + "{\"output\":\"noon\"}}}]}]," + GEMINI_TOOLS + "}")
                .get(0);

        assertThat(events.get(0).data().at("/candidates/0/content/parts/0/text").asText())
                .isEqualTo("the");
        assertThat(events)
                .noneMatch(e -> e.data()
                        .at("/candidates/0/content/parts/0/functionCall")
                        .isObject());
    }
}
