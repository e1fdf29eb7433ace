package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private static final String PROMPTS = """
            name: echo-suite
            prompts:
              - id: greet
                template: "Say hello to {{who}}"
            cases:
              - id: alice
                vars: {who: Alice}
              - id: bob
                vars: {who: Bob}
            repeats: 2
            warmup: 1
            """;

    private Path suite(String providers) throws IOException {
        Path file = tmp.resolve("suite.yaml");
        Files.writeString(file, PROMPTS + "providers:\n" + providers, StandardCharsets.UTF_8);
        return file;
    }

    private int vernier(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private Path runs() {
        return tmp.resolve("runs");
    }

    private Path onlyRunDir() throws IOException {
        try (Stream<Path> dirs = Files.list(runs())) {
            List<Path> all = dirs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    @Test
    void run_writes_journal_and_reports_into_a_timestamped_run_directory() throws IOException {
        Path suite = suite("  - type: echo\n");

        int code = vernier("run", suite.toString(), "--out", runs().toString(), "--no-progress");

        assertThat(code).as(err.toString()).isZero();
        Path dir = onlyRunDir();
        assertThat(dir.getFileName().toString()).matches("echo-suite-\\d{8}-\\d{6}");
        assertThat(dir.resolve("index.html")).isRegularFile();
        assertThat(dir.resolve("summary.csv")).isRegularFile();
        assertThat(dir.resolve("run.json")).isRegularFile();
        // 1 warm-up + 2 cases x 1 prompt x 2 repeats
        assertThat(lines(dir.resolve("samples.jsonl"))).hasSize(5);
        assertThat(lines(dir.resolve("samples.csv"))).hasSize(1 + 5);
        assertThat(lines(dir.resolve("samples.csv")).get(2)).contains("Say hello to Alice");
        assertThat(out.toString())
                .contains("echo:words")
                .contains("TTFT p50 ms")
                .endsWith("Run directory: " + dir.toAbsolutePath() + System.lineSeparator());
        assertThat(EchoProviderFactory.OPEN).hasValue(0);
    }

    @Test
    void summary_table_shows_requests_and_errors_per_provider() throws IOException {
        vernier("run", suite("  - type: echo\n").toString(), "--out", runs().toString(), "--no-progress");

        String row = out.toString()
                .lines()
                .filter(l -> l.startsWith("echo:words"))
                .findFirst()
                .orElseThrow();
        assertThat(row.split("\\s+")).startsWith("echo:words", "4", "0");
    }

    @Test
    void cli_options_override_repeats_and_choose_formats() throws IOException {
        Path suite = suite("  - type: echo\n");

        int code = vernier(
                "run",
                suite.toString(),
                "--out",
                runs().toString(),
                "--no-progress",
                "--repeats",
                "3",
                "--concurrency",
                "2",
                "--format",
                "csv");

        assertThat(code).isZero();
        Path dir = onlyRunDir();
        assertThat(lines(dir.resolve("samples.jsonl"))).hasSize(1 + 2 * 3);
        assertThat(dir.resolve("samples.csv")).exists();
        assertThat(dir.resolve("index.html")).doesNotExist();
    }

    @Test
    void malformed_suite_exits_2_with_one_located_error_line_and_creates_nothing() throws IOException {
        Path file = tmp.resolve("broken.yaml");
        Files.writeString(file, "name: x\nprompts:\n  - id: a\n    template: [unclosed\n");

        int code = vernier("run", file.toString(), "--out", runs().toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .hasSize(1)
                .first()
                .asString()
                .matches(".*broken\\.yaml:\\d+:\\d+: .+");
        assertThat(runs()).doesNotExist();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void unknown_provider_option_is_reported_with_its_line() throws IOException {
        Path suite = suite("  - type: echo\n    modle: x\n");

        int code = vernier("run", suite.toString(), "--out", runs().toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip())
                .contains("suite.yaml:")
                .contains("modle")
                .doesNotContain("\n");
        assertThat(runs()).doesNotExist();
    }

    @Test
    void provider_config_error_at_creation_exits_2_naming_the_suite_file() throws IOException {
        Path suite = suite("  - type: echo\n  - type: echo\n    id: grumpy\n    bad_at_create: true\n");

        int code = vernier("run", suite.toString(), "--out", runs().toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines().toList())
                .containsExactly(suite + ": provider 'grumpy' option 'bad_at_create': refusing to start as asked");
        assertThat(runs()).doesNotExist();
        assertThat(EchoProviderFactory.OPEN).hasValue(0);
    }

    @Test
    void unavailable_provider_is_skipped_with_its_reason_and_the_run_goes_on() throws IOException {
        Path suite =
                suite("  - type: echo\n    model: down\n    unavailable: server not reachable\n" + "  - type: echo\n");

        int code = vernier("run", suite.toString(), "--out", runs().toString(), "--no-progress");

        assertThat(code).isZero();
        assertThat(err.toString().lines().toList()).contains("skipped echo:down — server not reachable");
        Path dir = onlyRunDir();
        assertThat(lines(dir.resolve("samples.jsonl"))).hasSize(5).allMatch(l -> l.contains("\"echo:words\""));
        assertThat(Files.readString(dir.resolve("summary.csv")))
                .contains("echo:down,IN_PROCESS,")
                .contains("server not reachable");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("server not reachable");
        assertThat(EchoProviderFactory.OPEN).hasValue(0);
    }

    @Test
    void every_provider_skipped_exits_1_but_still_writes_reports() throws IOException {
        Path suite = suite("  - type: echo\n    unavailable: no key\n");

        int code = vernier("run", suite.toString(), "--out", runs().toString(), "--no-progress");

        assertThat(code).isEqualTo(1);
        assertThat(onlyRunDir().resolve("summary.csv")).content().contains("no key");
    }

    @Test
    void every_request_failing_exits_1() throws IOException {
        Path suite = suite("  - type: echo\n    fail: true\n");

        int code = vernier("run", suite.toString(), "--out", runs().toString(), "--no-progress");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("every request failed");
        assertThat(lines(onlyRunDir().resolve("samples.jsonl"))).hasSize(5);
    }

    @Test
    void clashing_provider_ids_are_made_unique() throws IOException {
        Path suite = suite("  - type: echo\n  - type: echo\n");

        int code = vernier("run", suite.toString(), "--out", runs().toString(), "--no-progress");

        assertThat(code).isZero();
        List<String> journal = lines(onlyRunDir().resolve("samples.jsonl"));
        assertThat(journal).hasSize(10);
        assertThat(journal)
                .filteredOn(l -> l.contains("\"provider\":\"echo:words#2\""))
                .hasSize(5);
    }

    @Test
    void unknown_report_format_exits_2_listing_known_formats() throws IOException {
        int code =
                vernier("run", suite("  - type: echo\n").toString(), "--out", runs().toString(), "--format", "csv,pdf");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown report format 'pdf'").contains("csv, html");
        assertThat(runs()).doesNotExist();
    }

    @Test
    void progress_prints_one_line_per_provider_when_not_on_a_terminal() throws IOException {
        Path suite = suite("  - type: echo\n  - type: echo\n    model: other\n");

        int code = vernier("run", suite.toString(), "--out", runs().toString());

        assertThat(code).isZero();
        assertThat(err.toString().lines().toList())
                .hasSize(2)
                .anySatisfy(l -> assertThat(l).startsWith("echo:words [####################] 5/5"))
                .anySatisfy(l -> assertThat(l).startsWith("echo:other [####################] 5/5"));
    }

    @Test
    void report_rebuilds_the_reports_of_a_run_directory() throws IOException {
        vernier("run", suite("  - type: echo\n").toString(), "--out", runs().toString(), "--no-progress");
        Path dir = onlyRunDir();
        String samples = Files.readString(dir.resolve("samples.csv"));
        String summary = Files.readString(dir.resolve("summary.csv"));
        Files.delete(dir.resolve("samples.csv"));
        Files.delete(dir.resolve("summary.csv"));
        Files.delete(dir.resolve("index.html"));

        int code = vernier("report", dir.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readString(dir.resolve("samples.csv"))).isEqualTo(samples);
        assertThat(Files.readString(dir.resolve("summary.csv"))).isEqualTo(summary);
        assertThat(Files.readString(dir.resolve("index.html"))).contains("echoes the prompt");
    }

    @Test
    void report_without_run_json_falls_back_to_the_samples() throws IOException {
        vernier("run", suite("  - type: echo\n").toString(), "--out", runs().toString(), "--no-progress");
        Path dir = onlyRunDir();
        Files.delete(dir.resolve("run.json"));

        int code = vernier("report", dir.toString(), "--format", "csv");

        assertThat(code).isZero();
        assertThat(lines(dir.resolve("summary.csv")).get(1)).startsWith("echo:words,,4,0,");
    }

    @Test
    void report_on_a_directory_without_journal_exits_2() {
        int code = vernier("report", tmp.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("has no samples.jsonl");
    }
}
