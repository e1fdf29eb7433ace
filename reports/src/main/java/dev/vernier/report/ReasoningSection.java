package dev.vernier.report;

import static dev.vernier.report.Html.escape;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The HTML report's "Reasoning" section, shown when a provider reasoned or an effort sweep ran: per
 * provider the tokens billed and how many of them the user could read (answer, visible and hidden
 * reasoning, each sum with its source), the transparency shares and the time split; then one table
 * per effort sweep with pass rate, latency and cost per level.
 */
final class ReasoningSection {

    private ReasoningSection() {}

    /** Whether the section has anything to show. */
    static boolean shown(ReportModel m) {
        return m.figures().stream().anyMatch(f -> ReasoningFigures.of(f).any())
                || !EffortSweep.of(m).isEmpty();
    }

    static void render(StringBuilder h, ReportModel m) {
        if (!shown(m)) {
            return;
        }
        h.append("<section id=\"reasoning\">\n<h2>Reasoning</h2>\n<p class=\"note\">Tokens of successful measured "
                + "requests. Billed output holds the answer and all reasoning; visible reasoning is what streamed "
                + "as the model&#39;s own reasoning; hidden reasoning was billed but not shown (nothing streamed, or "
                + "only a summary). Sums cover the requests whose count is known; &quot;unknown&quot; counts those "
                + "whose vendor gave no count. Sources: SERVER_USAGE, PROVIDER_NATIVE, LOCAL_TOKENIZER, "
                + "CHUNK_COUNT (one per streamed chunk).</p>\n");
        transparency(h, m);
        for (EffortSweep sweep : EffortSweep.of(m)) {
            sweep(h, sweep);
        }
        h.append("</section>\n");
    }

    private static void transparency(StringBuilder h, ReportModel m) {
        h.append("<h3>Transparency</h3>\n<div class=\"wide\"><table class=\"reasoning\">\n<thead><tr>"
                + "<th>Provider</th><th>Reasoning settings</th><th class=\"num\">Requests that reasoned</th>"
                + "<th class=\"num\">Billed output tokens</th><th class=\"num\">Answer tokens</th>"
                + "<th class=\"num\">Visible reasoning tokens</th><th class=\"num\">Hidden reasoning tokens</th>"
                + "<th class=\"num\">Hidden share of output</th><th class=\"num\">Hidden share of cost</th>"
                + "<th class=\"num\">First answer p50 (ms)</th><th class=\"num\">Reasoning p50 (ms)</th>"
                + "</tr></thead>\n<tbody>\n");
        for (ProviderFigures f : m.figures()) {
            ReasoningFigures r = ReasoningFigures.of(f);
            var s = r.summary();
            h.append("<tr><th scope=\"row\">").append(escape(f.id())).append("</th>");
            cell(h, f.run().reasoning() == null ? "none" : f.run().reasoning().describe(), false);
            cell(h, s.reasoningRequests() + " of " + s.requests(), true);
            cell(h, Long.toString(s.billedOutputTokens()), true);
            cell(h, sum(s.answerTokens(), s.answerUnknown(), r.answerSources()), true);
            cell(h, sum(s.visibleReasoningTokens(), s.visibleUnknown(), r.visibleSources()), true);
            cell(h, sum(s.hiddenReasoningTokens(), s.hiddenUnknown(), r.hiddenSources()), true);
            share(h, r.hiddenShare(), r.any());
            share(h, r.hiddenCostShare(), r.any());
            cell(h, Numbers.display(s.firstAnswerMs().p50()), true);
            cell(h, Numbers.display(s.reasoningMs().p50()), true);
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    /** {@code 1200 (SERVER_USAGE)}, with {@code ; 3 unknown} when some requests have no count. */
    private static String sum(long total, long unknown, String sources) {
        return total
                + (sources.isEmpty() ? "" : " (" + sources + ")")
                + (unknown > 0 ? "; " + unknown + " unknown" : "");
    }

    private static void share(StringBuilder h, OptionalDouble share, boolean reasoned) {
        if (share.isPresent()) {
            cell(h, Words.percent(share.getAsDouble()), true);
        } else {
            h.append("<td class=\"num na\">")
                    .append(reasoned ? ProviderFigures.UNKNOWN : ProviderFigures.NOT_MEASURED)
                    .append("</td>");
        }
    }

    private static void cell(StringBuilder h, String text, boolean num) {
        h.append(num ? "<td class=\"num\">" : "<td>").append(escape(text)).append("</td>");
    }

    private static final List<String> SWEEP_HEADS = List.of(
            "Pass rate",
            "TTFT p50 (ms)",
            "First answer p50 (ms)",
            "E2E p50 (ms)",
            "Visible reasoning tok / request",
            "Hidden reasoning tok / request",
            "Cost / 1k requests (USD)",
            "Cost / correct answer (USD)");

    private static void sweep(StringBuilder h, EffortSweep sweep) {
        h.append("<h3>Effort sweep: ")
                .append(escape(sweep.sweepOf()))
                .append(
                        "</h3>\n<div class=\"wide\"><table class=\"sweep\">\n<thead><tr><th>Provider</th><th>Effort</th>");
        for (String t : SWEEP_HEADS) {
            h.append("<th class=\"num\">").append(escape(t)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (ProviderFigures f : sweep.levels()) {
            ReasoningFigures r = ReasoningFigures.of(f);
            h.append("<tr><th scope=\"row\">").append(escape(f.id())).append("</th>");
            cell(h, EffortSweep.effort(f), false);
            cell(
                    h,
                    f.passRate().isPresent() ? Words.percent(f.passRate().getAsDouble()) : ProviderFigures.NOT_MEASURED,
                    true);
            cell(h, Numbers.display(f.summary().ttftMs().p50()), true);
            cell(h, Numbers.display(f.summary().reasoning().firstAnswerMs().p50()), true);
            cell(h, Numbers.display(f.summary().e2eMs().p50()), true);
            cell(h, mean(r.meanVisible()), true);
            cell(h, mean(r.meanHidden()), true);
            cell(
                    h,
                    f.costPer1kRequests().isPresent()
                            ? Numbers.fixed(f.costPer1kRequests().getAsDouble(), 4)
                            : f.costMissing(),
                    true);
            cell(h, f.costPerCorrectText(), true);
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    private static String mean(OptionalDouble v) {
        return v.isPresent() ? Numbers.display(v.getAsDouble()) : ProviderFigures.UNKNOWN;
    }
}
