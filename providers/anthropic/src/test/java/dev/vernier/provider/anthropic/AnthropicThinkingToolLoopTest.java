package dev.vernier.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.ToolCallRuns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end against the simulator reasoning with tools: its tool-call answer opens with a signed
 * thinking block, and it refuses (400) the request carrying the results unless the calls' assistant
 * message starts with that block, as the Messages API does with thinking on. The provider's replay
 * state is what makes the loop finish.
 */
class AnthropicThinkingToolLoopTest {

    @Test
    void a_thinking_tool_loop_finishes_with_the_replayed_thinking_block_and_is_refused_without_it() throws Exception {
        RecordingSink calling = ToolCallRuns.assertThinkingLoopNeedsReplayState(
                simulator -> new AnthropicProviderFactory()
                        .create(new ProviderConfig(
                                "anthropic",
                                null,
                                Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                                Path.of("."),
                                Map.of("ANTHROPIC_API_KEY", "sk-ant-sim-0123456789")::get)),
                "must start with the thinking blocks");

        assertThat(calling.reasoningText())
                .as("the thinking streamed before the calls")
                .isNotEmpty();
    }
}
