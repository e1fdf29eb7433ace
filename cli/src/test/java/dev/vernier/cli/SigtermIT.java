package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.testkit.Fault;
import dev.vernier.testkit.FaultDialect;
import dev.vernier.testkit.FaultPlan;
import dev.vernier.testkit.FaultServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Ctrl-C, a CI timeout or {@code kill} send) in the middle of a run: the process stops
 * within seconds, records what was in flight as cancelled, closes the journal, writes reports that say
 * the run is incomplete, and its last line says how to resume.
 */
@Timeout(120)
class SigtermIT {

    @TempDir
    Path tmp;

    @Test
    void sigterm_stops_the_run_cleanly_with_reports_and_how_to_resume() throws Exception {
        try (FaultServer server =
                new FaultServer(FaultDialect.OPENAI, FaultPlan.always(Fault.NONE), Duration.ofMillis(60))) {
            StringBuilder yaml = FaultSuites.head("sigterm", "Stop request", 30)
                    .append("concurrency: 2\ntimeout_ms: 5000\nproviders:\n")
                    .append(FaultSuites.provider(
                            FaultDialect.OPENAI, "stoppable", server.baseUrl(), "NO_KEY_NEEDED", 0));
            Path suite = FaultSuites.write(tmp.resolve("sigterm.yaml"), yaml);
            Path runs = tmp.resolve("runs");
            Path log = tmp.resolve("child.log");
            Process child = KillResumeIT.runCommand(suite, runs, log).start();
            Path dir = KillResumeIT.awaitJournalLines(child, runs, 4);
            long stopAt = System.nanoTime();

            child.destroy(); // SIGTERM

            assertThat(child.waitFor(30, TimeUnit.SECONDS))
                    .as("stopped after SIGTERM")
                    .isTrue();
            assertThat(System.nanoTime() - stopAt).isLessThan(TimeUnit.SECONDS.toNanos(20));
            String output = Files.readString(log);
            assertThat(output)
                    .contains("vernier: stopped: interrupted by a signal")
                    .contains("resume with: vernier run --resume " + dir);
            List<JsonNode> journal = RunDirChecks.journal(dir, false);
            assertThat(journal).hasSizeLessThan(30);
            assertThat(journal)
                    .anySatisfy(s ->
                            assertThat(s.path("failure").path("kind").asText()).isEqualTo("CANCELLED"));
            assertThat(RunDirChecks.JSON
                            .readTree(dir.resolve("run.json").toFile())
                            .path("status")
                            .asText())
                    .isEqualTo("stopped");
            assertThat(Files.readString(dir.resolve("index.html"))).contains("incomplete: ");
            assertThat(Files.readAllLines(dir.resolve("summary.csv")).get(0)).startsWith("# incomplete: ");
        }
    }
}
