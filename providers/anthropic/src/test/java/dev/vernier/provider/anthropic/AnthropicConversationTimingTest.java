package dev.vernier.provider.anthropic;

import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.run.Sample;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TimedRuns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three-turn conversations on the Messages API through the real runner against the simulator (100 ms
 * to the first token, 10 ms apart, 16 tokens): each turn's median TTFT and TPOT are the schedule's, and
 * {@code usage.input_tokens} grows turn by turn. Medians over 9 conversations after 10 warm-up conversations (30 requests: the JIT compiles the streaming path).
 */
class AnthropicConversationTimingTest {

    @Test
    void every_turn_is_on_schedule_and_its_input_grows_with_the_history() throws Exception {
        List<Sample> turns;
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule())) {
            simulator.start();
            try (Provider provider = new AnthropicProviderFactory()
                    .create(new ProviderConfig(
                            "anthropic",
                            null,
                            Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                            Path.of("."),
                            Map.of("ANTHROPIC_API_KEY", "sk-ant-sim-0123456789")::get))) {
                turns = TimedRuns.measureConversations(provider, 10, 9);
            }
        }

        TimedRuns.assertConversationsOnSchedule(turns, 100.0, 10.0);
    }
}
