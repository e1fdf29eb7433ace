package dev.vernier.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.cost.ApiCost;
import dev.vernier.core.cost.ModelPrice;
import dev.vernier.core.run.Sample;
import dev.vernier.testkit.SimulatedReasoning;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TimedRuns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * End to end through the runner against the simulator's Gemini dialect: 100 ms to the first event,
 * 10 ms between events, 20 thinking tokens then 16 answer tokens. Thought summaries (5 events over the
 * 20 thinking slots): TTFT is the first summary, the answer starts 20 slots later, TPOT and decode speed
 * are over the answer only, since the summary's size is unknown. Hidden thinking: billed, so the cost
 * rises, but TPOT and decode speed stay those of the answer. Medians of 9 requests after 10 warm-ups.
 */
class GeminiReasoningTimingTest {

    private static final ModelPrice PRICE =
            new ModelPrice("sim-model", "gemini", List.of(), "USD", 1.25, null, 10.0, "test", null, "");

    private static List<Sample> run(SimulatedReasoning reasoning, Reasoning settings) throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule(), reasoning)) {
            simulator.start();
            try (Provider provider = new GeminiProviderFactory()
                    .create(new ProviderConfig(
                            "gemini",
                            null,
                            Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                            Path.of("."),
                            Map.of("GEMINI_API_KEY", "AIza-sim-0123456789")::get,
                            null,
                            null,
                            settings,
                            null))) {
                List<Sample> measured = TimedRuns.measure(provider, 10, 9);
                assertThat(measured)
                        .hasSize(9)
                        .allSatisfy(s -> assertThat(s.failure()).isNull());
                return measured;
            }
        }
    }

    @Test
    void thought_summaries_time_ttft_and_the_first_answer_and_tpot_covers_the_answer_only() throws Exception {
        List<Sample> s = run(SimulatedReasoning.summary(20, 5), new Reasoning(null, 1024, true));

        assertThat(s).allSatisfy(x -> {
            assertThat(x.reasoningNanos()).hasSize(5);
            assertThat(x.answerOnlyTiming()).isTrue();
            assertThat(x.hiddenReasoningTokens()).isEqualTo(20);
            assertThat(x.outputTokens()).isEqualTo(16);
        });
        TimedRuns.assertOnSchedule(s, 100.0, 300.0, 10.0);
    }

    @Test
    void hidden_thinking_changes_the_cost_but_not_tpot_or_decode_speed() throws Exception {
        List<Sample> plain = run(SimulatedReasoning.NONE, null);
        List<Sample> hidden = run(SimulatedReasoning.hidden(20), new Reasoning(null, 1024, null));

        assertThat(hidden).allSatisfy(x -> {
            assertThat(x.reasoningNanos()).isEmpty();
            assertThat(x.tokens().reasoning()).isEqualTo(20);
            assertThat(x.outputTokens()).isEqualTo(16);
        });
        TimedRuns.assertOnSchedule(hidden, 300.0, 300.0, 10.0);
        assertThat(TimedRuns.medianMs(hidden, Sample::tpotNanos))
                .isCloseTo(TimedRuns.medianMs(plain, Sample::tpotNanos), within(1.0));
        assertThat(TimedRuns.median(hidden, Sample::decodeTokensPerSecond))
                .isCloseTo(TimedRuns.median(plain, Sample::decodeTokensPerSecond), within(10.0));
        double extra = ApiCost.of(hidden.get(0).tokens(), PRICE).getAsDouble()
                - ApiCost.of(plain.get(0).tokens(), PRICE).getAsDouble();
        assertThat(extra).as("20 thinking tokens at the output price").isCloseTo(20 * 10.0 / 1e6, within(1e-12));
    }
}
