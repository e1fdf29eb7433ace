package dev.vernier.report;

import dev.vernier.core.metrics.ToolSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Tool calling in the reports (docs/metrics.md, "Tool calling"), shown when any request declared tools:
 * per provider the tool-selection accuracy, the argument validity rate and the time to the first complete
 * call; and the latency of requests by the number of tools they declared. The HTML and Markdown writers
 * render the same rows, each escaping for its format.
 */
final class ToolSection {

    static final List<String> COLUMNS = List.of(
            "Provider",
            "Tool selection",
            "Valid arguments",
            "First call p50 ms",
            "First call p95 ms",
            "Requests calling");

    static final List<String> BY_COUNT_COLUMNS =
            List.of("Provider", "Tools declared", "Requests", "TTFT p50 ms", "E2E p50 ms", "E2E p95 ms");

    /** What the figures mean, in one paragraph (plain text). */
    static final String NOTE = "Tool selection: tool-call assertions where the model chose as expected (the expected"
            + " tool called, or none for 'value: none'), arguments aside / tool-call assertions scored. Valid"
            + " arguments: calls naming a declared tool with arguments valid against its schema / calls checked."
            + " First call: time from t_send to the first complete tool call, over requests that called one."
            + " Latency by tools declared: every request (each turn and tool round) by the number of tools its"
            + " request declared. See docs/tools.md.";

    private ToolSection() {}

    /** Whether any provider's requests declared tools. */
    static boolean shown(ReportModel m) {
        return m.figures().stream().anyMatch(f -> f.summary().tools().any());
    }

    /** One row per provider that declared tools: the cells of {@link #COLUMNS}, unescaped. */
    static List<List<String>> rows(ReportModel m) {
        List<List<String>> rows = new ArrayList<>();
        for (ProviderFigures f : m.figures()) {
            ToolSummary t = f.summary().tools();
            if (!t.any()) {
                continue;
            }
            rows.add(List.of(
                    f.id(),
                    t.assessed() == 0
                            ? ProviderFigures.NOT_MEASURED
                            : Words.percent(t.selectionAccuracy()) + " (" + t.selected() + " of " + t.assessed() + ")",
                    t.checkedCalls() == 0
                            ? "no calls"
                            : Words.percent(t.argumentValidityRate()) + " (" + t.validCalls() + " of "
                                    + t.checkedCalls() + ")",
                    Numbers.display(t.firstCallMs().p50()),
                    Numbers.display(t.firstCallMs().p95()),
                    t.withCalls() + " of " + f.summary().requests()));
        }
        return rows;
    }

    /** One row per provider and number of tools declared: the cells of {@link #BY_COUNT_COLUMNS}, unescaped. */
    static List<List<String>> byCountRows(ReportModel m) {
        List<List<String>> rows = new ArrayList<>();
        for (ProviderFigures f : m.figures()) {
            for (ToolSummary.ByToolCount g : f.summary().tools().byToolCount()) {
                rows.add(List.of(
                        f.id(),
                        Integer.toString(g.tools()),
                        Long.toString(g.requests()),
                        Numbers.display(g.ttftMs().p50()),
                        Numbers.display(g.e2eMs().p50()),
                        Numbers.display(g.e2eMs().p95())));
            }
        }
        return rows;
    }

    /** The HTML section (every cell escaped). */
    static void render(StringBuilder h, ReportModel m) {
        if (!shown(m)) {
            return;
        }
        h.append("<section id=\"tools\">\n<h2>Tool calling</h2>\n<p class=\"note\">")
                .append(Html.escape(NOTE))
                .append("</p>\n");
        table(h, COLUMNS, rows(m));
        h.append("<h3>Latency by tools declared</h3>\n");
        table(h, BY_COUNT_COLUMNS, byCountRows(m));
        h.append("</section>\n");
    }

    private static void table(StringBuilder h, List<String> columns, List<List<String>> rows) {
        h.append("<div class=\"wide\"><table class=\"tools\">\n<thead><tr>");
        for (int i = 0; i < columns.size(); i++) {
            h.append(i == 0 ? "<th>" : "<th class=\"num\">")
                    .append(Html.escape(columns.get(i)))
                    .append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            h.append("<tr><th scope=\"row\">").append(Html.escape(row.get(0))).append("</th>");
            for (String cell : row.subList(1, row.size())) {
                h.append("<td class=\"num\">").append(Html.escape(cell)).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table></div>\n");
    }

    /** The Markdown tables, each cell escaped by {@code escape}. */
    static void markdown(StringBuilder b, ReportModel m, UnaryOperator<String> escape) {
        if (!shown(m)) {
            return;
        }
        b.append("\nTool calling:\n\n");
        markdownTable(b, COLUMNS, rows(m), escape);
        b.append("\nLatency by tools declared:\n\n");
        markdownTable(b, BY_COUNT_COLUMNS, byCountRows(m), escape);
        b.append('\n').append(escape.apply(NOTE)).append('\n');
    }

    private static void markdownTable(
            StringBuilder b, List<String> columns, List<List<String>> rows, UnaryOperator<String> escape) {
        b.append("| ").append(String.join(" | ", columns)).append(" |\n|");
        for (int i = 0; i < columns.size(); i++) {
            b.append(i == 0 ? " --- |" : " ---: |");
        }
        b.append('\n');
        for (List<String> row : rows) {
            b.append("| ")
                    .append(String.join(" | ", row.stream().map(escape).toList()))
                    .append(" |\n");
        }
    }
}
