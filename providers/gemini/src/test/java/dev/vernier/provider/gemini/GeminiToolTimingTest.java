package dev.vernier.provider.gemini;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.ToolCallRuns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end against the simulator's Gemini tool-call mode (100 ms to slot 0, 10 ms a slot): each
 * {@code functionCall} arrives whole when its last piece is due, 120 ms and 140 ms, so the first output
 * is the first call; a second request with the results gets the text answer.
 */
class GeminiToolTimingTest {

    @Test
    void whole_function_calls_arrive_on_the_schedule_and_the_results_get_the_answer() throws Exception {
        ToolCallRuns.assertCallsOnSchedule(
                ToolCallRuns.run(simulator -> new GeminiProviderFactory()
                        .create(new ProviderConfig(
                                "gemini",
                                null,
                                Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                                Path.of("."),
                                Map.of("GEMINI_API_KEY", "AIza-sim-0123456789")::get))),
                120.0);
    }
}
