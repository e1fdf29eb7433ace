package dev.vernier.provider.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.run.Sample;
import dev.vernier.testkit.SimulatedReasoning;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TimedRuns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end through the runner against the simulator's Ollama dialect, which thinks 20 tokens
 * ({@code message.thinking} lines) before 16 answer tokens, 100 ms to the first line and 10 ms between
 * lines: TTFT is the first thinking line, the first answer comes 20 lines later, and TPOT spans both.
 * Medians of 9 requests after 10 warm-ups, within 1 ms of the schedule.
 */
class OllamaReasoningTimingTest {

    @Test
    void thinking_lines_are_timed_so_ttft_first_answer_and_tpot_follow_the_schedule() throws Exception {
        List<Sample> s;
        try (StreamingSimulator simulator =
                new StreamingSimulator(TimedRuns.reasoningSchedule(), SimulatedReasoning.streamed(20))) {
            simulator.start();
            try (Provider provider = thinking(simulator, Map.of())) {
                s = TimedRuns.measure(provider, 10, 9);
            }
            assertThat(simulator.lastRequestBody()).contains("\"think\":true");
        }

        assertThat(s).hasSize(9).allSatisfy(x -> {
            assertThat(x.failure()).isNull();
            assertThat(x.reasoningNanos()).hasSize(20);
            assertThat(x.visibleReasoningTokens()).isEqualTo(20);
            assertThat(x.answerTokens()).isEqualTo(16);
            assertThat(x.hiddenReasoningTokens()).isZero();
        });
        TimedRuns.assertOnSchedule(s, 100.0, 300.0, 10.0);
    }

    @Test
    void streamed_thinking_counts_as_the_first_token_for_the_first_token_timeout() throws Exception {
        // Thinking from 100 ms, the answer from 500 ms: a 300 ms first-token limit is met by the thinking.
        try (StreamingSimulator simulator =
                new StreamingSimulator(TimedRuns.reasoningSchedule(), SimulatedReasoning.streamed(40))) {
            simulator.start();
            try (Provider provider = thinking(simulator, Map.of("first_token_timeout_ms", 300))) {
                List<Sample> s = TimedRuns.measure(provider, 1, 3);

                assertThat(s).hasSize(3).allSatisfy(x -> {
                    assertThat(x.failure()).isNull();
                    assertThat(x.reasoningNanos()).hasSize(40);
                    assertThat(x.firstAnswerNanos())
                            .isGreaterThan(Duration.ofMillis(300).toNanos());
                });
            }
        }
    }

    /** An Ollama provider of the simulator with {@code reasoning: {}} (think: true) and the extra options. */
    private static Provider thinking(StreamingSimulator simulator, Map<String, Object> extra) throws Exception {
        Map<String, Object> options = new HashMap<>(extra);
        options.put("model", "sim-model");
        options.put("base_url", simulator.baseUrl());
        return new OllamaProviderFactory()
                .create(new ProviderConfig(
                        "ollama",
                        null,
                        options,
                        Path.of("."),
                        k -> null,
                        null,
                        null,
                        new Reasoning(null, null, null),
                        null));
    }
}
