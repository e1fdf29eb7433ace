package dev.vernier.provider.gemini;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.ToolCallRuns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end against the simulator reasoning with tools: the first of its parallel calls carries a
 * thought signature, and it refuses (400) the request carrying the results unless that signature is back
 * on the first function call, as Gemini 3 does. The provider's replay state is what makes the loop
 * finish.
 */
class GeminiThinkingToolLoopTest {

    @Test
    void a_thinking_tool_loop_finishes_with_the_replayed_signature_and_is_refused_without_it() throws Exception {
        ToolCallRuns.assertThinkingLoopNeedsReplayState(
                simulator -> new GeminiProviderFactory()
                        .create(new ProviderConfig(
                                "gemini",
                                null,
                                Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                                Path.of("."),
                                Map.of("GEMINI_API_KEY", "AIza-sim-0123456789")::get)),
                "missing its thought_signature");
    }
}
