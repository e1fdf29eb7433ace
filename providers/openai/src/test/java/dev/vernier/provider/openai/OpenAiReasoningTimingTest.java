package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.Provider;
import dev.vernier.core.cost.ApiCost;
import dev.vernier.core.cost.ModelPrice;
import dev.vernier.core.run.Sample;
import dev.vernier.testkit.SimulatedReasoning;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TimedRuns;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end through the runner against the simulator's OpenAI dialect: 100 ms to the first event,
 * 10 ms between events, 20 reasoning tokens then 16 answer tokens. Streamed reasoning: TTFT is the
 * first reasoning delta, time to first answer follows 20 slots later, TPOT spans both kinds. Hidden
 * reasoning: billed (so the cost rises) but never in TPOT or decode speed. Medians of 9 requests
 * after 10 warm-ups, within 1 ms of the schedule.
 */
class OpenAiReasoningTimingTest {

    private static final ModelPrice PRICE =
            new ModelPrice("sim-model", "openai", List.of(), "USD", 1.0, null, 8.0, "test", null, "");

    private static List<Sample> run(SimulatedReasoning reasoning) throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(TimedRuns.reasoningSchedule(), reasoning)) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.openAiBaseUrl())) {
                List<Sample> measured = TimedRuns.measure(provider, 10, 9);
                assertThat(measured)
                        .hasSize(9)
                        .allSatisfy(s -> assertThat(s.failure()).isNull());
                return measured;
            }
        }
    }

    @Test
    void streamed_reasoning_content_times_ttft_first_answer_and_tpot_on_the_schedule() throws Exception {
        List<Sample> s = run(SimulatedReasoning.streamed(20));

        assertThat(s).allSatisfy(x -> {
            assertThat(x.reasoningNanos()).hasSize(20);
            assertThat(x.chunkNanos()).hasSize(16);
            assertThat(x.visibleReasoningTokens()).isEqualTo(20);
            assertThat(x.hiddenReasoningTokens()).isZero();
            assertThat(x.outputTokens()).isEqualTo(36);
        });
        TimedRuns.assertOnSchedule(s, 100.0, 300.0, 10.0);
        assertThat(TimedRuns.medianMs(s, Sample::reasoningTimeNanos))
                .as("reasoning time")
                .isCloseTo(200.0, within(1.0));
    }

    @Test
    void hidden_reasoning_changes_the_cost_but_not_tpot_or_decode_speed() throws Exception {
        List<Sample> plain = run(SimulatedReasoning.NONE);
        List<Sample> hidden = run(SimulatedReasoning.hidden(20));

        assertThat(hidden).allSatisfy(x -> {
            assertThat(x.reasoningNanos()).isEmpty();
            assertThat(x.tokens().output()).isEqualTo(36);
            assertThat(x.hiddenReasoningTokens()).isEqualTo(20);
            assertThat(x.outputTokens()).isEqualTo(16);
        });
        // the answer waits for the hidden reasoning: TTFT and first answer are both 100 + 20 x 10 ms
        TimedRuns.assertOnSchedule(hidden, 300.0, 300.0, 10.0);
        assertThat(TimedRuns.medianMs(hidden, Sample::tpotNanos))
                .as("TPOT with hidden reasoning and without")
                .isCloseTo(TimedRuns.medianMs(plain, Sample::tpotNanos), within(1.0));
        assertThat(TimedRuns.median(hidden, Sample::decodeTokensPerSecond))
                .as("decode tok/s")
                .isCloseTo(TimedRuns.median(plain, Sample::decodeTokensPerSecond), within(10.0))
                .isCloseTo(100.0, within(10.0));
        double costPlain = ApiCost.of(plain.get(0).tokens(), PRICE).getAsDouble();
        double costHidden = ApiCost.of(hidden.get(0).tokens(), PRICE).getAsDouble();
        assertThat(costHidden - costPlain)
                .as("the 20 hidden tokens, billed as output")
                .isCloseTo(20 * 8.0 / 1e6, within(1e-12));
    }
}
