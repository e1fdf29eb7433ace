package dev.vernier.report;

import static dev.vernier.report.Html.escape;

import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.PassCount;
import dev.vernier.core.scoring.Verdict;
import dev.vernier.core.stats.Bootstrap;
import dev.vernier.core.stats.Consistency;
import dev.vernier.core.stats.Interval;
import dev.vernier.core.stats.PairedComparison;
import java.util.List;

/**
 * The HTML report's statistics: per provider the 95% bootstrap CIs of median TTFT, median E2E and the
 * pass rate; per provider pair the paired comparison of E2E medians and, when both have assertions,
 * the exact McNemar test; per case the consistency across repeats. Seeded, so a report is reproducible.
 */
final class StatisticsSection {

    /** Cases shown in the consistency table at most (the CSV and JSONL keep every sample). */
    static final int MAX_CONSISTENCY_ROWS = 200;

    /** Above this many measured samples of one provider, fewer resamples keep the page quick to write. */
    static final int LARGE = 20_000;

    static final int LARGE_RESAMPLES = 400;

    private StatisticsSection() {}

    static void render(StringBuilder h, ReportModel m) {
        h.append("<section id=\"statistics\">\n<h2>How sure are we</h2>\n");
        if (m.figures().isEmpty()) {
            h.append("<p>No provider ran.</p>\n</section>\n");
            return;
        }
        int largest =
                m.figures().stream().mapToInt(p -> p.measured().size()).max().orElse(0);
        Bootstrap bootstrap =
                largest > LARGE ? new Bootstrap(LARGE_RESAMPLES, Bootstrap.DEFAULT_SEED, 0.95) : Bootstrap.defaults();
        h.append("<p class=\"small\">95% bootstrap confidence intervals (" + bootstrap.resamples()
                + " resamples, fixed seed) over successful measured requests; the pass rate over judged requests."
                + "</p>\n");
        h.append("<div class=\"wide\"><table class=\"stats\" id=\"stats-ci\">\n<thead><tr><th>Provider</th>"
                + "<th>Median TTFT (ms), 95% CI</th><th>Median E2E (ms), 95% CI</th><th>Pass rate, 95% CI</th>"
                + "</tr></thead>\n<tbody>\n");
        for (ProviderFigures p : m.figures()) {
            h.append("<tr><th scope=\"row\">").append(escape(p.id())).append("</th>");
            cell(h, interval(bootstrap.median(ms(p.measured(), true)), false));
            cell(h, interval(bootstrap.median(ms(p.measured(), false)), false));
            PassCount pc = p.passCount();
            cell(
                    h,
                    pc.rate().isEmpty()
                            ? ProviderFigures.NOT_MEASURED
                            : interval(bootstrap.proportion(pc.passed(), pc.judged()), true));
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
        pairs(h, m, bootstrap);
        consistency(h, m);
        h.append("</section>\n");
    }

    private static void pairs(StringBuilder h, ReportModel m, Bootstrap bootstrap) {
        List<ProviderFigures> f = m.figures();
        if (f.size() < 2) {
            return;
        }
        h.append("<h3>Paired comparisons (same case, prompt and repeat)</h3>\n<ul class=\"pairs\">\n");
        for (int i = 0; i < f.size(); i++) {
            for (int j = i + 1; j < f.size(); j++) {
                ProviderFigures a = f.get(i);
                ProviderFigures b = f.get(j);
                List<Sample> okA =
                        a.measured().stream().filter(Sample::succeeded).toList();
                List<Sample> okB =
                        b.measured().stream().filter(Sample::succeeded).toList();
                var e2e = PairedComparison.medians(
                        a.id(),
                        b.id(),
                        PairedComparison.pairValues(okA, okB, s -> s.e2eNanos() / 1e6),
                        "ms",
                        bootstrap);
                h.append("<li>E2E: ")
                        .append(escape(e2e.lowerIsBetter("faster")))
                        .append("</li>\n");
                if (a.schemaChecked() != b.schemaChecked()) {
                    constrainedDecoding(h, a, b, okA, okB, bootstrap);
                }
                if (a.passRate().isPresent() && b.passRate().isPresent()) {
                    var outcomes = PairedComparison.pairOutcomes(
                            a.measured().stream().filter(Verdict::judged).toList(),
                            b.measured().stream().filter(Verdict::judged).toList(),
                            Verdict::passed);
                    if (!outcomes.isEmpty()) {
                        h.append("<li>Pass/fail: ")
                                .append(escape(PairedComparison.mcnemar(a.id(), b.id(), outcomes)
                                        .phrase()))
                                .append("</li>\n");
                    }
                }
            }
        }
        h.append("</ul>\n");
    }

    /**
     * A pair where one provider got a response schema and the other none (the same model listed twice,
     * once with {@code response_format: none}): the answers differ in length, so E2E says little; TTFT
     * (schema compiled, prompt read) and TPOT (each constrained token) give the cost of constrained
     * decoding.
     */
    private static void constrainedDecoding(
            StringBuilder h,
            ProviderFigures a,
            ProviderFigures b,
            List<Sample> okA,
            List<Sample> okB,
            Bootstrap bootstrap) {
        var ttft = PairedComparison.medians(
                a.id(), b.id(), PairedComparison.pairValues(okA, okB, s -> s.ttftNanos() / 1e6), "ms", bootstrap);
        var tpot = PairedComparison.medians(
                a.id(), b.id(), PairedComparison.pairValues(okA, okB, s -> s.tpotNanos() / 1e6), "ms", bootstrap);
        h.append("<li>With and without the JSON Schema, TTFT: ")
                .append(escape(ttft.lowerIsBetter("faster")))
                .append("</li>\n<li>With and without the JSON Schema, TPOT: ")
                .append(escape(tpot.lowerIsBetter("faster")))
                .append("</li>\n");
    }

    private static void consistency(StringBuilder h, ReportModel m) {
        List<Sample> all =
                m.figures().stream().flatMap(p -> p.measured().stream()).toList();
        List<Consistency.CaseConsistency> rows = Consistency.perCase(all, Verdict::passed).stream()
                .filter(c -> c.k() >= 2)
                .toList();
        h.append("<h3>Consistency across repeats</h3>\n");
        if (rows.isEmpty()) {
            h.append("<p class=\"na\">")
                    .append(ProviderFigures.NOT_MEASURED)
                    .append(" (no case \u00d7 prompt ran at least two repeats)</p>\n");
            return;
        }
        boolean judged = all.stream().anyMatch(s -> !s.scores().isEmpty());
        h.append("<div class=\"wide\"><table class=\"stats\" id=\"stats-consistency\">\n<thead><tr>"
                + "<th>Provider</th><th>Case</th><th>Prompt</th><th class=\"num\">k</th>"
                + "<th class=\"num\">Identical outputs</th><th>pass^k</th><th>pass@k</th><th>Flaky</th>"
                + "</tr></thead>\n<tbody>\n");
        int shown = 0;
        for (Consistency.CaseConsistency c : rows) {
            if (shown++ == MAX_CONSISTENCY_ROWS) {
                break;
            }
            h.append("<tr><td>")
                    .append(escape(c.providerId()))
                    .append("</td><td>")
                    .append(escape(c.caseId()))
                    .append("</td><td>")
                    .append(escape(c.promptId()))
                    .append("</td><td class=\"num\">")
                    .append(c.k())
                    .append("</td><td class=\"num\">")
                    .append(Words.percent(c.identicalShare()))
                    .append("</td>");
            cell(h, judged ? yesNo(c.passAll()) : "n/a");
            cell(h, judged ? yesNo(c.passAny()) : "n/a");
            cell(h, judged ? (c.flaky() ? "flaky" : "no") : "n/a");
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
        if (rows.size() > MAX_CONSISTENCY_ROWS) {
            h.append("<p class=\"small\">First ")
                    .append(MAX_CONSISTENCY_ROWS)
                    .append(" of ")
                    .append(rows.size())
                    .append(" cases shown.</p>\n");
        }
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static void cell(StringBuilder h, String text) {
        h.append("<td>").append(escape(text)).append("</td>");
    }

    private static String interval(Interval i, boolean percent) {
        if (!i.defined()) {
            return "n/a (no data)";
        }
        return percent
                ? Words.percent(i.estimate()) + " (" + Words.percent(i.lower()) + "\u2013" + Words.percent(i.upper())
                        + ")"
                : Numbers.display(i.estimate()) + " (" + Numbers.display(i.lower()) + "\u2013"
                        + Numbers.display(i.upper()) + ")";
    }

    /** Successful measured TTFT or E2E values in ms. */
    private static double[] ms(List<Sample> samples, boolean ttft) {
        return samples.stream()
                .filter(Sample::succeeded)
                .mapToLong(s -> ttft ? s.ttftNanos() : s.e2eNanos())
                .filter(n -> n >= 0)
                .mapToDouble(n -> n / 1e6)
                .toArray();
    }
}
