package dev.vernier.report;

import static dev.vernier.report.Results.ms;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structured output in every report: a provider whose answers are all schema-valid, one with an answer
 * that is not JSON (model output with markup, kept raw and escaped), and one that got no schema (its
 * rate empty, never 0 or 1).
 */
class StructuredOutputReportTest {

    @TempDir
    Path dir;

    private static final String PROSE = "Sure! <b>Tom</b> & <script>alert(1)</script>";
    private static final String NOT_JSON = "not JSON: Unrecognized token 'Sure'";

    private static Sample answer(int seq, String provider, boolean warmup, String text, SchemaCheck check) {
        return Results.streamed(seq, provider, warmup, text).toBuilder()
                .schemaCheck(check)
                .build();
    }

    static RunResult run() {
        List<ProviderRun> providers = List.of(
                new ProviderRun("json", AccessMode.IN_PROCESS, null, -1, null, ms(2000), 1, null, null, null, null),
                new ProviderRun(
                        "loose", AccessMode.SELF_HOSTED_SERVER, null, -1, null, ms(2000), 1, null, null, null, null),
                new ProviderRun(
                        "free", AccessMode.SELF_HOSTED_SERVER, null, -1, null, ms(2000), 1, null, null, null, null));
        List<Sample> samples = List.of(
                answer(0, "json", true, "{\"name\": \"w\"}", SchemaCheck.VALID),
                answer(1, "json", false, "{\"name\": \"Tom\"}", SchemaCheck.VALID),
                answer(2, "json", false, "{\"name\": \"Ann\"}", SchemaCheck.VALID),
                answer(3, "loose", false, "{\"name\": \"Tom\"}", SchemaCheck.VALID),
                answer(4, "loose", false, PROSE, SchemaCheck.invalid(NOT_JSON)),
                answer(5, "loose", false, "{\"name\": \"Bo\"}", SchemaCheck.VALID),
                answer(6, "free", false, "Tom", null));
        return new RunResult(
                "structured",
                "suites/s.yaml",
                Results.START,
                Results.START.plusSeconds(9),
                Map.of(),
                providers,
                samples);
    }

    @Test
    void summary_csv_gives_the_schema_valid_rate_and_leaves_it_empty_without_a_schema() throws IOException {
        new CsvReportWriter().write(run(), dir);
        List<CSVRecord> rows = Results.records(dir.resolve("summary.csv"));

        assertThat(rows.get(0).get("schema_checked")).isEqualTo("2"); // the warm-up left out
        assertThat(rows.get(0).get("schema_valid_rate")).isEqualTo("1.0000");
        assertThat(rows.get(1).get("schema_valid")).isEqualTo("2");
        assertThat(rows.get(1).get("schema_valid_rate")).isEqualTo("0.6667");
        assertThat(rows.get(2).get("schema_checked")).isEqualTo("0");
        assertThat(rows.get(2).get("schema_valid_rate")).isEmpty();
    }

    @Test
    void samples_csv_marks_each_answer_and_keeps_the_raw_text_of_a_parse_failure() throws IOException {
        new CsvReportWriter().write(run(), dir);
        List<CSVRecord> rows = Results.records(dir.resolve("samples.csv"));

        assertThat(rows.get(3).get("schema_valid")).isEqualTo("true");
        assertThat(rows.get(3).get("schema_problem")).isEmpty();
        assertThat(rows.get(4).get("schema_valid")).isEqualTo("false");
        assertThat(rows.get(4).get("schema_problem")).isEqualTo(NOT_JSON);
        assertThat(rows.get(4).get("text")).isEqualTo(PROSE);
        assertThat(rows.get(6).get("schema_valid")).isEmpty();
    }

    @Test
    void result_json_gives_the_rate_null_without_a_schema_and_the_check_per_sample() throws IOException {
        new JsonReportWriter().write(run(), dir);
        JsonNode root = new ObjectMapper().readTree(Files.readString(dir.resolve(JsonReportWriter.FILE)));

        JsonNode loose = root.path("providers").get(1).path("summary");
        assertThat(loose.path("schema_checked").asLong()).isEqualTo(3);
        assertThat(loose.path("schema_valid_rate").asDouble()).isEqualTo(2.0 / 3);
        assertThat(root.path("providers")
                        .get(2)
                        .path("summary")
                        .get("schema_valid_rate")
                        .isNull())
                .isTrue();
        JsonNode bad = root.path("samples").get(4);
        assertThat(bad.path("schema_check").path("valid").asBoolean()).isFalse();
        assertThat(bad.path("schema_check").path("problem").asText()).isEqualTo(NOT_JSON);
        assertThat(bad.path("text").asText()).isEqualTo(PROSE);
        assertThat(root.path("samples").get(6).has("schema_check")).isFalse();
    }

    @Test
    void markdown_has_a_structured_output_table_with_the_first_invalid_answer_escaped() throws IOException {
        new MarkdownReportWriter().write(run(), dir);
        String md = Files.readString(dir.resolve("summary.md"));

        assertThat(md)
                .contains("| Provider | Schema-valid | First invalid answer | Why |")
                .contains("| json | 100.0% (2 of 2) |  |  |")
                .contains(
                        "| loose | 66.7% (2 of 3) | Sure! &lt;b&gt;Tom&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
                                + " | not JSON: Unrecognized token 'Sure' |")
                .contains("| free | not measured |  |  |")
                .doesNotContain("<script>");
    }

    @Test
    void html_shows_the_section_with_the_raw_answer_escaped_and_marks_the_case_matrix() {
        String html = new HtmlReportWriter().render(run());

        assertThat(html)
                .contains("<a href=\"#structured\">Structured output</a>")
                .contains("<section id=\"structured\">")
                .contains("66.7% (2 of 3)")
                .contains(
                        "<pre class=\"out\">Sure! &lt;b&gt;Tom&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;</pre>")
                .contains("1 of 3 not schema-valid; repeat 0: not JSON: Unrecognized token &#39;Sure&#39;")
                .doesNotContain("<script>alert(1)");
    }

    @Test
    void a_pair_with_and_without_the_schema_compares_ttft_and_tpot_paired() {
        String html = new HtmlReportWriter().render(run());

        // "json" and "free" differ in having a schema; "json" and "loose" both have one
        assertThat(html)
                .contains("<li>With and without the JSON Schema, TTFT: no significant difference between json and free"
                        + " (difference of medians 0 ms, 95% CI 0–0)</li>")
                .contains("<li>With and without the JSON Schema, TPOT: no significant difference between loose and"
                        + " free")
                .doesNotContain("With and without the JSON Schema, TTFT: no significant difference between json and"
                        + " loose");
    }

    @Test
    void a_run_without_schemas_shows_no_structured_output_section() throws IOException {
        String html = new HtmlReportWriter().render(Results.mixed());
        new MarkdownReportWriter().write(Results.mixed(), dir);

        assertThat(html).doesNotContain("id=\"structured\"");
        assertThat(Files.readString(dir.resolve("summary.md"))).doesNotContain("Structured output");
    }
}
