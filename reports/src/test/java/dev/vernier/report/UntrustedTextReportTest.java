package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Completeness;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model output and server messages are untrusted: they must not turn into formulas, NULs or markup. */
class UntrustedTextReportTest {

    @TempDir
    Path dir;

    private static RunResult result(String text, String failureMessage, Completeness completeness) {
        List<Sample> samples = List.of(
                Results.streamed(0, "p", false, text),
                Results.sample(
                        1,
                        "p",
                        false,
                        List.of(),
                        Results.ms(5),
                        "",
                        TokenCounts.of(1, -1, CountSource.SERVER_USAGE),
                        new Failure(FailureKind.SERVER_ERROR, 500, true, failureMessage),
                        1));
        return new RunResult(
                "s",
                "s.yaml",
                Results.START,
                Results.START.plusSeconds(2),
                Map.of(),
                List.of(new ProviderRun(
                        "p",
                        AccessMode.SELF_HOSTED_SERVER,
                        null,
                        -1,
                        null,
                        Results.ms(500),
                        1,
                        null,
                        null,
                        null,
                        null)),
                samples,
                null,
                List.of(),
                null,
                completeness);
    }

    private List<CSVRecord> samplesCsv() throws IOException {
        try (CSVParser parser = CSVParser.parse(
                dir.resolve("samples.csv"),
                StandardCharsets.UTF_8,
                CSVFormat.RFC4180.builder().setCommentMarker('#').setHeader().build())) {
            return parser.getRecords();
        }
    }

    @Test
    void csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised_and_json_keeps_the_raw_text()
            throws IOException {
        String formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
        new CsvReportWriter().write(result(formula, "-1 credits left", Completeness.FINISHED), dir);
        new JsonReportWriter().write(result(formula, "-1 credits left", Completeness.FINISHED), dir);

        List<CSVRecord> rows = samplesCsv();
        assertThat(rows.get(0).get("text")).isEqualTo("'" + formula);
        assertThat(rows.get(1).get("failure_message")).isEqualTo("'-1 credits left");
        for (String start : List.of("+", "@", "\t", "\r")) {
            assertThat(Cells.text(start + "x")).isEqualTo("'" + start + "x");
        }
        assertThat(Cells.text("plain -1")).isEqualTo("plain -1");
        assertThat(Files.readString(dir.resolve("result.json"))).contains("\"text\" : \"=HYPERLINK(");
    }

    @Test
    void a_nul_never_reaches_csv_or_html() throws IOException {
        RunResult r = result("a\u0000b", "bad\u0000byte", Completeness.FINISHED);
        new CsvReportWriter().write(r, dir);
        new HtmlReportWriter().write(r, dir);

        assertThat(Files.readString(dir.resolve("samples.csv")))
                .doesNotContain("\u0000")
                .contains("bad\uFFFDbyte");
        assertThat(Files.readString(dir.resolve("index.html"))).doesNotContain("\u0000");
    }

    @Test
    void every_csv_file_of_an_incomplete_run_starts_with_one_comment_line_saying_so() throws IOException {
        Completeness stopped = new Completeness(10, 2, 1, "interrupted by a signal (SIGINT or SIGTERM)");
        new CsvReportWriter().write(result("ok", "x", stopped), dir);

        for (String file : List.of("samples.csv", "summary.csv", "steps.csv")) {
            assertThat(Files.readAllLines(dir.resolve(file)).get(0))
                    .isEqualTo("# incomplete: 2 of 10 requests (interrupted by a signal (SIGINT or SIGTERM))."
                            + " Resume it with: vernier run --resume <run dir>");
        }
        assertThat(samplesCsv()).hasSize(2);
    }
}
