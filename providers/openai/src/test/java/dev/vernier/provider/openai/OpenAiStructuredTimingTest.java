package dev.vernier.provider.openai;

import dev.vernier.testkit.StructuredRuns;
import org.junit.jupiter.api.Test;

/** Structured output end to end against the simulator's Chat Completions dialect ({@link StructuredRuns}). */
class OpenAiStructuredTimingTest {

    @Test
    void a_json_answer_is_timed_on_the_schedule_and_checked_against_the_schema() throws Exception {
        StructuredRuns.assertTimedAndChecked(simulator -> Providers.local(simulator.openAiBaseUrl()));
    }
}
