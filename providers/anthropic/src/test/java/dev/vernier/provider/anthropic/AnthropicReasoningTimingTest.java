package dev.vernier.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.run.Sample;
import dev.vernier.testkit.SimulatedReasoning;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TimedRuns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end through the runner against the simulator's Anthropic dialect: a thinking block of 5
 * summarized thinking deltas over 20 thinking slots, then 16 answer tokens, 100 ms to the first event
 * and 10 ms between events. TTFT is the first thinking delta and the answer starts 20 slots later. The
 * API bills the full thinking inside {@code output_tokens} with no count of its own, so answer tokens,
 * and with them TPOT and decode speed, are unknown: they stay empty rather than dividing the thinking
 * tokens by the answer's time (the 2,500 tokens/s of the issue). Medians of 9 requests after 10 warm-ups.
 */
class AnthropicReasoningTimingTest {

    @Test
    void summarized_thinking_times_ttft_and_the_first_answer_and_leaves_tpot_unknown() throws Exception {
        List<Sample> s;
        try (StreamingSimulator simulator =
                new StreamingSimulator(TimedRuns.reasoningSchedule(), SimulatedReasoning.summary(20, 5))) {
            simulator.start();
            try (Provider provider = new AnthropicProviderFactory()
                    .create(new ProviderConfig(
                            "anthropic",
                            null,
                            Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                            Path.of("."),
                            Map.of("ANTHROPIC_API_KEY", "sk-ant-sim-0123456789")::get,
                            null,
                            null,
                            new Reasoning(null, 1024, null),
                            null))) {
                s = TimedRuns.measure(provider, 10, 9);
            }
        }

        assertThat(s).hasSize(9).allSatisfy(x -> {
            assertThat(x.failure()).isNull();
            assertThat(x.reasoningNanos()).hasSize(5);
            assertThat(x.chunkNanos()).hasSize(16);
            assertThat(x.tokens().output()).isEqualTo(36);
            assertThat(x.hiddenReasoningTokens()).isEqualTo(-1);
            assertThat(x.decodeTokensPerSecond()).isEqualTo(-1);
        });
        TimedRuns.assertOnSchedule(s, 100.0, 300.0, Double.NaN);
        assertThat(TimedRuns.medianMs(s, Sample::answerTimeNanos))
                .as("answer time")
                .isCloseTo(150.0, within(1.0));
    }
}
