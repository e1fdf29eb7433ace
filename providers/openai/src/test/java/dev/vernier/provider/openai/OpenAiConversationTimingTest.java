package dev.vernier.provider.openai;

import dev.vernier.core.api.Provider;
import dev.vernier.core.run.Sample;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TimedRuns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three-turn conversations through the real runner against the simulator (100 ms to the first token,
 * 10 ms between tokens, 16 tokens): every turn is timed from its own send, so each turn's median TTFT
 * and TPOT are the schedule's, while the prompt tokens the server reports grow turn by turn with the
 * history. Medians over 9 conversations after 10 warm-up conversations (30 requests: the JIT compiles the streaming path).
 */
class OpenAiConversationTimingTest {

    @Test
    void every_turn_is_on_schedule_and_its_input_grows_with_the_history() throws Exception {
        List<Sample> turns;
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule())) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.openAiBaseUrl())) {
                turns = TimedRuns.measureConversations(provider, 10, 9);
            }
        }

        TimedRuns.assertConversationsOnSchedule(turns, 100.0, 10.0);
    }
}
