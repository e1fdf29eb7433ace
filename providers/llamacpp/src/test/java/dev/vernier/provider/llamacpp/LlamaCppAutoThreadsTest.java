package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.GenerationRequest;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** threads: auto with the real stories260K model on this machine. */
class LlamaCppAutoThreadsTest {

    @Test
    void the_default_measures_this_machines_candidates_and_runs_with_the_fastest() throws Exception {
        try (LlamaCppProvider provider = Stories.load(null)) {
            ThreadChoice choice = provider.threadChoice();

            assertThat(choice.auto()).isTrue();
            if (CpuTopology.threadCandidates(CpuTopology.physicalCores()).size() > 1) {
                assertThat(choice.candidates())
                        .extracting(ThreadChoice.Candidate::threads)
                        .containsExactlyElementsOf(CpuTopology.threadCandidates(CpuTopology.physicalCores()));
                assertThat(choice.candidates())
                        .allSatisfy(c -> assertThat(c.tokensPerSecond()).isPositive());
                assertThat(choice.threads())
                        .isEqualTo(choice.candidates().stream()
                                .max(Comparator.comparingDouble(ThreadChoice.Candidate::tokensPerSecond))
                                .orElseThrow()
                                .threads());
                assertThat(choice.probeMillis()).isPositive().isLessThan(provider.loadMillis());
            }
            assertThat(provider.describe().notes()).contains("in-process llama.cpp, " + choice.describe());
            assertThat(provider.describe().notes()).contains("1 slot (requests decoded one at a time)");

            Completion completion =
                    Stories.complete(provider, new GenerationRequest("auto", "Once upon a time", null, 0.0, 16, 1L));
            assertThat(completion.succeeded()).isTrue();
            assertThat(completion.tokens().output()).isEqualTo(16);
        }
    }

    @Test
    void id_slot_can_be_set_with_the_java_llama_cpp_on_the_classpath() {
        assertThat(SlotPinning.available()).isTrue();
        assertThat(SlotPinning.pin(new de.kherud.llama.InferenceParameters("x"), 3)
                        .toString())
                .contains("\"id_slot\": 3");
    }
}
