package dev.vernier.core.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Score;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFailureTest {

    @TempDir
    Path dir;

    private static Sample sample(int seq) {
        return Sample.builder()
                .seq(seq)
                .providerId("p")
                .caseId("c")
                .promptId("p1")
                .startedAt(Instant.parse("2026-12-01T00:00:00Z"))
                .text("answer " + seq)
                .build();
    }

    @Test
    void a_full_disk_leaves_the_journal_valid_up_to_its_last_complete_line_and_refuses_later_writes()
            throws IOException {
        Path file = dir.resolve("samples.jsonl");
        try (Journal journal = JournalTestAccess.failingAfter(file, 2)) {
            journal.sampleCompleted(sample(0));
            journal.sampleCompleted(sample(1));

            assertThatThrownBy(() -> journal.sampleCompleted(sample(2)))
                    .isInstanceOf(JournalException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("every sample up to its last complete line");
            assertThatThrownBy(() -> journal.sampleCompleted(sample(3))).isInstanceOf(JournalException.class);
            assertThat(journal.lines()).isEqualTo(2);
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        assertThat(Journal.read(file)).extracting(Sample::seq).containsExactly(0, 1);
    }

    @Test
    void reopening_a_journal_with_a_torn_last_line_cuts_it_off_before_appending() throws IOException {
        Path file = dir.resolve("samples.jsonl");
        try (Journal journal = new Journal(file)) {
            journal.sampleCompleted(sample(0));
        }
        Files.writeString(
                file,
                "{\"seq\":1,\"provider\":\"p\",\"te",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND); // a process killed mid-write

        try (Journal journal = new Journal(file)) {
            journal.sampleCompleted(sample(2));
        }

        assertThat(Journal.read(file)).extracting(Sample::seq).containsExactly(0, 2);
    }

    @Test
    void a_lone_surrogate_anywhere_in_a_sample_still_gives_a_valid_utf8_line_and_the_next_write_works()
            throws IOException {
        Path file = dir.resolve("samples.jsonl");
        Sample odd = sample(0).toBuilder()
                .scores(List.of(new Score("llm-judge", false, 0, 1, "judge said \ud83d", Map.of("reply", "\udc00x"))))
                .build();
        try (Journal journal = new Journal(file)) {
            journal.sampleCompleted(odd);
            journal.sampleCompleted(sample(1));
        }

        byte[] bytes = Files.readAllBytes(file);
        assertThat(StandardCharsets.UTF_8
                        .newDecoder()
                        .decode(ByteBuffer.wrap(bytes))
                        .toString())
                .contains("judge said \uFFFD");
        assertThat(Journal.read(file)).extracting(Sample::seq).containsExactly(0, 1);
    }

    @Test
    void events_go_to_their_own_file_so_the_samples_file_holds_one_line_per_request() throws IOException {
        Path file = dir.resolve("samples.jsonl");
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        try (Journal journal = new Journal(file)) {
            journal.event(JournalEvent.runStarted(1, at, 2));
            journal.sampleCompleted(sample(0));
            journal.event(JournalEvent.stepFinished(1, at, "p", 0, null));
            journal.event(JournalEvent.runEnded(1, at, JournalEvent.COMPLETE));
        }

        assertThat(Files.readAllLines(file)).hasSize(1);
        assertThat(Files.readAllLines(dir.resolve(Journal.EVENTS))).hasSize(3);
        Journal.Contents all = Journal.readAll(file);
        assertThat(all.samples()).extracting(Sample::seq).containsExactly(0);
        assertThat(all.events())
                .extracting(JournalEvent::type)
                .containsExactly(
                        JournalEvent.Type.RUN_STARTED, JournalEvent.Type.STEP_FINISHED, JournalEvent.Type.RUN_ENDED);
        assertThat(all.events().get(0).planned()).isEqualTo(2);
        assertThat(all.events().get(1).providerId()).isEqualTo("p");
        assertThat(all.events().get(2).reason()).isEqualTo(JournalEvent.COMPLETE);
        assertThat(all.tornLast()).isFalse();
    }
}
