package dev.vernier.provider.anthropic;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.StructuredRuns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Structured output end to end against the simulator's Messages dialect ({@link StructuredRuns}). */
class AnthropicStructuredTimingTest {

    @Test
    void a_json_answer_is_timed_on_the_schedule_and_checked_against_the_schema() throws Exception {
        StructuredRuns.assertTimedAndChecked(simulator -> new AnthropicProviderFactory()
                .create(new ProviderConfig(
                        "anthropic",
                        null,
                        Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                        Path.of("."),
                        Map.of("ANTHROPIC_API_KEY", "sk-ant-sim-0123456789")::get)));
    }
}
