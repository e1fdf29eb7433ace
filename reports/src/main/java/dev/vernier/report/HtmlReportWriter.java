package dev.vernier.report;

import static dev.vernier.report.Html.escape;

import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Format {@code html}: one self-contained {@code index.html} (inline CSS and SVG, no scripts, no
 * external resources). Everything taken from the result is untrusted and passes through
 * {@link Html#escape}.
 */
public final class HtmlReportWriter implements ReportWriter {

    public static final String FILE = "index.html";

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#1d232a;\
            max-width:1400px}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}
            table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
            th,td{border:1px solid #d0d7de;padding:.3rem .5rem;vertical-align:top;text-align:left}
            th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
            dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
            dl.facts dt{font-weight:600}dl.facts dd{margin:0}
            pre.out{white-space:pre-wrap;word-break:break-word;margin:0;max-width:60ch;font-size:.85rem}
            .fail{color:#b42318}.muted{color:#57606a}.skipped{color:#9a6700}
            code{background:#f6f8fa;padding:0 .2rem}
            """;

    @Override
    public String format() {
        return "html";
    }

    @Override
    public void write(RunResult result, Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), render(result), StandardCharsets.UTF_8);
    }

    /** The whole page as a string. */
    public String render(RunResult result) {
        Map<String, Summary> summaries = result.summaries();
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Vernier: ").append(escape(result.suiteName())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(h, result);
        summaryTable(h, result, summaries);
        chart(h, result, summaries);
        samplesTable(h, result);
        method(h);
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, RunResult r) {
        long measured = r.samples().stream().filter(s -> !s.warmup()).count();
        long warmups = r.samples().size() - measured;
        Duration duration = Duration.between(r.startedAt(), r.finishedAt());
        h.append("<h1>Vernier report: ").append(escape(r.suiteName())).append("</h1>\n");
        h.append("<dl class=\"facts\">\n");
        fact(h, "Suite file", r.suiteFile());
        fact(h, "Started", r.startedAt().toString());
        fact(h, "Finished", r.finishedAt().toString());
        fact(h, "Duration", String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0));
        fact(h, "Requests", measured + " measured" + (warmups > 0 ? " + " + warmups + " warm-up" : ""));
        for (Map.Entry<String, String> e : r.environment().entrySet()) {
            fact(h, e.getKey(), e.getValue());
        }
        h.append("</dl>\n");
        List<ProviderRun> skipped = r.providers().stream().filter(ProviderRun::skipped).toList();
        if (!skipped.isEmpty()) {
            h.append("<h2>Skipped providers</h2>\n<ul class=\"skipped\">\n");
            for (ProviderRun p : skipped) {
                h.append("<li><strong>").append(escape(p.providerId())).append("</strong>: ")
                        .append(escape(p.skippedReason())).append("</li>\n");
            }
            h.append("</ul>\n");
        }
    }

    private static void fact(StringBuilder h, String name, String value) {
        h.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }

    private static void summaryTable(StringBuilder h, RunResult r, Map<String, Summary> summaries) {
        h.append("<h2>Summary</h2>\n");
        if (summaries.isEmpty()) {
            h.append("<p>No provider ran.</p>\n");
            return;
        }
        h.append("<table>\n<thead><tr>");
        for (String col : List.of("Provider", "Access mode", "Open weights", "Your prompts", "Model facts",
                "Load (ms)", "TTFT p50 (ms)", "TTFT p95 (ms)", "E2E p50 (ms)", "E2E p95 (ms)", "TPOT p50 (ms)",
                "Decode tok/s p50", "Output tok/s", "Requests", "Errors", "Retries")) {
            h.append("<th>").append(escape(col)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (ProviderRun p : r.providers()) {
            Summary s = summaries.get(p.providerId());
            if (s == null) {
                continue;
            }
            ModelFacts f = p.facts();
            h.append("<tr>");
            cell(h, p.providerId());
            cell(h, p.accessMode() == null ? "" : p.accessMode().name());
            cell(h, f == null || f.openWeights() == null ? "unknown" : f.openWeights() ? "yes" : "no");
            cell(h, f == null ? "" : f.dataGoes().description());
            cell(h, f == null ? "" : modelFacts(f));
            num(h, Numbers.ms(p.loadMillis()));
            num(h, Numbers.ms(s.ttftMs().p50()));
            num(h, Numbers.ms(s.ttftMs().p95()));
            num(h, Numbers.ms(s.e2eMs().p50()));
            num(h, Numbers.ms(s.e2eMs().p95()));
            num(h, Numbers.ms(s.tpotMs().p50()));
            num(h, Numbers.rate(s.decodeTokensPerSecond().p50()));
            num(h, Numbers.rate(s.outputTokensPerSecond()));
            num(h, Long.toString(s.requests()));
            h.append("<td class=\"num").append(s.failures() > 0 ? " fail" : "").append("\">")
                    .append(s.failures()).append(String.format(Locale.ROOT, " (%.1f%%)", s.errorRate() * 100))
                    .append("</td>");
            num(h, Long.toString(s.retries()));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n<p class=\"muted\">Empty cells: not defined for this provider "
                + "(e.g. TPOT needs at least two output tokens). Warm-up requests are excluded.</p>\n");
    }

    private static String modelFacts(ModelFacts f) {
        List<String> parts = new ArrayList<>();
        parts.add(f.model());
        if (f.parameterCount() != null) {
            parts.add(String.format(Locale.ROOT, "%,d parameters", f.parameterCount()));
        }
        if (f.quantisation() != null) {
            parts.add(f.quantisation());
        }
        if (f.licence() != null) {
            parts.add("licence " + f.licence());
        }
        if (!f.notes().isBlank()) {
            parts.add(f.notes());
        }
        return String.join("; ", parts);
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(escape(text)).append("</td>");
    }

    private static void num(StringBuilder h, String text) {
        h.append("<td class=\"num\">").append(escape(text)).append("</td>");
    }

    /** Horizontal bars: TTFT p50/p95 and E2E p50/p95 per provider, on one linear scale. */
    private static void chart(StringBuilder h, RunResult r, Map<String, Summary> summaries) {
        if (summaries.isEmpty()) {
            return;
        }
        String[] labels = {"TTFT p50", "TTFT p95", "E2E p50", "E2E p95"};
        String[] colours = {"#8fb8de", "#2f6fab", "#f0b27a", "#c0601a"};
        double max = 0;
        for (Summary s : summaries.values()) {
            for (double v : values(s)) {
                if (!Double.isNaN(v)) {
                    max = Math.max(max, v);
                }
            }
        }
        if (max <= 0) {
            return;
        }
        int labelWidth = 240;
        int barArea = 520;
        int barHeight = 14;
        int groupHeight = labels.length * (barHeight + 2) + 14;
        int legendHeight = 26;
        int height = legendHeight + summaries.size() * groupHeight;
        int width = labelWidth + barArea + 90;
        h.append("<h2>Latency per provider (ms)</h2>\n");
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" role=\"img\" aria-label=\"TTFT and E2E latency per provider\" "
                        + "font-family=\"system-ui,sans-serif\" font-size=\"12\">\n");
        for (int i = 0; i < labels.length; i++) {
            int x = labelWidth + i * 110;
            h.append("<rect x=\"").append(x).append("\" y=\"4\" width=\"12\" height=\"12\" fill=\"")
                    .append(colours[i]).append("\"/><text x=\"").append(x + 16).append("\" y=\"14\">")
                    .append(labels[i]).append("</text>\n");
        }
        int y = legendHeight;
        for (Map.Entry<String, Summary> e : summaries.entrySet()) {
            h.append("<text x=\"0\" y=\"").append(y + groupHeight / 2).append("\">")
                    .append(escape(abbreviate(e.getKey(), 34))).append("<title>").append(escape(e.getKey()))
                    .append("</title></text>\n");
            double[] v = values(e.getValue());
            for (int i = 0; i < v.length; i++) {
                int barY = y + i * (barHeight + 2);
                double w = Double.isNaN(v[i]) ? 0 : v[i] / max * barArea;
                h.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(barY).append("\" width=\"")
                        .append(String.format(Locale.ROOT, "%.1f", w)).append("\" height=\"").append(barHeight)
                        .append("\" fill=\"").append(colours[i]).append("\"/>");
                h.append("<text x=\"").append(String.format(Locale.ROOT, "%.1f", labelWidth + w + 4))
                        .append("\" y=\"").append(barY + barHeight - 3).append("\">")
                        .append(Double.isNaN(v[i]) ? "n/a" : Numbers.fixed(v[i], 1)).append("</text>\n");
            }
            y += groupHeight;
        }
        h.append("</svg>\n");
    }

    private static double[] values(Summary s) {
        return new double[] {s.ttftMs().p50(), s.ttftMs().p95(), s.e2eMs().p50(), s.e2eMs().p95()};
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
    }

    private static void samplesTable(StringBuilder h, RunResult r) {
        List<Sample> samples = new ArrayList<>(r.samples());
        samples.sort(Comparator.comparingInt(Sample::seq));
        h.append("<h2>Outputs</h2>\n");
        if (samples.isEmpty()) {
            h.append("<p>No requests were made.</p>\n");
            return;
        }
        h.append("<table>\n<thead><tr><th>#</th><th>Case</th><th>Prompt</th><th>Provider</th><th>Output</th>"
                + "<th>TTFT (ms)</th><th>E2E (ms)</th><th>Tokens</th></tr></thead>\n<tbody>\n");
        for (Sample s : samples) {
            h.append("<tr>");
            num(h, Integer.toString(s.seq()));
            h.append("<td>").append(escape(s.caseId()));
            if (s.warmup()) {
                h.append(" <span class=\"muted\">(warm-up)</span>");
            } else if (s.repeat() > 0) {
                h.append(" <span class=\"muted\">(repeat ").append(s.repeat()).append(")</span>");
            }
            h.append("</td>");
            h.append("<td><strong>").append(escape(s.promptId())).append("</strong><pre class=\"out\">")
                    .append(escape(s.prompt())).append("</pre></td>");
            cell(h, s.providerId());
            h.append("<td><pre class=\"out\">").append(escape(s.text())).append("</pre>");
            if (s.failure() != null) {
                h.append("<div class=\"fail\">").append(escape(s.failure().kind().name()));
                if (s.failure().httpStatus() != 0) {
                    h.append(" (HTTP ").append(s.failure().httpStatus()).append(')');
                }
                h.append(": ").append(escape(s.failure().message())).append("</div>");
            }
            h.append("</td>");
            num(h, Numbers.nanosAsMs(s.ttftNanos()));
            num(h, Numbers.nanosAsMs(s.e2eNanos()));
            num(h, s.outputTokens() + (s.tokens().outputKnown() ? "" : " (chunks)"));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void method(StringBuilder h) {
        h.append("""
                <h2>How these numbers are computed</h2>
                <p>t_send is when the request was handed to the provider, t_1 the arrival of the first non-empty \
                output chunk, t_n the arrival of the last one, N the number of output tokens (as reported by \
                the provider; the number of chunks when it reports none). All times come from a monotonic \
                clock in this process.</p>
                <ul>
                <li><strong>TTFT</strong> (time to first token) = t_1 &minus; t_send</li>
                <li><strong>E2E latency</strong> = t_n &minus; t_send (response complete &minus; t_send when \
                nothing was streamed)</li>
                <li><strong>TPOT</strong> (time per output token) = (E2E &minus; TTFT) / (N &minus; 1), only \
                for N &ge; 2</li>
                <li><strong>ITL</strong> (inter-token latency) = every gap between consecutive chunks, pooled \
                over requests</li>
                <li><strong>Decode speed</strong> = (N &minus; 1) / (t_n &minus; t_1) tokens per second, per \
                request</li>
                <li><strong>Output throughput</strong> = &sum; N / window, where the window runs from the \
                first measured send to the last measured completion of the provider</li>
                <li><strong>Request throughput</strong> = completed requests / window</li>
                <li><strong>Load time</strong> is measured separately and never counted as request latency</li>
                </ul>
                <p>Percentiles (p50, p90, p95, p99, max) are read from HdrHistograms kept at 3 significant \
                digits (latencies recorded in microseconds). Warm-up requests and failed requests are excluded \
                from latency statistics; failures are counted in the error rate.</p>
                """);
    }
}
