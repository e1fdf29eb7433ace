package dev.vernier.core.session;

import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.StepRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-provider table shown at the end of a run (console or build log): requests, errors and the
 * headline latencies, one aligned line per provider under a header line.
 */
public final class SummaryTable {

    /** Column titles, in order. */
    public static final List<String> HEADER = List.of(
            "provider",
            "n",
            "errors",
            "TTFT p50 ms",
            "TTFT p95 ms",
            "E2E p50 ms",
            "E2E p95 ms",
            "TPOT p50 ms",
            "decode tok/s p50",
            "output tok/s");

    /** The column added when any request asked for a JSON Schema (docs/structured-output.md). */
    public static final String SCHEMA_VALID = "schema-valid %";

    /** The columns added when any request declared tools (docs/tools.md): selection accuracy, valid arguments. */
    public static final List<String> TOOL_COLUMNS = List.of("tool selection %", "valid args %");

    private SummaryTable() {}

    /**
     * @param summaries per provider, in the order to show
     * @return the header line then one line per provider, columns aligned, no trailing blanks; with a
     *     last column {@value #SCHEMA_VALID} when any provider's requests asked for a JSON Schema ("-"
     *     for a provider whose did not), and the {@link #TOOL_COLUMNS} when any provider's requests declared
     *     tools ("-" where undefined)
     */
    public static List<String> lines(Map<String, Summary> summaries) {
        boolean schemas = summaries.values().stream().anyMatch(s -> s.schemaChecked() > 0);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(HEADER);
        boolean tools = summaries.values().stream().anyMatch(s -> s.tools().any());
        if (schemas) {
            header.add(SCHEMA_VALID);
        }
        if (tools) {
            header.addAll(TOOL_COLUMNS);
        }
        rows.add(header);
        for (Summary s : summaries.values()) {
            List<String> row = new ArrayList<>(List.of(
                    s.providerId(),
                    Long.toString(s.requests()),
                    Long.toString(s.failures()),
                    num(s.ttftMs().p50()),
                    num(s.ttftMs().p95()),
                    num(s.e2eMs().p50()),
                    num(s.e2eMs().p95()),
                    num(s.tpotMs().p50()),
                    num(s.decodeTokensPerSecond().p50()),
                    num(s.outputTokensPerSecond())));
            if (schemas) {
                row.add(num(s.schemaValidRate() * 100));
            }
            if (tools) {
                row.add(num(s.tools().selectionAccuracy() * 100));
                row.add(num(s.tools().argumentValidityRate() * 100));
            }
            rows.add(row);
        }
        return aligned(rows, false);
    }

    /** Column titles of the load-step table, in order. */
    public static final List<String> STEP_HEADER = List.of(
            "provider",
            "load",
            "n",
            "errors",
            "req/s",
            "output tok/s",
            "goodput req/s",
            "TTFT p95 ms",
            "TTFT p95 from intended ms",
            "queue p99 ms",
            "note");

    /**
     * One line per provider x load step, shown after a sweep or an open-loop run: throughput, goodput
     * ({@link dev.vernier.core.metrics.Slo#good} per second of the step window), TTFT p95 from t_send and
     * from t_intended, queueing delay and why a step stopped early. Empty when every provider ran one
     * closed-loop step.
     */
    public static List<String> stepLines(RunResult result) {
        boolean interesting = result.swept()
                || result.steps().stream()
                        .anyMatch(st -> st.load() instanceof LoadStep.Open || st.stopReason() != null);
        if (!interesting) {
            return List.of();
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(STEP_HEADER);
        for (StepRun st : result.steps()) {
            List<Sample> mine = result.stepSamples(st);
            Summary s = Summary.of(st.providerId(), mine, st.windowNanos());
            double window = st.windowNanos() / 1e9;
            long good = result.slo().goodCount(mine);
            rows.add(List.of(
                    st.providerId(),
                    st.label(),
                    Long.toString(s.requests()),
                    Long.toString(s.failures()),
                    num(s.requestsPerSecond()),
                    num(s.outputTokensPerSecond()),
                    window > 0 ? num(good / window) : "-",
                    num(s.ttftMs().p95()),
                    num(s.ttftFromIntendedMs().p95()),
                    num(s.queueMs().p99()),
                    st.stopReason() == null ? "" : st.stopReason()));
        }
        return aligned(rows, true);
    }

    /** @param steps whether these are load-step rows (their load and note columns are left-aligned) */
    private static List<String> aligned(List<List<String>> rows, boolean steps) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                boolean left = i == 0 || (steps && (i == 1 || i == row.size() - 1));
                line.append(left ? cell + pad : pad + cell).append(i < row.size() - 1 ? "  " : "");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String num(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) || value < 0
                ? "-"
                : String.format(Locale.ROOT, "%.1f", value);
    }
}
