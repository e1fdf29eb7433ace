package dev.vernier.provider.gemini;

import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.StructuredRuns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Structured output end to end against the simulator's Gemini dialect ({@link StructuredRuns}). */
class GeminiStructuredTimingTest {

    @Test
    void a_json_answer_is_timed_on_the_schedule_and_checked_against_the_schema() throws Exception {
        StructuredRuns.assertTimedAndChecked(simulator -> new GeminiProviderFactory()
                .create(new ProviderConfig(
                        "gemini",
                        null,
                        Map.of("model", "sim-model", "base_url", simulator.baseUrl()),
                        Path.of("."),
                        Map.of("GEMINI_API_KEY", "AIza-sim-0123456789")::get)));
    }
}
