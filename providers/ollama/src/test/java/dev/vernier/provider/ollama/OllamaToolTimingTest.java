package dev.vernier.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ToolCall;
import dev.vernier.testkit.SimulatedToolCalls;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TimedRuns;
import dev.vernier.testkit.ToolRuns;
import dev.vernier.testkit.WeatherTools;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end against the simulator's Ollama tool mode, 100 ms to the first event and 10 ms between events:
 * two calls, {@code get_weather} (events 0-4) and {@code get_time} (events 5-11), each sent whole in its own
 * line when its last event is due. The first call is the first output and complete at 140 ms, the second
 * at 210 ms (medians of 9 requests after 10 warm-ups, within 1 ms); the calls get made-up ids in answer
 * order, and the loop's second request, carrying the calls and their results, gets the text answer.
 */
class OllamaToolTimingTest {

    @Test
    void whole_calls_are_complete_on_the_schedule_and_their_results_get_the_text_answer() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule(), ToolRuns.TWO_CALLS)) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.baseUrl())) {
                GenerationRequest question = WeatherTools.question("q");
                List<ToolRuns.Turn> turns = ToolRuns.measure(provider, question, 10, 9);

                ToolRuns.assertOnSchedule(turns, 140.0, 140.0, 210.0);
                ToolRuns.Turn turn = turns.get(0);
                assertThat(turn.completion().finishReason()).isEqualTo(FinishReason.TOOL_CALL);
                assertThat(turn.calls())
                        .containsExactly(
                                new ToolCall("call_0", "get_weather", "{\"city\":\"Paris\"}"),
                                new ToolCall("call_1", "get_time", "{\"timezone\":\"Europe/Paris\"}"));
                assertThat(turn.completion().tokens().output()).as("eval_count").isEqualTo(12);

                ToolRuns.assertResultsGetTheText(provider, simulator, question, turn);
                assertThat(simulator.lastRequestBody())
                        .contains("\"tool_name\":\"get_time\"")
                        .contains("\"arguments\":{\"timezone\":\"Europe/Paris\"}");
            }
        }
    }

    @Test
    void a_whole_call_counts_as_the_first_token_for_the_first_token_timeout() throws Exception {
        // The first call at 140 ms, the second only at 500 ms, no content at all: a 300 ms first-token
        // limit is met by the first call.
        SimulatedToolCalls slow = SimulatedToolCalls.of(
                SimulatedToolCalls.call("get_weather", "{\"city\":\"Oslo\"}", 4),
                SimulatedToolCalls.call("get_weather", "{\"city\":\"Llanfairpwllgwyngyll\",\"unit\":\"celsius\"}", 35));
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule(), slow)) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.baseUrl(), "first_token_timeout_ms", 300)) {
                for (int i = 0; i < 3; i++) {
                    ToolRuns.Turn t = ToolRuns.send(provider, WeatherTools.question("s" + i));

                    assertThat(t.completion().failure()).isNull();
                    assertThat(t.calls()).hasSize(2);
                    assertThat(t.firstOutputNanos())
                            .isLessThan(Duration.ofMillis(300).toNanos());
                    assertThat(t.callNanos().get(1))
                            .isGreaterThan(Duration.ofMillis(450).toNanos());
                }
            }
        }
    }
}
