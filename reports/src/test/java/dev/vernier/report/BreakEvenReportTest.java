package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.cost.HardwareSpec;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-hosted $/1M output tokens and the cost vs monthly volume chart from a hand-built run:
 * {@code local} on hardware at $2.50/h producing 6 output tokens in a 2 s window (3 tok/s), and
 * {@code api} at $10 per 1M tokens. By hand: $/1M output = 2.5 / (3 x 3600) x 1e6 = 231.48148...;
 * fixed monthly = 2.5 x 730 = $1,825; break-even = 1825 / 10 x 1e6 = 182.5M tokens/month; at the
 * expected 100M tokens the API costs $1,000, so it is cheaper by $825.
 */
class BreakEvenReportTest {

    @TempDir
    Path dir;

    static RunResult run(Double expected) {
        List<ProviderRun> providers = List.of(
                new ProviderRun(
                        "local",
                        AccessMode.SELF_HOSTED_SERVER,
                        Results.facts("tiny"),
                        -1,
                        null,
                        Results.ms(2000),
                        1,
                        new HardwareSpec("gpu: H100", 2.5),
                        null,
                        null,
                        null),
                new ProviderRun(
                        "api",
                        AccessMode.PROPRIETARY_API,
                        null,
                        -1,
                        null,
                        Results.ms(2000),
                        1,
                        null,
                        10.0,
                        null,
                        null));
        return new RunResult(
                "break-even",
                "suites/b.yaml",
                Results.START,
                Results.START.plusSeconds(5),
                Map.of(),
                providers,
                List.of(
                        Results.streamed(1, "local", false, "a"),
                        Results.streamed(2, "local", false, "b"),
                        Results.streamed(3, "api", false, "c"),
                        Results.streamed(4, "api", false, "d")),
                expected,
                List.of(),
                null);
    }

    private String page(RunResult r) throws IOException {
        new HtmlReportWriter().write(r, dir);
        return Files.readString(dir.resolve("index.html"), StandardCharsets.UTF_8);
    }

    @Test
    void summary_csv_gives_self_hosted_price_per_million_output_tokens_only_with_hardware() throws IOException {
        new CsvReportWriter().write(run(100e6), dir);
        try (CSVParser p = CSVParser.parse(
                dir.resolve("summary.csv"),
                StandardCharsets.UTF_8,
                CSVFormat.RFC4180
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .build())) {
            List<CSVRecord> rows = p.getRecords();
            assertThat(Double.parseDouble(rows.get(0).get("self_hosted_usd_per_1m_output_tokens")))
                    .isCloseTo(2.5 / (3 * 3600.0) * 1e6, Offset.offset(1e-6));
            assertThat(rows.get(1).get("self_hosted_usd_per_1m_output_tokens")).isEmpty();
        }
    }

    @Test
    void decision_table_shows_self_hosted_price_per_million_output_tokens() throws IOException {
        assertThat(page(run(100e6)))
                .contains("Self-hosted USD / 1M output tokens")
                .contains(">231.4815<");
    }

    @Test
    void cost_vs_volume_chart_draws_both_lines_and_marks_the_break_even() throws IOException {
        String html = page(run(100e6));
        String figure = html.substring(html.indexOf("<figure id=\"chart-break-even\">"));
        figure = figure.substring(0, figure.indexOf("</figure>"));
        assertThat(figure).contains("<svg");
        assertThat(figure.split("class=\"cost-line\"", -1)).hasSize(3);
        assertThat(figure).contains("class=\"break-even\"").contains("break-even at 183M tokens/month, $1,825.00");
        assertThat(figure).contains("class=\"expected\"");
    }

    @Test
    void verdict_at_expected_volume_names_the_cheaper_side_and_the_break_even() throws IOException {
        assertThat(page(run(100e6)))
                .contains(
                        "local (self-hosted) vs api (API): API is cheaper at 100M tokens/month by"
                                + " $825.00 (self-hosted $1,825.00 vs API $1,000.00 per month); break-even at 183M tokens/month.");
    }

    @Test
    void verdict_without_expected_volume_asks_for_it() throws IOException {
        assertThat(page(run(null)))
                .contains("local (self-hosted) vs api (API): break-even at 183M tokens/month; "
                        + "declare expected_monthly_tokens in the suite for a verdict at your volume.");
    }

    @Test
    void chart_is_not_drawn_and_says_why_without_an_api_price() throws IOException {
        RunResult r = run(100e6);
        RunResult selfOnly = new RunResult(
                r.suiteName(),
                r.suiteFile(),
                r.startedAt(),
                r.finishedAt(),
                r.environment(),
                List.of(r.providers().get(0)),
                r.samples().subList(0, 2),
                100e6,
                List.of(),
                null);
        String html = page(selfOnly);
        assertThat(html).doesNotContain("class=\"cost-line\"").doesNotContain("<ul class=\"break-even\">");
    }

    @Test
    void markdown_summary_lists_the_break_even_verdict() {
        assertThat(new MarkdownReportWriter().render(run(100e6)))
                .contains("- local (self-hosted) vs api (API): " + "API is cheaper at 100M tokens/month by $825.00");
    }

    @Test
    void json_result_carries_hardware_api_price_and_expected_volume() throws IOException {
        String json = new JsonReportWriter().render(run(100e6));
        assertThat(json)
                .contains("\"expected_monthly_tokens\" : 1.0E8")
                .contains("\"usd_per_hour\" : 2.5")
                .contains("\"name\" : \"gpu: H100\"")
                .contains("\"api_usd_per_1m_tokens\" : 10.0");
    }
}
