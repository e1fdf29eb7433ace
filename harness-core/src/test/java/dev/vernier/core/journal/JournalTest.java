package dev.vernier.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Score;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    private static Sample sample(int seq, Failure failure) {
        return Sample.builder()
                .seq(seq)
                .providerId("llamacpp:m")
                .caseId("case \"1\"")
                .promptId("p1")
                .repeat(0)
                .warmup(seq == 0)
                .startedAt(Instant.parse("2026-11-23T10:00:00.123456789Z"))
                .intendedNanos(5)
                .sendNanos(7)
                .chunkNanos(List.of(100L, 250L, 400L))
                .endNanos(420)
                .prompt("Say <hi>\nplease")
                .text("a,b \"c\"\n\u00e9\u4e2d")
                .finishReason(FinishReason.LENGTH)
                .tokens(new TokenCounts(12, 3, 2, -1, CountSource.SERVER_USAGE, CountSource.LOCAL_TOKENIZER))
                .failure(failure)
                .attempts(2)
                .providerStats(Map.of("eval_ms", 12.5))
                .build();
    }

    @Test
    void appends_one_flushed_line_per_sample_that_reads_back_equal() throws IOException {
        Path file = Files.createTempDirectory("journal").resolve("run/samples.jsonl");
        Sample ok = sample(0, null);
        Sample failed = sample(1, new Failure(FailureKind.RATE_LIMITED, 429, true, "slow down"))
                .withScores(List.of(new Score(
                        "not-contains",
                        false,
                        0,
                        2,
                        "found \"x\"",
                        Map.of("judge_reply", "PASS? no", "cost_usd", 0.25))));
        try (Journal journal = new Journal(file)) {
            journal.sampleCompleted(ok);
            // visible on disk before close: a crash after this point loses nothing
            assertThat(Files.readAllLines(file)).hasSize(1);
            journal.sampleCompleted(failed);
        }

        assertThat(Files.readAllLines(file)).hasSize(2);
        assertThat(Journal.read(file)).containsExactly(ok, failed);
    }

    @Test
    void writes_derived_metrics_next_to_the_raw_times() {
        String json = SampleJson.write(sample(0, null));
        assertThat(json)
                .contains(
                        "\"ttft_ms\":1.0E-4",
                        "\"e2e_ms\":4.0E-4",
                        "\"tpot_ms\":1.5E-4",
                        "\"output_source\":\"LOCAL_TOKENIZER\"");
    }

    @Test
    void skips_a_torn_last_line_but_names_a_bad_line_in_the_middle(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("samples.jsonl");
        String good = SampleJson.write(sample(0, null));
        Files.writeString(file, good + "\n" + good.substring(0, 40));
        assertThat(Journal.read(file)).hasSize(1);

        Files.writeString(file, good + "\n{\"oops\": 1}\n" + good + "\n");
        assertThatThrownBy(() -> Journal.read(file))
                .isInstanceOf(IOException.class)
                .hasMessage(file + ":2: not a sample object");
    }
}
