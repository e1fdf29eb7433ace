package dev.vernier.report;

import static dev.vernier.report.Html.escape;

import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Verdict;
import dev.vernier.core.stats.Bootstrap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-case matrix of the HTML report: one row per case x prompt (per turn for a multi-turn
 * case, with that turn's user message), one column per provider that ran; each cell holds the outputs (escaped, collapsed in {@code <details>}, identical repeats shown
 * once with their count), each beside the reasoning that streamed before it (escaped, collapsed, that
 * of the first repeat with that output), failures with kind and message, latency, and when outputs
 * were scored how many passed with the failed assertions of the first that did not. Rows carry
 * {@code data-fail} and {@code data-disagree} for the page's filters.
 */
final class CaseMatrix {

    /** Characters of one output written into the page; longer outputs are cut (the CSV has them whole). */
    static final int MAX_TEXT = 4_000;
    /** Distinct outputs shown per cell. */
    static final int MAX_DISTINCT = 5;
    /** Failures listed per cell. */
    static final int MAX_FAILURES = 5;

    private static final int PREVIEW = 90;

    private CaseMatrix() {}

    static void render(StringBuilder h, ReportModel m, int pageSize, int maxRows) {
        h.append("<section id=\"cases\">\n<h2>Per case</h2>\n");
        if (m.cases().isEmpty() || m.figures().isEmpty()) {
            h.append("<p>No measured requests.</p>\n</section>\n");
            return;
        }
        h.append("<p class=\"note\">One row per case &times; prompt, one column per provider; warm-up requests "
                + "are left out. Identical outputs across repeats are shown once with their count. Rows are shown "
                + pageSize + " per page.</p>\n");
        h.append("<div id=\"controls\" hidden>"
                + "<label><input type=\"checkbox\" id=\"filter-failures\"> failures only</label>"
                + "<label><input type=\"checkbox\" id=\"filter-disagree\"> providers disagree</label>"
                + "<label>search <input type=\"search\" id=\"filter-search\" placeholder=\"text in outputs, prompts, "
                + "ids\"></label>"
                + "<span id=\"pager\"><button type=\"button\" id=\"page-prev\">&larr; previous</button>"
                + "<button type=\"button\" id=\"page-next\">next &rarr;</button></span>"
                + "<span id=\"matrix-info\" class=\"muted\"></span></div>\n");
        h.append("<div class=\"wide\"><table class=\"matrix\" id=\"matrix\">\n<thead><tr><th>Case / prompt</th>");
        for (ProviderFigures p : m.figures()) {
            h.append("<th>").append(escape(p.id())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        int rows = Math.min(maxRows, m.cases().size());
        for (int i = 0; i < rows; i++) {
            row(h, m, m.cases().get(i));
        }
        h.append("</tbody>\n</table></div>\n");
        if (m.cases().size() > rows) {
            h.append("<p class=\"note\">")
                    .append(m.cases().size() - rows)
                    .append(" more case &times; prompt rows are "
                            + "not shown here to keep the page small; every request is in samples.csv.</p>\n");
        }
        h.append("</section>\n");
    }

    private static void row(StringBuilder h, ReportModel m, CaseKey key) {
        boolean fail = m.anyFailure(key);
        boolean disagree = m.disagree(key);
        h.append("<tr data-fail=\"")
                .append(fail ? 1 : 0)
                .append("\" data-disagree=\"")
                .append(disagree ? 1 : 0)
                .append('"')
                .append(fail ? " class=\"failrow\"" : "")
                .append(">");
        h.append("<td class=\"rowhead\"><strong>")
                .append(escape(key.caseId()))
                .append("</strong><br>")
                .append("<span class=\"muted\">")
                .append(escape(key.promptId()))
                .append("</span>");
        if (key.turn() >= 0) {
            h.append("<br><span class=\"muted\">turn ").append(key.turn());
            if (key.round() > 0) {
                h.append(", tool round ").append(key.round());
            }
            h.append("</span>");
        }
        String prompt = firstPrompt(m, key);
        if (!prompt.isEmpty()) {
            h.append("<details><summary>")
                    .append(
                            key.round() > 0
                                    ? "user message (then tool results)"
                                    : key.turn() > 0 ? "user turn" : "prompt")
                    .append("</summary><pre class=\"out\">")
                    .append(escape(cut(prompt)))
                    .append("</pre></details>");
        }
        if (disagree) {
            h.append("<div class=\"muted\">providers disagree</div>");
        }
        h.append("</td>");
        for (ProviderFigures p : m.figures()) {
            cell(h, m.cell(key, p.id()));
        }
        h.append("</tr>\n");
    }

    private static String firstPrompt(ReportModel m, CaseKey key) {
        for (ProviderFigures p : m.figures()) {
            for (Sample s : m.cell(key, p.id())) {
                return s.prompt();
            }
        }
        return "";
    }

    private static void cell(StringBuilder h, List<Sample> samples) {
        if (samples.isEmpty()) {
            h.append("<td class=\"na\">no request</td>");
            return;
        }
        List<Sample> ok = samples.stream().filter(Sample::succeeded).toList();
        List<Sample> failed = samples.stream().filter(s -> !s.succeeded()).toList();
        h.append("<td><div class=\"stat\">")
                .append(ok.size())
                .append('/')
                .append(samples.size())
                .append(" ok");
        if (!ok.isEmpty()) {
            double[] e2e =
                    ok.stream().mapToDouble(s -> s.e2eNanos() / 1e6).sorted().toArray();
            double[] ttft = ok.stream()
                    .filter(s -> s.ttftNanos() >= 0)
                    .mapToDouble(s -> s.ttftNanos() / 1e6)
                    .sorted()
                    .toArray();
            String label = ok.size() > 1 ? " p50 " : " ";
            h.append(" &middot; E2E")
                    .append(label)
                    .append(Numbers.display(Bootstrap.quantile(e2e, 0.5)))
                    .append(" ms");
            if (ttft.length > 0) {
                h.append(" &middot; TTFT")
                        .append(label)
                        .append(Numbers.display(Bootstrap.quantile(ttft, 0.5)))
                        .append(" ms");
            }
        }
        List<Sample> judged = samples.stream().filter(Verdict::judged).toList();
        if (judged.stream().anyMatch(s -> !s.scores().isEmpty())) {
            long pass = judged.stream().filter(Verdict::passed).count();
            h.append(" &middot; <span class=\"")
                    .append(pass == judged.size() ? "pass" : "fail")
                    .append("\">")
                    .append(pass)
                    .append('/')
                    .append(judged.size())
                    .append(" pass</span>");
        }
        h.append("</div>");
        judged.stream()
                .filter(s -> s.succeeded() && !Verdict.passed(s))
                .findFirst()
                .ifPresent(s -> h.append("<div class=\"fail\">")
                        .append(samples.size() > 1 ? "repeat " + s.repeat() + ": " : "")
                        .append(escape(cut(String.join(
                                "; ",
                                Verdict.failed(s).stream()
                                        .map(x -> x.assertion() + ": " + x.reason())
                                        .toList()))))
                        .append("</div>"));
        long invalid = ok.stream()
                .filter(s -> s.schemaCheck() != null && !s.schemaCheck().valid())
                .count();
        ok.stream()
                .filter(s -> s.schemaCheck() != null && !s.schemaCheck().valid())
                .findFirst()
                .ifPresent(s -> h.append("<div class=\"fail\">")
                        .append(invalid)
                        .append(" of ")
                        .append(ok.size())
                        .append(" not schema-valid; ")
                        .append(samples.size() > 1 ? "repeat " + s.repeat() + ": " : "")
                        .append(escape(cut(s.schemaCheck().problem())))
                        .append("</div>"));
        toolCalls(h, ok);
        Map<String, Integer> distinct = new LinkedHashMap<>();
        Map<String, String> thought = new LinkedHashMap<>();
        for (Sample s : ok) {
            distinct.merge(s.text(), 1, Integer::sum);
            thought.putIfAbsent(s.text(), s.reasoningText());
        }
        int shown = 0;
        for (Map.Entry<String, Integer> e : distinct.entrySet()) {
            if (shown++ == MAX_DISTINCT) {
                h.append("<div class=\"muted\">")
                        .append(distinct.size() - MAX_DISTINCT)
                        .append(" more distinct outputs in samples.csv</div>");
                break;
            }
            reasoning(h, thought.get(e.getKey()));
            output(h, e.getKey(), e.getValue(), ok.size());
        }
        int listed = 0;
        for (Sample s : failed) {
            if (listed++ == MAX_FAILURES) {
                h.append("<div class=\"fail\">")
                        .append(failed.size() - MAX_FAILURES)
                        .append(" more failures</div>");
                break;
            }
            h.append("<div class=\"fail\">");
            if (samples.size() > 1) {
                h.append("repeat ").append(s.repeat()).append(": ");
            }
            h.append(escape(Words.failure(s.failure())));
            if (s.attempts() > 1) {
                h.append(" (").append(s.attempts()).append(" attempts)");
            }
            h.append("</div>");
        }
        h.append("</td>");
    }

    /**
     * The tool calls of the successful requests, each distinct list of calls once with its count
     * ({@code name(arguments)}, the model's text escaped, invalid calls marked with why), and the first
     * note of a tool loop that ended early; nothing when no request called a tool.
     */
    private static void toolCalls(StringBuilder h, List<Sample> ok) {
        Map<String, Integer> distinct = new LinkedHashMap<>();
        for (Sample s : ok) {
            if (s.calledTools()) {
                distinct.merge(callsText(s), 1, Integer::sum);
            }
        }
        int shown = 0;
        for (Map.Entry<String, Integer> e : distinct.entrySet()) {
            if (shown++ == MAX_DISTINCT) {
                h.append("<div class=\"muted\">")
                        .append(distinct.size() - MAX_DISTINCT)
                        .append(" more distinct tool calls in samples.csv</div>");
                break;
            }
            h.append("<div class=\"calls\"><span class=\"muted\">")
                    .append(ok.size() > 1 ? e.getValue() + "&times; " : "")
                    .append("called:</span> <code>")
                    .append(escape(cut(e.getKey())))
                    .append("</code></div>");
        }
        ok.stream()
                .filter(s -> s.note() != null)
                .findFirst()
                .ifPresent(s -> h.append("<div class=\"fail\">")
                        .append(escape(cut(s.note())))
                        .append("</div>"));
    }

    /** A request's calls as {@code name(arguments)}, separated by {@code ; }, invalid ones followed by why. */
    private static String callsText(Sample s) {
        return String.join(
                "; ",
                s.toolCalls().stream()
                        .map(c -> c.call().name() + "(" + c.call().arguments() + ")"
                                + (c.check() == null || c.check().valid()
                                        ? ""
                                        : " [invalid: " + c.check().problem() + "]"))
                        .toList());
    }

    /** The reasoning that streamed before an output, collapsed; nothing when none streamed. */
    private static void reasoning(StringBuilder h, String thought) {
        if (thought == null || thought.isEmpty()) {
            return;
        }
        h.append("<details class=\"reasoning\"><summary><span class=\"muted\">reasoning (")
                .append(thought.length())
                .append(" characters)</span></summary>");
        body(h, thought, "out thought");
    }

    private static void output(StringBuilder h, String text, int count, int of) {
        h.append("<details><summary>");
        if (of > 1) {
            h.append("<span class=\"muted\">")
                    .append(count == of ? "all " + count : count + "&times;")
                    .append(":</span> ");
        }
        h.append(text.isEmpty() ? "<em class=\"muted\">(empty output)</em>" : escape(preview(text)))
                .append("</summary>");
        body(h, text, "out");
    }

    /** The text (escaped, cut at {@link #MAX_TEXT} with a note saying so) and the end of its details. */
    private static void body(StringBuilder h, String text, String preClass) {
        h.append("<pre class=\"")
                .append(preClass)
                .append("\">")
                .append(escape(cut(text)))
                .append("</pre>");
        if (text.length() > MAX_TEXT) {
            h.append("<div class=\"muted\">cut at ")
                    .append(MAX_TEXT)
                    .append(" of ")
                    .append(text.length())
                    .append(" characters</div>");
        }
        h.append("</details>");
    }

    private static String preview(String text) {
        String one = text.strip().replaceAll("\\s+", " ");
        return one.length() <= PREVIEW ? one : one.substring(0, PREVIEW - 1) + "\u2026";
    }

    private static String cut(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
        return text.substring(0, end);
    }
}
