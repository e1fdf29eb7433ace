package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vernier.core.journal.Journal;
import dev.vernier.core.run.Sample;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vernier run --resume} and a run whose disk fills up, as a user meets them. */
@Timeout(120)
class ResumeAndDiskFullTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int vernier(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path suite(int cases, String word) throws IOException {
        StringBuilder yaml = new StringBuilder("name: resumable\nprompts: [\"{{w}}\"]\ncases:\n");
        for (int i = 0; i < cases; i++) {
            yaml.append("  - {id: c")
                    .append(i)
                    .append(", vars: {w: \"")
                    .append(word)
                    .append("\"}}\n");
        }
        yaml.append("providers:\n  - type: echo\n");
        Path file = tmp.resolve("suite.yaml");
        Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static Path onlyRunDir(Path runs) throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            List<Path> all = dirs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    @Test
    void resume_completes_a_killed_run_sending_only_the_missing_requests() throws IOException {
        Path runs = tmp.resolve("runs");
        assertThat(vernier("run", suite(6, "hello there").toString(), "--out", runs.toString(), "--no-progress"))
                .isZero();
        Path dir = onlyRunDir(runs);
        // as if killed after 3 requests, the 4th half written and no end recorded
        List<String> lines = Files.readAllLines(dir.resolve("samples.jsonl"));
        Files.writeString(
                dir.resolve("samples.jsonl"),
                String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(3).substring(0, 30),
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("events.jsonl"),
                Files.readAllLines(dir.resolve("events.jsonl")).get(0) + "\n");
        out.getBuffer().setLength(0);

        assertThat(vernier("report", dir.toString(), "--format", "html")).isZero();
        assertThat(Files.readString(dir.resolve("index.html"))).contains("incomplete: 3 of 6 requests");

        int code = vernier("run", "--resume", dir.toString(), "--no-progress");

        assertThat(code).as(err.toString()).isZero();
        List<Sample> journal = Journal.read(dir.resolve("samples.jsonl"));
        assertThat(journal).hasSize(6);
        assertThat(journal).filteredOn(s -> s.runAttempt() == 2).hasSize(3);
        assertThat(journal).extracting(Sample::caseId).containsExactlyInAnyOrder("c0", "c1", "c2", "c3", "c4", "c5");
        assertThat(out.toString())
                .contains("resumed: complete after 2 attempts")
                .contains("Run directory: ");
        assertThat(Files.readString(dir.resolve("index.html"))).doesNotContain("incomplete:");
    }

    @Test
    void resume_takes_the_run_directory_alone() throws IOException {
        Path suite = suite(1, "hi");
        assertThat(vernier("run", suite.toString(), "--resume", tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("give a suite file to run, or --resume <run-dir>");
        err.getBuffer().setLength(0);
        assertThat(vernier("run", "--resume", tmp.toString(), "--repeats", "3")).isEqualTo(2);
        assertThat(err.toString()).contains("leave out --repeats and the load options");
    }

    /**
     * A real full disk: a 64 KiB tmpfs (needs root and mount; skipped where the machine allows neither).
     * The run stops at once with one message naming the journal and the cause, and the journal parses up
     * to its last complete line.
     */
    @Test
    void a_full_disk_stops_the_run_with_one_message_and_leaves_a_journal_that_parses() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()), "cannot mount a tmpfs");
        try {
            Path suite = suite(400, "word ".repeat(60));

            int code = vernier(
                    "run",
                    suite.toString(),
                    "--out",
                    mount.resolve("runs").toString(),
                    "--no-progress",
                    "--format",
                    "csv");

            assertThat(code).isEqualTo(RunCommand.STOPPED);
            String message = err.toString().strip();
            assertThat(message.lines()).hasSize(1);
            assertThat(message)
                    .startsWith("vernier: cannot write the journal ")
                    .contains("samples.jsonl")
                    .contains("No space left on device")
                    .contains("--resume");
            Path dir = onlyRunDir(mount.resolve("runs"));
            List<Sample> journaled = Journal.read(dir.resolve("samples.jsonl"));
            assertThat(journaled).isNotEmpty().hasSizeLessThan(400);
            assertThat(Files.readString(dir.resolve("samples.jsonl"))).endsWith("\n");
        } finally {
            run("umount", mount.toString());
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
