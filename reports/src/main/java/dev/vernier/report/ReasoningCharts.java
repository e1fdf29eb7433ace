package dev.vernier.report;

import dev.vernier.report.Charts.Chart;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The reasoning charts of the HTML report: where each provider's request time goes (waiting, streamed
 * reasoning, answer), and quality against latency and cost across the levels of a reasoning effort
 * sweep. Like every chart, each says why it is not drawn when the run has nothing to draw.
 */
final class ReasoningCharts {

    static final String PHASES_ID = "chart-reasoning-phases";
    static final String SWEEP_ID = "chart-effort-sweep";

    private static final int WIDTH = 820;
    private static final int LABEL_W = 190;
    private static final String WAIT = "#c3cad3";
    private static final String THINK = "#8e6bbf";
    private static final String ANSWER = "#2f6fab";

    private ReasoningCharts() {}

    /**
     * One stacked bar per provider of medians: time to first token (t_1 - t_send: prefill, queueing and
     * any reasoning that was not shown), reasoning time (t_a - t_1, streamed reasoning) and answer time
     * (t_n - t_a).
     */
    static Chart phases(ReportModel m) {
        String title = "Reasoning time vs answer time";
        String caption = "Medians per provider of successful measured requests: grey, time to the first token of any"
                + " kind (t_1 - t_send, which holds reasoning that was not shown); purple, streamed reasoning (t_a -"
                + " t_1); blue, the answer (t_n - t_a). Medians of the parts, so they need not add up to the median"
                + " E2E.";
        boolean any = m.figures().stream().anyMatch(f -> ReasoningFigures.of(f).any());
        if (!any) {
            return new Chart(
                    PHASES_ID,
                    title,
                    caption,
                    null,
                    "Not shown: no provider reasoned in this run (no reasoning streamed or billed).");
        }
        double max = 0;
        for (ProviderFigures f : m.figures()) {
            max = Math.max(max, total(f));
        }
        int bar = 22;
        int gap = 14;
        int top = 30;
        int height = top + m.figures().size() * (bar + gap) + 40;
        double x0 = LABEL_W;
        Axis axis = Axis.of(0, max > 0 ? max : 1, x0, WIDTH - 230, false);
        Svg svg = new Svg(WIDTH, height, "Stacked bars of waiting, reasoning and answer time per provider");
        Charts.legend(
                svg,
                new String[] {"to first token", "reasoning (streamed)", "answer"},
                new String[] {WAIT, THINK, ANSWER},
                x0);
        Charts.grid(svg, axis, top, top + m.figures().size() * (bar + gap), "ms (medians)");
        for (int i = 0; i < m.figures().size(); i++) {
            ProviderFigures f = m.figures().get(i);
            var r = f.summary().reasoning();
            double y = top + i * (bar + gap) + gap / 2.0;
            svg.text(4, y + bar - 6, "start", f.id(), 28, "label");
            double ttft = orZero(f.summary().ttftMs().p50());
            double think = orZero(r.reasoningMs().p50());
            double answer = orZero(r.answerMs().p50());
            if (ttft + think + answer <= 0) {
                svg.text(x0 + 4, y + bar - 6, "start", "no successful request", 30, "muted");
                continue;
            }
            double a = axis.px(ttft);
            double b = axis.px(ttft + think);
            double c = axis.px(ttft + think + answer);
            svg.rect(x0, y, a - x0, bar, WAIT, "mark");
            svg.rect(a, y, b - a, bar, THINK, "mark");
            svg.rect(b, y, c - b, bar, ANSWER, "mark");
            ReasoningFigures rf = ReasoningFigures.of(f);
            OptionalDouble hidden = rf.meanHidden();
            String note = whole(ttft) + " + " + whole(think) + " + " + whole(answer) + " ms"
                    + (hidden.isPresent() && hidden.getAsDouble() > 0
                            ? ", " + whole(hidden.getAsDouble()) + " tok hidden"
                            : rf.any() && hidden.isEmpty() ? ", hidden unknown" : "");
            svg.text(c + 6, y + bar - 6, "start", note, 40, "small");
        }
        return new Chart(PHASES_ID, title, caption, svg.close(), null);
    }

    private static String whole(double v) {
        return String.format(java.util.Locale.ROOT, "%.0f", v);
    }

    private static double total(ProviderFigures f) {
        var r = f.summary().reasoning();
        return orZero(f.summary().ttftMs().p50())
                + orZero(r.reasoningMs().p50())
                + orZero(r.answerMs().p50());
    }

    private static double orZero(double v) {
        return Double.isNaN(v) || v < 0 ? 0 : v;
    }

    /**
     * Quality vs latency vs cost across the levels of each effort sweep: x the median E2E, y the pass
     * rate, the circle's area proportional to the cost per 1,000 requests (fixed and hollow when the cost
     * is unknown); one line per sweep through its levels in effort order.
     */
    static Chart effortSweep(ReportModel m) {
        String title = "Reasoning effort: quality vs latency vs cost";
        String caption = "One point per effort level, joined in effort order: x the median E2E latency, y the pass"
                + " rate, circle area proportional to the cost per 1,000 requests (hollow: cost unknown). Up and to"
                + " the left is better; smaller circles cost less.";
        List<EffortSweep> sweeps = EffortSweep.of(m);
        if (sweeps.isEmpty()) {
            return new Chart(
                    SWEEP_ID,
                    title,
                    caption,
                    null,
                    "Not shown: no effort sweep ran. Give a provider 'reasoning: {effort: [low, medium, high]}'.");
        }
        boolean quality = sweeps.stream()
                .flatMap(s -> s.levels().stream())
                .anyMatch(f -> f.passRate().isPresent());
        if (!quality) {
            return new Chart(
                    SWEEP_ID,
                    title,
                    caption,
                    null,
                    "Not shown: the sweep's requests carry no assertion results (" + ProviderFigures.NOT_MEASURED
                            + "); add 'assert:' to the cases. Latency and cost per level are in the table.");
        }
        double maxX = 0;
        double maxCost = 0;
        for (EffortSweep s : sweeps) {
            for (ProviderFigures f : s.levels()) {
                maxX = Math.max(maxX, orZero(f.summary().e2eMs().p50()));
                if (f.costPer1kRequests().isPresent()) {
                    maxCost = Math.max(maxCost, f.costPer1kRequests().getAsDouble());
                }
            }
        }
        int top = 48;
        int plotH = 260;
        int height = top + plotH + 50;
        double x0 = 70;
        double x1 = WIDTH - 70;
        Axis x = Axis.of(0, maxX > 0 ? maxX * 1.1 : 1, x0, x1, false);
        Axis y = Axis.of(0, 100, top + plotH, top, false);
        Svg svg = new Svg(WIDTH, height, "Pass rate against median latency per reasoning effort level, sized by cost");
        String[] names = sweeps.stream().map(EffortSweep::sweepOf).toArray(String[]::new);
        String[] colours = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            colours[i] = Svg.colour(i);
        }
        Charts.legend(svg, names, colours, x0);
        Charts.grid(svg, x, top, top + plotH, "median E2E, ms");
        Charts.yGrid(svg, y, x0, x1, "", 12);
        svg.text(14, top + plotH / 2.0, "start", "pass %", 8, "small");
        for (int i = 0; i < sweeps.size(); i++) {
            StringBuilder line = new StringBuilder();
            for (ProviderFigures f : sweeps.get(i).levels()) {
                if (f.passRate().isEmpty() || Double.isNaN(f.summary().e2eMs().p50())) {
                    continue;
                }
                line.append(line.isEmpty() ? "M" : " L")
                        .append(Svg.n(x.px(f.summary().e2eMs().p50())))
                        .append(' ')
                        .append(Svg.n(y.px(f.passRate().getAsDouble() * 100)));
            }
            if (!line.isEmpty()) {
                svg.path(line.toString(), colours[i], "none", "step-line");
            }
            for (ProviderFigures f : sweeps.get(i).levels()) {
                if (f.passRate().isEmpty() || Double.isNaN(f.summary().e2eMs().p50())) {
                    continue;
                }
                double cx = x.px(f.summary().e2eMs().p50());
                double cy = y.px(f.passRate().getAsDouble() * 100);
                OptionalDouble cost = f.costPer1kRequests();
                double r = cost.isPresent() && maxCost > 0 ? 4 + 14 * Math.sqrt(cost.getAsDouble() / maxCost) : 6;
                String tip = f.id() + ": effort " + EffortSweep.effort(f) + ", "
                        + Words.percent(f.passRate().getAsDouble()) + " pass, median E2E "
                        + Numbers.display(f.summary().e2eMs().p50()) + " ms, "
                        + (cost.isPresent()
                                ? "USD " + Numbers.fixed(cost.getAsDouble(), 4) + " per 1,000 requests"
                                : "cost " + f.costMissing());
                svg.circle(cx, cy, r, cost.isPresent() ? colours[i] : "none", "median", tip);
                svg.text(cx + r + 4, cy + 4, "start", EffortSweep.effort(f), 10, "small");
            }
        }
        return new Chart(SWEEP_ID, title, caption, svg.close(), null);
    }
}
