package dev.vernier.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.run.RequestKey;
import dev.vernier.core.run.Sample;
import dev.vernier.core.session.RunFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The one run-and-report path: fresh runs, stopped runs, resumed runs, as the front ends use it. */
@Timeout(60)
class RunPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-provider");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A provider answering "ok" after {@code millis}, counting what it was sent. */
    private class Slow implements Provider {
        final AtomicInteger calls = new AtomicInteger();
        private final long millis;

        Slow(long millis) {
            this.millis = millis;
        }

        @Override
        public String id() {
            return "slow";
        }

        @Override
        public AccessMode accessMode() {
            return AccessMode.IN_PROCESS;
        }

        @Override
        public ModelFacts describe() {
            return new ModelFacts("slow", true, "MIT", 1L, null, DataDestination.THIS_MACHINE, "test double");
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            calls.incrementAndGet();
            CompletableFuture<Completion> done = new CompletableFuture<>();
            timer.schedule(
                    () -> {
                        sink.onChunk("ok", 1);
                        done.complete(
                                Completion.success(FinishReason.STOP, TokenCounts.of(1, 1, CountSource.ESTIMATE)));
                    },
                    millis,
                    TimeUnit.MILLISECONDS);
            return done;
        }
    }

    private Path suite(int cases, int repeats) throws IOException {
        StringBuilder yaml = new StringBuilder("name: pipeline\nprompts: [\"hello {{who}}\"]\ncases:\n");
        for (int i = 0; i < cases; i++) {
            yaml.append("  - {id: c")
                    .append(i)
                    .append(", vars: {who: w")
                    .append(i)
                    .append("}}\n");
        }
        yaml.append("repeats: ").append(repeats).append("\n");
        Path file = tmp.resolve("suite.yaml");
        Files.writeString(file, yaml.toString());
        return file;
    }

    private RunRequest.Builder request(Path suite, Provider p) {
        return RunRequest.suite(suite)
                .outputDir(tmp.resolve("runs"))
                .formats(List.of("csv", "html", "json", "markdown", "junit"))
                .provider("slow", p);
    }

    private static List<Sample> journal(Path runDir) throws IOException {
        return Journal.read(runDir.resolve("samples.jsonl"));
    }

    private static JsonNode runJson(Path runDir) throws IOException {
        return JSON.readTree(Files.readString(runDir.resolve("run.json")));
    }

    private static Set<RequestKey> keys(List<Sample> samples) {
        return samples.stream()
                .filter(s -> !s.warmup() && !s.cancelled())
                .map(Sample::key)
                .collect(Collectors.toSet());
    }

    @Test
    void a_fresh_run_writes_its_journal_events_run_json_with_its_plan_and_every_report() throws Exception {
        Path suite = suite(2, 2);

        RunOutcome o = new RunPipeline(request(suite, new Slow(1)).build()).run(RunObserver.NONE);

        assertThat(o.status()).isEqualTo(RunOutcome.Status.MEASURED);
        assertThat(journal(o.runDir())).hasSize(4);
        assertThat(Files.readAllLines(o.runDir().resolve("events.jsonl")))
                .hasSize(3)
                .anySatisfy(
                        l -> assertThat(l).contains("\"event\":\"run_started\"").contains("\"planned\":4"))
                .anySatisfy(
                        l -> assertThat(l).contains("\"event\":\"run_ended\"").contains("\"reason\":\"complete\""));
        JsonNode run = runJson(o.runDir());
        assertThat(run.path("status").asText()).isEqualTo("complete");
        assertThat(run.path("plan").path("suite_path").asText())
                .isEqualTo(suite.toAbsolutePath().toString());
        assertThat(run.path("plan").path("suite_sha256").asText()).hasSize(64);
        assertThat(run.path("plan").path("planned_requests").asLong()).isEqualTo(4);
        assertThat(o.result().completeness().complete()).isTrue();
        assertThat(o.result().completeness().banner()).isNull();
        for (String f : List.of("samples.csv", "summary.csv", "index.html", "result.json", "summary.md", "junit.xml")) {
            assertThat(o.runDir().resolve(f)).isRegularFile();
        }
        assertThat(Files.readString(o.runDir().resolve("index.html"))).doesNotContain("incomplete:");
    }

    @Test
    void a_stopped_run_records_what_was_in_flight_as_cancelled_and_its_reports_say_it_is_incomplete() throws Exception {
        Slow slow = new Slow(150);
        RunPipeline pipeline = new RunPipeline(request(suite(10, 1), slow).build());
        timer.schedule(() -> pipeline.stop("interrupted by a signal (SIGINT or SIGTERM)"), 400, TimeUnit.MILLISECONDS);

        RunOutcome o = pipeline.run(RunObserver.NONE);

        assertThat(o.status()).isEqualTo(RunOutcome.Status.STOPPED);
        assertThat(o.message()).contains("resume with: vernier run --resume " + o.runDir());
        List<Sample> journaled = journal(o.runDir());
        assertThat(journaled).hasSize(slow.calls.get()); // one line per request sent, the cancelled one included
        assertThat(journaled).filteredOn(Sample::cancelled).hasSize(1);
        long done = journaled.stream().filter(s -> !s.cancelled()).count();
        assertThat(done).isBetween(1L, 9L);
        assertThat(runJson(o.runDir()).path("status").asText()).isEqualTo("stopped");
        String banner = "incomplete: " + done + " of 10 requests (interrupted by a signal (SIGINT or SIGTERM))";
        assertThat(o.result().completeness().banner()).startsWith(banner);
        assertThat(Files.readString(o.runDir().resolve("index.html"))).contains(banner);
        assertThat(Files.readString(o.runDir().resolve("summary.md"))).contains(banner);
        assertThat(Files.readString(o.runDir().resolve("result.json"))).contains(banner);
        assertThat(Files.readString(o.runDir().resolve("junit.xml"))).contains(banner);
        assertThat(Files.readAllLines(o.runDir().resolve("summary.csv")).get(0)).startsWith("# " + banner);
        // a cancelled request is not the provider's failure
        assertThat(o.result().summaries().get("slow").failures()).isZero();
        assertThat(o.result().summaries().get("slow").requests()).isEqualTo(done);
    }

    @Test
    void resuming_a_stopped_run_sends_only_what_is_missing_and_the_reports_cover_both_attempts() throws Exception {
        Path suite = suite(6, 2);
        Slow first = new Slow(100);
        RunPipeline pipeline = new RunPipeline(request(suite, first).build());
        timer.schedule(() -> pipeline.stop("stopped for the test"), 350, TimeUnit.MILLISECONDS);
        Path dir = pipeline.run(RunObserver.NONE).runDir();
        Set<RequestKey> before = keys(journal(dir));
        assertThat(before).isNotEmpty().hasSizeLessThan(12);

        Slow second = new Slow(1);
        RunOutcome o = new RunPipeline(RunRequest.resume(dir)
                        .provider("slow", second)
                        .formats(List.of("csv", "html"))
                        .build())
                .run(RunObserver.NONE);

        assertThat(o.status()).isEqualTo(RunOutcome.Status.MEASURED);
        assertThat(o.attempt()).isEqualTo(2);
        assertThat(second.calls.get()).isEqualTo(12 - before.size());
        List<Sample> counted = o.result().samples().stream()
                .filter(s -> !s.warmup() && !s.cancelled())
                .toList();
        assertThat(counted).hasSize(12);
        assertThat(keys(counted)).hasSize(12);
        assertThat(o.result().samples()).noneMatch(Sample::cancelled); // the cancelled one was sent again
        assertThat(counted).filteredOn(s -> s.runAttempt() == 2).hasSize(12 - before.size());
        assertThat(o.result().completeness().attempts()).isEqualTo(2);
        assertThat(o.result().completeness().banner()).startsWith("resumed: complete after 2 attempts");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("resumed: complete after 2 attempts");
        assertThat(Files.readAllLines(dir.resolve("samples.csv")).get(0)).contains("run_attempt");
        assertThat(runJson(dir).path("status").asText()).isEqualTo("complete");
    }

    @Test
    void a_killed_run_with_a_torn_last_line_is_reported_as_incomplete_and_resumes() throws Exception {
        Path suite = suite(4, 1);
        Path dir = new RunPipeline(request(suite, new Slow(1)).build())
                .run(RunObserver.NONE)
                .runDir();
        // make it look killed after two requests: keep two lines and half of a third, no end event
        List<String> lines = Files.readAllLines(dir.resolve("samples.jsonl"));
        Files.writeString(
                dir.resolve("samples.jsonl"),
                lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 40),
                StandardCharsets.UTF_8);
        List<String> events = Files.readAllLines(dir.resolve("events.jsonl"));
        Files.writeString(dir.resolve("events.jsonl"), events.get(0) + "\n", StandardCharsets.UTF_8);

        assertThat(RunFiles.read(dir).completeness().banner())
                .startsWith("incomplete: 2 of 4 requests (its process ended without recording an end");

        Slow second = new Slow(1);
        RunOutcome o =
                new RunPipeline(RunRequest.resume(dir).provider("slow", second).build()).run(RunObserver.NONE);

        assertThat(second.calls.get()).isEqualTo(2);
        assertThat(journal(dir)).hasSize(4);
        assertThat(o.result().completeness().complete()).isTrue();
    }

    @Test
    void harness_warm_ups_run_before_the_first_request_for_the_providers_they_apply_to_and_are_recorded()
            throws Exception {
        RecordingWarmup.BUDGETS.clear();
        RecordingWarmup.RAN_AT.clear();
        RecordingWarmup.PROVIDERS.clear();
        long[] firstRequest = {0};
        Slow warm = new Slow(1) {
            @Override
            public String id() {
                return "warm-provider";
            }

            @Override
            public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                if (firstRequest[0] == 0) {
                    firstRequest[0] = System.nanoTime();
                }
                return super.generate(request, sink);
            }
        };

        RunOutcome o = new RunPipeline(RunRequest.suite(suite(1, 1))
                        .outputDir(tmp.resolve("runs"))
                        .provider("warm-provider", warm)
                        .warmupBudget(Duration.ofMillis(50))
                        .build())
                .run(RunObserver.NONE);

        assertThat(RecordingWarmup.BUDGETS).containsExactly(Duration.ofMillis(50));
        assertThat(RecordingWarmup.PROVIDERS)
                .as("given the providers it applies to, to exercise their own code")
                .containsExactly(List.of("warm-provider"));
        assertThat(RecordingWarmup.RAN_AT.get(0)).isLessThan(firstRequest[0]);
        assertThat(o.result().environment()).containsEntry("harness_warmup.recording_ms", "7");

        RecordingWarmup.BUDGETS.clear();
        new RunPipeline(request(suite(1, 1), new Slow(1))
                        .warmupBudget(Duration.ofMillis(50))
                        .build())
                .run(RunObserver.NONE);
        assertThat(RecordingWarmup.BUDGETS).as("no provider it applies to").isEmpty();
    }

    @Test
    void resuming_refuses_a_suite_that_changed_since_the_run_started() throws Exception {
        Path suite = suite(2, 1);
        Path dir = new RunPipeline(request(suite, new Slow(1)).build())
                .run(RunObserver.NONE)
                .runDir();
        Files.writeString(suite, "\n# edited\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> new RunPipeline(RunRequest.resume(dir)
                                .provider("slow", new Slow(1))
                                .build())
                        .run(RunObserver.NONE))
                .isInstanceOf(RunException.class)
                .hasMessageContaining(suite.toAbsolutePath() + " changed since " + dir + " started")
                .hasMessageContaining("restore the suite, or start a new run");
    }

    @Test
    void resuming_a_directory_that_is_not_a_run_says_so() {
        assertThatThrownBy(() -> new RunPipeline(RunRequest.resume(tmp).build()).run(RunObserver.NONE))
                .isInstanceOf(RunException.class)
                .hasMessageContaining(tmp + " has no samples.jsonl");
    }

    @Test
    void a_suite_with_only_code_providers_needs_no_providers_block_and_an_unknown_format_fails_before_anything_runs()
            throws Exception {
        Path suite = suite(1, 1);
        assertThatThrownBy(() -> new RunPipeline(request(suite, new Slow(1))
                                .formats(List.of("pdf"))
                                .build())
                        .run(RunObserver.NONE))
                .isInstanceOf(RunException.class)
                .hasMessageContaining("pdf");
        assertThat(tmp.resolve("runs")).doesNotExist();
        try (Stream<Path> none = Files.list(tmp)) {
            assertThat(none).containsExactly(suite);
        }
    }
}
