package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.testkit.Fault;
import dev.vernier.testkit.FaultDialect;
import dev.vernier.testkit.FaultPlan;
import dev.vernier.testkit.FaultServer;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of a run, then {@code vernier run --resume RUN_DIR}: the journal the
 * killed process left parses (a torn last line allowed), and after the resume every planned request
 * has exactly one sample, none sent twice but those in flight at the kill, and the reports say the run
 * was resumed (the banner of index.html, summary.md and junit.xml; {@code completeness} in result.json;
 * {@code run_attempt} on the samples, absent for the first attempt). The run to kill is the shaded jar in a child process ({@code vernier.cli.jar}).
 */
@Timeout(120)
class KillResumeIT {

    private static final String KEY = "vk-resume-0e4d8c2b9a71f356";
    private static final String KEY_ENV = "VERNIER_RESUME_KEY";
    private static final int REQUESTS = 20;
    private static final int CONCURRENCY = 2;
    /** Journal lines to wait for before the kill. */
    private static final int KILL_AFTER = 5;

    @TempDir
    Path tmp;

    @Test
    void a_run_killed_with_sigkill_resumes_to_exactly_one_sample_per_planned_request() throws Exception {
        // each stream takes about 5 x 60 ms, so the kill lands with requests in flight
        try (FaultServer server =
                new FaultServer(FaultDialect.OPENAI, FaultPlan.always(Fault.NONE), Duration.ofMillis(60))) {
            Path suite = suite(server.baseUrl());
            Path runs = tmp.resolve("runs");
            ProcessBuilder launch = runCommand(suite, runs, tmp.resolve("child.log"));
            launch.environment().put(KEY_ENV, KEY);
            Process child = launch.start();
            Path dir = awaitJournalLines(child, runs, KILL_AFTER);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

            List<JsonNode> before = RunDirChecks.journal(dir, true);
            assertThat(before.size()).isBetween(KILL_AFTER, REQUESTS - 1);
            long sentBefore = server.chatRequests();

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = FaultSuites.vernier(
                    out, err, Map.of(KEY_ENV, KEY), "run", "--resume", dir.toString(), "--no-progress");

            assertThat(code).as(err.toString()).isZero();
            List<JsonNode> after = RunDirChecks.journal(dir, false);
            Set<String> planned = new HashSet<>();
            for (JsonNode sample : after) {
                String id = sample.path("case").asText() + "/"
                        + sample.path("prompt_id").asText() + "/"
                        + sample.path("repeat").asInt() + "/"
                        + sample.path("step").asInt(0);
                assertThat(planned.add(id)).as("one sample for %s", id).isTrue();
                assertThat(sample.path("failure").isNull())
                        .as("%s succeeded", id)
                        .isTrue();
            }
            assertThat(planned).hasSize(REQUESTS);
            // only what was in flight at the kill is sent again
            assertThat(server.chatRequests() - sentBefore)
                    .isBetween((long) REQUESTS - before.size(), (long) REQUESTS - before.size() + CONCURRENCY);
            for (String report : List.of("index.html", "summary.md", "junit.xml")) {
                assertThat(Files.readString(dir.resolve(report)).toLowerCase(Locale.ROOT))
                        .as("%s says the run was resumed", report)
                        .contains("resumed");
            }
            JsonNode completeness = RunDirChecks.JSON
                    .readTree(dir.resolve("result.json").toFile())
                    .path("completeness");
            assertThat(completeness.path("complete").asBoolean())
                    .as("result.json %s", completeness)
                    .isTrue();
            assertThat(completeness.path("attempts").asInt())
                    .as("result.json %s", completeness)
                    .isEqualTo(2);
            // which samples came from which attempt (absent: the first)
            assertThat(after.stream().filter(s -> s.path("run_attempt").asInt(1) == 1))
                    .hasSize(before.size());
            assertThat(after.stream().filter(s -> s.path("run_attempt").asInt(1) == 2))
                    .hasSize(REQUESTS - before.size());
            SoftAssertions soft = new SoftAssertions();
            RunDirChecks.assertNoFileContains(soft, dir, KEY);
            soft.assertAll();
        }
    }

    /** {@code vernier run SUITE --out RUNS --no-progress} in a JVM of its own, its output into {@code log}. */
    static ProcessBuilder runCommand(Path suite, Path runs, Path log) {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        System.getProperty("vernier.cli.jar", "target/vernier-cli.jar"),
                        "run",
                        suite.toString(),
                        "--out",
                        runs.toString(),
                        "--no-progress")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
    }

    /** Waits for the child's run directory to hold at least {@code lines} complete journal lines. */
    static Path awaitJournalLines(Process child, Path runs, int lines) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("the run ended before it was killed").isTrue();
            if (Files.isDirectory(runs)) {
                try (Stream<Path> dirs = Files.list(runs)) {
                    for (Path dir : dirs.toList()) {
                        Path journal = dir.resolve("samples.jsonl");
                        if (Files.exists(journal)
                                && Files.readString(journal, StandardCharsets.UTF_8)
                                                .chars()
                                                .filter(c -> c == '\n')
                                                .count()
                                        >= lines) {
                            return dir;
                        }
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("no " + lines + " journal lines within 60 s");
    }

    private Path suite(String baseUrl) throws IOException {
        StringBuilder yaml = FaultSuites.head("resume", "Resume request", REQUESTS)
                .append("concurrency: ")
                .append(CONCURRENCY)
                .append("\ntimeout_ms: 5000\nproviders:\n")
                .append(FaultSuites.provider(FaultDialect.OPENAI, "resumable", baseUrl, KEY_ENV, 0));
        return FaultSuites.write(tmp.resolve("resume.yaml"), yaml);
    }
}
