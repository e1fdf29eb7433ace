package dev.vernier.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.TimedToolCall;
import dev.vernier.core.scoring.Score;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console table: a schema-valid column only when some request asked for a JSON Schema, tool columns only with tools. */
class SummaryTableTest {

    private static Sample answer(String provider, int seq, SchemaCheck check) {
        return Sample.builder()
                .seq(seq)
                .providerId(provider)
                .caseId("c")
                .promptId("p")
                .repeat(seq)
                .startedAt(Instant.EPOCH)
                .chunkNanos(List.of(100_000_000L, 110_000_000L))
                .endNanos(110_000_000L)
                .text("{}")
                .schemaCheck(check)
                .build();
    }

    @Test
    void shows_the_schema_valid_rate_only_when_a_request_had_a_schema_and_a_dash_for_one_without() {
        Map<String, Summary> summaries = new LinkedHashMap<>();
        summaries.put(
                "json",
                Summary.of(
                        "json",
                        List.of(
                                answer("json", 0, SchemaCheck.VALID),
                                answer("json", 1, SchemaCheck.VALID),
                                answer("json", 2, SchemaCheck.invalid("not JSON: x"))),
                        1_000_000_000L));
        summaries.put("free", Summary.of("free", List.of(answer("free", 3, null)), 1_000_000_000L));

        List<String> lines = SummaryTable.lines(summaries);

        assertThat(lines.get(0)).endsWith("output tok/s  schema-valid %");
        assertThat(lines.get(1)).startsWith("json ").endsWith("  66.7");
        assertThat(lines.get(2)).startsWith("free ").endsWith("  -");
        assertThat(lines).extracting(String::length).containsOnly(lines.get(0).length());
    }

    @Test
    void a_run_without_schemas_keeps_the_usual_columns() {
        List<String> lines = SummaryTable.lines(
                Map.of("free", Summary.of("free", List.of(answer("free", 0, null)), 1_000_000_000L)));

        assertThat(lines.get(0))
                .endsWith("output tok/s")
                .doesNotContain("schema")
                .doesNotContain("tool");
    }

    @Test
    void shows_tool_selection_and_valid_arguments_when_a_request_declared_tools() {
        Sample called = answer("tools", 0, null).toBuilder()
                .toolsDeclared(2)
                .toolCalls(List.of(
                        new TimedToolCall(new ToolCall("1", "f", "{}"), 5_000_000L, SchemaCheck.VALID),
                        new TimedToolCall(new ToolCall("2", "g", "{"), 6_000_000L, SchemaCheck.invalid("not JSON"))))
                .scores(List.of(new Score("tool-call", true, 1, 1, "", Map.of("tool_selected", true))))
                .build();
        Map<String, Summary> summaries = new LinkedHashMap<>();
        summaries.put("tools", Summary.of("tools", List.of(called), 1_000_000_000L));
        summaries.put("free", Summary.of("free", List.of(answer("free", 1, null)), 1_000_000_000L));

        List<String> lines = SummaryTable.lines(summaries);

        assertThat(lines.get(0)).endsWith("output tok/s  tool selection %  valid args %");
        assertThat(lines.get(1)).startsWith("tools ").endsWith("  100.0          50.0");
        assertThat(lines.get(2)).startsWith("free ").endsWith("  -             -");
    }
}
