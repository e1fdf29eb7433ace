package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.Provider;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.Sample;
import java.util.List;

/**
 * The end-to-end check of structured output shared by every HTTP provider's timing test: requests that
 * ask for {@link Schemas#person()} through the real runner against the {@link StreamingSimulator}, whose
 * JSON answer streams one token per event on the {@link TimedRuns#reasoningSchedule()} (100 ms to the
 * first token, 10 ms apart). A valid document is timed on the schedule and rated 1.0; a document that
 * breaks the schema is rated below 1 and keeps its raw text.
 */
public final class StructuredRuns {

    /** A JSON answer that parses but lacks the required {@code name}. */
    public static final List<String> WRONG_JSON = List.of("{\"", "age", "\":", " 3", "}");

    private StructuredRuns() {}

    /** Opens a provider of one type against a running simulator. */
    @FunctionalInterface
    public interface ProviderFor {
        Provider open(StreamingSimulator simulator) throws Exception;
    }

    /**
     * Warm-ups before the untimed run that opens {@link #assertTimedAndChecked}: each of these tests is
     * alone in its class, so it starts a fresh JVM, and on this 2-core machine TTFT came down to its
     * steady ~0.7 ms over the schedule only after about 40 requests (Gemini's path: 101.2 ms median after
     * 10 warm-ups, 101.0 after 29, 100.7 after 48, with or without a schema alike).
     */
    static final int FIRST_RUN_WARMUPS = 40;

    /** Runs 10 warm-ups and 9 measured requests asking for the schema, answered with {@code json}. */
    public static List<Sample> run(ProviderFor providers, List<String> json) throws Exception {
        return run(providers, json, 10);
    }

    private static List<Sample> run(ProviderFor providers, List<String> json, int warmups) throws Exception {
        SimulatorConfig config = TimedRuns.reasoningSchedule().withJsonTokenTexts(json);
        try (StreamingSimulator simulator = new StreamingSimulator(config)) {
            simulator.start();
            try (Provider provider = providers.open(simulator)) {
                List<Sample> measured = TimedRuns.measure(provider, warmups, 9, Schemas.person());
                assertThat(measured)
                        .hasSize(9)
                        .allSatisfy(s -> assertThat(s.failure()).isNull());
                return measured;
            }
        }
    }

    /**
     * Asserts the whole behaviour: the wrong document is rated 0 with its raw text and the schema's
     * complaint kept; the default JSON answer is valid (rate 1.0), streamed as 8 answer chunks, TTFT
     * 100 ms and E2E 170 ms within 1 ms (medians). The wrong document runs first, untimed and after
     * {@link #FIRST_RUN_WARMUPS} warm-ups, so the timed run starts in a warm JVM.
     */
    public static void assertTimedAndChecked(ProviderFor providers) throws Exception {
        List<Sample> wrong = run(providers, WRONG_JSON, FIRST_RUN_WARMUPS);
        assertThat(wrong).allSatisfy(s -> {
            assertThat(s.text()).isEqualTo("{\"age\": 3}");
            assertThat(s.schemaCheck().valid()).isFalse();
            assertThat(s.schemaCheck().problem()).contains("required property 'name' not found");
        });
        assertThat(Summary.of("p", wrong, 1).schemaValidRate()).isLessThan(1.0).isZero();

        List<Sample> valid = run(providers, SimulatorConfig.DEFAULT_JSON);
        assertThat(valid).allSatisfy(s -> {
            assertThat(s.text()).isEqualTo("{\"name\": \"the quick fox\"}");
            assertThat(s.chunkNanos()).hasSize(8);
            assertThat(s.schemaCheck()).isEqualTo(SchemaCheck.VALID);
        });
        assertThat(TimedRuns.medianMs(valid, Sample::ttftNanos))
                .as("TTFT, ns per request " + TimedRuns.values(valid, Sample::ttftNanos))
                .isCloseTo(100.0, within(1.0));
        assertThat(TimedRuns.medianMs(valid, Sample::e2eNanos))
                .as("E2E, ns per request " + TimedRuns.values(valid, Sample::e2eNanos))
                .isCloseTo(170.0, within(1.0));
        assertThat(Summary.of("p", valid, 1).schemaValidRate()).isEqualTo(1.0);
    }
}
