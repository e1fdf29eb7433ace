package dev.vernier.provider.anthropic;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.ToolCallRuns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end against the simulator's Anthropic tool-call mode (100 ms to slot 0, 10 ms a slot): the
 * first {@code tool_use} block starts at 100 ms (the first output), the calls are complete at their
 * block stops, 120 ms and 140 ms; a second request with the results gets the text answer.
 */
class AnthropicToolTimingTest {

    @Test
    void streamed_tool_use_blocks_complete_on_the_schedule_and_the_results_get_the_answer() throws Exception {
        ToolCallRuns.assertCallsOnSchedule(
                ToolCallRuns.run(simulator -> new AnthropicProviderFactory()
                        .create(new ProviderConfig(
                                "anthropic",
                                null,
                                Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                                Path.of("."),
                                Map.of("ANTHROPIC_API_KEY", "sk-ant-sim-0123456789")::get))),
                100.0);
    }
}
