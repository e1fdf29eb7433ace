package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.TimedToolCall;
import dev.vernier.core.run.Turn;
import dev.vernier.core.scoring.Score;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool loop in every report: the calls with their arguments (untrusted, escaped) in the matrix and the
 * CSV, per provider the tool-selection accuracy, argument validity and time to the first call, and latency
 * by the number of tools declared.
 */
class ToolReportTest {

    @TempDir
    Path dir;

    private static final String HOSTILE = "{\"city\":\"<script>alert(1)</script>\"}";

    /** Round 0 calls a tool (one valid call, whole at 60 ms); round 1 answers from the mocked result. */
    private static RunResult run() {
        Sample call = Results.sample(
                        0,
                        "sim",
                        false,
                        List.of(),
                        Results.ms(70),
                        "",
                        TokenCounts.of(10, 4, CountSource.SERVER_USAGE),
                        null,
                        1)
                .toBuilder()
                .prompt("Weather?")
                .turn(new Turn("c1/p1/r0", 0, 1, 0, false))
                .toolsDeclared(2)
                .toolChunkNanos(List.of(Results.ms(40), Results.ms(50)))
                .toolCalls(List.of(new TimedToolCall(
                        new ToolCall("c", "get_weather", HOSTILE), Results.ms(60), SchemaCheck.VALID)))
                .build();
        Sample answer = Results.sample(
                        1,
                        "sim",
                        false,
                        List.of(Results.ms(100), Results.ms(120)),
                        Results.ms(130),
                        "It is 3 C.",
                        TokenCounts.of(20, 2, CountSource.SERVER_USAGE),
                        null,
                        1)
                .toBuilder()
                .prompt("Weather?")
                .sendNanos(Results.ms(1000))
                .turn(new Turn("c1/p1/r0", 0, 1, 1, true))
                .toolsDeclared(2)
                .scores(List.of(new Score(
                        "tool-call",
                        true,
                        1,
                        1,
                        "'get_weather' was called",
                        Map.of("expected_tool", "get_weather", "tool_selected", true))))
                .build();
        Sample plain = Results.sample(
                        2,
                        "sim",
                        false,
                        List.of(Results.ms(10), Results.ms(20)),
                        Results.ms(20),
                        "Hi",
                        TokenCounts.of(3, 2, CountSource.SERVER_USAGE),
                        null,
                        1)
                .toBuilder()
                .caseId("c2")
                .note("=HYPERLINK(\"x\")")
                .build();
        return Results.oneProvider("tools", "sim", List.of(call, answer, plain));
    }

    @Test
    void json_gives_selection_accuracy_validity_first_call_and_latency_by_tools_declared() throws Exception {
        JsonNode t = JsonReportWriter.tree(run())
                .path("providers")
                .get(0)
                .path("summary")
                .path("tools");

        assertThat(t.path("tool_selection_accuracy").asDouble()).isEqualTo(1.0);
        assertThat(t.path("tool_call_assertions").asInt()).isEqualTo(1);
        assertThat(t.path("argument_validity_rate").asDouble()).isEqualTo(1.0);
        assertThat(t.path("calls_checked").asInt()).isEqualTo(1);
        assertThat(t.path("first_tool_call_ms").path("count").asInt()).isEqualTo(1);
        assertThat(t.path("first_tool_call_ms").path("p50").asDouble()).isBetween(59.9, 60.1);
        JsonNode groups = t.path("by_tools_declared");
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).path("tools").asInt()).isZero();
        assertThat(groups.get(1).path("tools").asInt()).isEqualTo(2);
        assertThat(groups.get(1).path("requests").asInt()).isEqualTo(2);
        JsonNode sample = JsonReportWriter.tree(run()).path("samples").get(0);
        assertThat(sample.path("tool_calls").get(0).path("arguments").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void markdown_has_the_tool_table_and_the_latency_by_tools_declared() {
        String md = new MarkdownReportWriter().render(run());

        assertThat(md).contains("Tool calling:", "| sim | 100.0% (1 of 1) | 100.0% (1 of 1) | 60.0");
        assertThat(md).contains("Latency by tools declared:", "| sim | 2 | 2 |");
    }

    @Test
    void the_html_shows_the_section_and_the_calls_escaped_in_the_matrix() throws Exception {
        new HtmlReportWriter().write(run(), dir);
        String html = Files.readString(dir.resolve(HtmlReportWriter.FILE));

        assertThat(html).contains("<section id=\"tools\">", "<a href=\"#tools\">Tool calling</a>");
        assertThat(html).contains("turn 0, tool round 1");
        assertThat(html)
                .contains("get_weather({&quot;city&quot;:&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;})")
                .doesNotContain("<script>alert(1)");
        assertThat(html).contains("=HYPERLINK(&quot;x&quot;)");
    }

    @Test
    void csv_has_per_turn_rows_with_the_calls_as_json_text_and_notes_protected_against_formulas() throws Exception {
        new CsvReportWriter().write(run(), dir);
        List<CSVRecord> rows = Results.records(dir.resolve("samples.csv"));

        assertThat(rows).extracting(r -> r.get("conversation_id")).containsExactly("c1/p1/r0", "c1/p1/r0", "");
        assertThat(rows).extracting(r -> r.get("tool_round")).containsExactly("0", "1", "");
        assertThat(rows.get(0).get("tool_calls"))
                .isEqualTo("[{\"name\":\"get_weather\",\"arguments\":"
                        + "\"{\\\"city\\\":\\\"<script>alert(1)</script>\\\"}\"," + "\"ms\":60.0,\"valid\":true}]");
        assertThat(rows.get(0).get("first_tool_call_ms")).isEqualTo("60.000");
        assertThat(rows.get(0).get("tools_declared")).isEqualTo("2");
        assertThat(rows.get(2).get("note")).isEqualTo("'=HYPERLINK(\"x\")");
        List<CSVRecord> summary = Results.records(dir.resolve("summary.csv"));
        assertThat(summary.get(0).get("tool_selection_accuracy")).isEqualTo("1.0000");
        assertThat(summary.get(0).get("tool_argument_validity_rate")).isEqualTo("1.0000");
    }
}
