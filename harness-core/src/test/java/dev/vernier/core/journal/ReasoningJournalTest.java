package dev.vernier.core.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.Sample;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a run records about reasoning survives the journal and run.json, so reports rebuilt from them agree. */
class ReasoningJournalTest {

    @Test
    void visible_reasoning_count_and_its_source_round_trip_with_the_derived_split_written_for_readers()
            throws Exception {
        Sample s = Sample.builder()
                .providerId("ollama:qwen3")
                .startedAt(Instant.EPOCH)
                .reasoningNanos(List.of(1_000_000L, 2_000_000L))
                .chunkNanos(List.of(3_000_000L))
                .reasoningText("let me think")
                .text("4")
                .tokens(new TokenCounts(5, 3, -1, -1, CountSource.PROVIDER_NATIVE, CountSource.PROVIDER_NATIVE)
                        .withVisibleReasoning(2, CountSource.CHUNK_COUNT))
                .build();

        String line = SampleJson.write(s);
        Sample back = SampleJson.read(line);

        assertThat(back.tokens()).isEqualTo(s.tokens());
        assertThat(back.answerTokens()).isEqualTo(1);
        var tree = new ObjectMapper().readTree(line);
        assertThat(tree.path("tokens").path("answer_derived").asLong()).isEqualTo(1);
        assertThat(tree.path("tokens").path("hidden_reasoning_derived").asLong())
                .isZero();
        assertThat(tree.path("reasoning_ms").asDouble()).isEqualTo(2.0);
    }

    @Test
    void a_providers_reasoning_settings_and_sweep_group_round_trip() {
        ProviderRun p = new ProviderRun(
                "openai:gpt-5-mini@low",
                AccessMode.PROPRIETARY_API,
                null,
                -1,
                null,
                5,
                1,
                null,
                null,
                new Reasoning(Reasoning.Effort.LOW, null, false),
                "openai:gpt-5-mini");
        ObjectNode o = new ObjectMapper().createObjectNode();

        RunJson.putProvider(o, p);

        assertThat(RunJson.provider(o)).isEqualTo(p);
    }
}
