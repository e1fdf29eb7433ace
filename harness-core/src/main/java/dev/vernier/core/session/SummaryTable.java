package dev.vernier.core.session;

import dev.vernier.core.metrics.Summary;
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
    public static final List<String> HEADER = List.of("provider", "n", "errors", "TTFT p50 ms", "TTFT p95 ms",
            "E2E p50 ms", "E2E p95 ms", "TPOT p50 ms", "decode tok/s p50", "output tok/s");

    private SummaryTable() {
    }

    /**
     * @param summaries per provider, in the order to show
     * @return the header line then one line per provider, columns aligned, no trailing blanks
     */
    public static List<String> lines(Map<String, Summary> summaries) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Summary s : summaries.values()) {
            rows.add(List.of(s.providerId(), Long.toString(s.requests()), Long.toString(s.failures()),
                    num(s.ttftMs().p50()), num(s.ttftMs().p95()), num(s.e2eMs().p50()), num(s.e2eMs().p95()),
                    num(s.tpotMs().p50()), num(s.decodeTokensPerSecond().p50()), num(s.outputTokensPerSecond())));
        }
        int[] widths = new int[HEADER.size()];
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
                line.append(i == 0 ? cell + pad : pad + cell).append(i < row.size() - 1 ? "  " : "");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static String num(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) || value < 0
                ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
