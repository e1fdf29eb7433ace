package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.testkit.SimulatedToolCalls;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TimedRuns;
import dev.vernier.testkit.ToolRuns;
import dev.vernier.testkit.WeatherTools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end against the simulator's Chat Completions tool mode, 100 ms to the first event and 10 ms
 * between events: two calls, {@code get_weather} (opening + 4 argument pieces, events 0-4) and
 * {@code get_time} (opening + 6 pieces, events 5-11). The first piece is the first output (100 ms), each
 * call is complete at its last piece (140 and 210 ms), medians of 9 requests after 10 warm-ups within
 * 1 ms; then the loop's second request, carrying the calls and their results, gets the text answer.
 */
class OpenAiToolTimingTest {

    @Test
    void streamed_calls_are_complete_on_the_schedule_and_their_results_get_the_text_answer() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule(), ToolRuns.TWO_CALLS)) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.openAiBaseUrl())) {
                GenerationRequest question = WeatherTools.question("q");
                List<ToolRuns.Turn> turns = ToolRuns.measure(provider, question, 10, 9);

                ToolRuns.assertOnSchedule(turns, 100.0, 140.0, 210.0);
                ToolRuns.Turn turn = turns.get(0);
                assertThat(turn.completion().finishReason()).isEqualTo(FinishReason.TOOL_CALL);
                assertThat(turn.calls().get(0).name()).isEqualTo("get_weather");
                assertThat(turn.calls().get(0).arguments()).isEqualTo("{\"city\":\"Paris\"}");
                assertThat(turn.calls().get(1).arguments()).isEqualTo("{\"timezone\":\"Europe/Paris\"}");
                assertThat(turn.calls())
                        .allSatisfy(c ->
                                assertThat(question.tools().check(c).valid()).isTrue());
                assertThat(turn.completion().tokens().output())
                        .as("one per event")
                        .isEqualTo(12);
                assertThat(turn.text()).isEmpty();

                ToolRuns.assertResultsGetTheText(provider, simulator, question, turn);
                assertThat(simulator.lastRequestBody())
                        .contains("\"tool_call_id\":\"" + turn.calls().get(1).id() + "\"");
            }
        }
    }

    @Test
    void tool_call_pieces_count_as_the_first_token_for_the_first_token_timeout() throws Exception {
        // Pieces from 100 ms, the call complete only at 500 ms, no content at all: a 300 ms first-token
        // limit is met by the first piece.
        SimulatedToolCalls slow = SimulatedToolCalls.of(
                SimulatedToolCalls.call("get_weather", "{\"city\":\"Llanfairpwllgwyngyll\",\"unit\":\"celsius\"}", 40));
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule(), slow)) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.openAiBaseUrl(), "first_token_timeout_ms", 300)) {
                for (int i = 0; i < 3; i++) {
                    ToolRuns.Turn t = ToolRuns.send(provider, WeatherTools.question("s" + i));

                    assertThat(t.completion().failure()).isNull();
                    assertThat(t.calls()).hasSize(1);
                    assertThat(t.firstOutputNanos())
                            .isLessThan(Duration.ofMillis(300).toNanos());
                    assertThat(t.callNanos().get(0))
                            .isGreaterThan(Duration.ofMillis(450).toNanos());
                }
            }
        }
    }

    @Test
    void without_streaming_the_calls_come_whole_when_the_response_does() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule(), ToolRuns.TWO_CALLS)) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.openAiBaseUrl(), "stream", false)) {
                ToolRuns.Turn t = ToolRuns.send(provider, WeatherTools.question("w"));

                assertThat(t.completion().finishReason()).isEqualTo(FinishReason.TOOL_CALL);
                assertThat(t.calls()).extracting(c -> c.name()).containsExactly("get_weather", "get_time");
                assertThat(t.callNanos())
                        .allSatisfy(n -> assertThat(n)
                                .isGreaterThan(Duration.ofMillis(209).toNanos()));
                assertThat(t.firstOutputNanos())
                        .isGreaterThan(Duration.ofMillis(209).toNanos());
                ToolRuns.assertResultsGetTheText(provider, simulator, WeatherTools.question("w"), t);
            }
        }
    }

    @Test
    void tool_choice_none_is_answered_with_text() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule(), ToolRuns.TWO_CALLS)) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.openAiBaseUrl())) {
                ToolRuns.Turn t = ToolRuns.send(
                        provider, WeatherTools.question("n").withTools(WeatherTools.both(ToolChoice.of("none"))));

                assertThat(t.calls()).isEmpty();
                assertThat(t.text()).isEqualTo(String.join("", simulator.expectedTokens(16)));
            }
        }
    }
}
