package dev.vernier.report;

import dev.vernier.core.cost.BreakEven;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.run.Sample;
import dev.vernier.core.stats.Bootstrap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * The charts of the HTML report, drawn as inline SVG from the result (no chart library, no
 * network). A chart whose data this run does not hold is returned with the reason instead of an
 * image, so the page says why it is missing rather than drawing zeros.
 */
final class Charts {

    /**
     * One chart: either {@code svg} or {@code absentReason} is set.
     *
     * @param id           stable element id
     * @param title        heading
     * @param caption      how to read it
     * @param svg          the drawing, or null
     * @param absentReason why it is not drawn, or null
     */
    record Chart(String id, String title, String caption, String svg, String absentReason) {
        boolean drawn() {
            return svg != null;
        }
    }

    private static final int WIDTH = 820;
    private static final int LABEL_W = 190;
    private static final int RIGHT_PAD = 70;
    private static final int MAX_POINTS_PER_PROVIDER = 300;

    private Charts() {}

    static List<Chart> all(ReportModel m) {
        List<Chart> charts = new ArrayList<>();
        charts.add(latency(m));
        charts.add(ttftVsDecode(m));
        charts.add(throughput(m));
        charts.add(costVsQuality(m));
        charts.add(throughputVsConcurrency(m));
        charts.add(breakEven(m));
        charts.add(ReasoningCharts.phases(m));
        charts.add(ReasoningCharts.effortSweep(m));
        return charts;
    }

    // ----- latency box plot -------------------------------------------------------------------

    private static Chart latency(ReportModel m) {
        String title = "Latency distribution per provider";
        String caption = "Box: 25th to 75th percentile, line: median, whiskers: 5th to 95th percentile, dot: max. "
                + "Successful measured requests; exact percentiles of this run's samples, interpolated between neighbours, "
                + "so a median here can lie between two samples where the tables' p50 (nearest rank) is one of them.";
        List<double[]> ttft = new ArrayList<>();
        List<double[]> e2e = new ArrayList<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (ProviderFigures f : m.figures()) {
            double[] t = sorted(f.measured(), true);
            double[] e = sorted(f.measured(), false);
            ttft.add(t);
            e2e.add(e);
            for (double[] a : List.of(t, e)) {
                if (a.length > 0) {
                    min = Math.min(min, a[0]);
                    max = Math.max(max, a[a.length - 1]);
                }
            }
        }
        if (max <= 0) {
            return new Chart("chart-latency", title, caption, null, "No provider completed a request.");
        }
        int row = 24;
        int group = 2 * row + 16;
        int top = 30;
        int height = top + m.figures().size() * group + 40;
        double x0 = LABEL_W;
        double x1 = WIDTH - RIGHT_PAD;
        Axis axis = Axis.of(min, max, x0, x1, true);
        Svg svg = new Svg(WIDTH, height, "Box plots of TTFT and E2E latency in milliseconds per provider");
        legend(svg, new String[] {"TTFT", "E2E"}, new String[] {"#9ec5e8", "#f2b47e"}, x0);
        double bottom = top + m.figures().size() * group;
        grid(svg, axis, top, bottom, "ms" + (axis.log() ? " (log scale)" : ""));
        for (int i = 0; i < m.figures().size(); i++) {
            double y = top + i * group + 4;
            svg.text(4, y + row + 4, "start", m.figures().get(i).id(), 28, "label");
            box(svg, axis, ttft.get(i), y, row - 6, "#9ec5e8", "TTFT");
            box(svg, axis, e2e.get(i), y + row, row - 6, "#f2b47e", "E2E");
        }
        return new Chart("chart-latency", title, caption, svg.close(), null);
    }

    private static void box(Svg svg, Axis axis, double[] v, double y, double h, String fill, String name) {
        if (v.length == 0) {
            svg.text(axis.px(0) + 4, y + h - 4, "start", name + ": no data", 40, "muted");
            return;
        }
        double p5 = axis.px(Bootstrap.quantile(v, 0.05));
        double p25 = axis.px(Bootstrap.quantile(v, 0.25));
        double p50 = axis.px(Bootstrap.quantile(v, 0.50));
        double p75 = axis.px(Bootstrap.quantile(v, 0.75));
        double p95 = axis.px(Bootstrap.quantile(v, 0.95));
        double mx = axis.px(v[v.length - 1]);
        double mid = y + h / 2;
        svg.line(p5, mid, p25, mid, "#333", 1, null);
        svg.line(p75, mid, p95, mid, "#333", 1, null);
        svg.line(p5, y + 3, p5, y + h - 3, "#333", 1, null);
        svg.line(p95, y + 3, p95, y + h - 3, "#333", 1, null);
        svg.rect(p25, y, Math.max(1.5, p75 - p25), h, fill, "mark");
        svg.line(p50, y, p50, y + h, "#111", 2, null);
        svg.circle(mx, mid, 2.5, "#333", "mark", name + " max " + Numbers.display(v[v.length - 1]) + " ms");
        svg.text(
                Math.max(mx, p95) + 6,
                mid + 4,
                "start",
                name + " median " + Numbers.display(Bootstrap.quantile(v, 0.5)),
                40,
                "small");
    }

    // ----- TTFT vs decode scatter -------------------------------------------------------------

    private static Chart ttftVsDecode(ReportModel m) {
        String title = "TTFT vs decode speed";
        String caption = "Each small dot is one successful request (at most " + MAX_POINTS_PER_PROVIDER
                + " per provider, evenly spaced); the large ring is the provider's median of both. "
                + "Up and to the left is better: fast first token, fast decoding.";
        List<List<double[]>> points = new ArrayList<>();
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double maxY = 0;
        for (ProviderFigures f : m.figures()) {
            List<double[]> mine = new ArrayList<>();
            for (Sample s : f.measured()) {
                if (s.succeeded() && s.ttftNanos() >= 0 && s.decodeTokensPerSecond() > 0) {
                    mine.add(new double[] {s.ttftNanos() / 1e6, s.decodeTokensPerSecond()});
                }
            }
            for (double[] p : mine) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
            points.add(mine);
        }
        if (maxY <= 0) {
            return new Chart(
                    "chart-scatter",
                    title,
                    caption,
                    null,
                    "No request streamed at least two tokens, so decode speed is undefined.");
        }
        int top = 30;
        int plotH = 300;
        int height = top + plotH + 50;
        double x0 = 70;
        double x1 = WIDTH - RIGHT_PAD;
        Axis x = Axis.of(minX, maxX, x0, x1, true);
        Axis y = Axis.of(0, maxY, top + plotH, top, false);
        Svg svg = new Svg(WIDTH, height, "Scatter of time to first token against decode speed per provider");
        String[] names = m.figures().stream().map(ProviderFigures::id).toArray(String[]::new);
        String[] colours = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            colours[i] = Svg.colour(i);
        }
        legend(svg, names, colours, x0);
        grid(svg, x, top, top + plotH, "TTFT ms" + (x.log() ? " (log scale)" : ""));
        yGrid(svg, y, x0, x1, "", 12);
        svg.text(14, top + plotH / 2.0, "start", "tok/s", 8, "small");
        for (int i = 0; i < points.size(); i++) {
            List<double[]> mine = points.get(i);
            int stride = Math.max(1, (int) Math.ceil(mine.size() / (double) MAX_POINTS_PER_PROVIDER));
            for (int k = 0; k < mine.size(); k += stride) {
                double[] p = mine.get(k);
                svg.circle(x.px(p[0]), y.px(p[1]), 2.5, colours[i], "dot", null);
            }
            if (!mine.isEmpty()) {
                double mx = median(mine, 0);
                double my = median(mine, 1);
                svg.circle(
                        x.px(mx),
                        y.px(my),
                        7,
                        colours[i],
                        "median",
                        names[i] + ": TTFT p50 " + Numbers.display(mx) + " ms, decode p50 " + Numbers.display(my)
                                + " tok/s");
            }
        }
        return new Chart("chart-scatter", title, caption, svg.close(), null);
    }

    // ----- throughput bars --------------------------------------------------------------------

    private static Chart throughput(ReportModel m) {
        String title = "Output throughput per provider";
        String caption = "Output tokens per second over the provider's measurement window (sum N / window), at the "
                + "load it ran with (over all its steps after a sweep; per step in the chart below).";
        double max = 0;
        for (ProviderFigures f : m.figures()) {
            double v = f.summary().outputTokensPerSecond();
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        if (max <= 0) {
            return new Chart("chart-throughput", title, caption, null, "No provider produced output tokens.");
        }
        int bar = 22;
        int gap = 12;
        int top = 10;
        int height = top + m.figures().size() * (bar + gap) + 40;
        double x0 = LABEL_W;
        Axis axis = Axis.of(0, max, x0, WIDTH - RIGHT_PAD - 60, false);
        Svg svg = new Svg(WIDTH, height, "Bar chart of output tokens per second per provider");
        double bottom = top + m.figures().size() * (bar + gap);
        grid(svg, axis, top, bottom, "output tok/s");
        for (int i = 0; i < m.figures().size(); i++) {
            ProviderFigures f = m.figures().get(i);
            double y = top + i * (bar + gap) + gap / 2.0;
            double v = f.summary().outputTokensPerSecond();
            svg.text(4, y + bar - 6, "start", f.id(), 28, "label");
            if (Double.isNaN(v)) {
                svg.text(x0 + 4, y + bar - 6, "start", "no window", 20, "muted");
                continue;
            }
            double w = axis.px(v) - x0;
            svg.rect(x0, y, Math.max(1, w), bar, Svg.colour(i), "mark");
            List<StepFigures> steps = m.steps(f.id());
            svg.text(
                    x0 + w + 6,
                    y + bar - 6,
                    "start",
                    Numbers.display(v) + " tok/s ("
                            + (steps.size() > 1 ? steps.size() + " load steps" : StepFigures.describe(steps)) + ")",
                    40,
                    "small");
        }
        return new Chart("chart-throughput", title, caption, svg.close(), null);
    }

    // ----- charts that need data the result tree does not hold yet --------------------------

    private static Chart costVsQuality(ReportModel m) {
        String title = "Cost vs quality";
        String caption = "Pass rate against cost per 1,000 requests, one point per provider with both; "
                + "up and to the left is better.";
        List<ProviderFigures> both = m.figures().stream()
                .filter(f -> f.passRate().isPresent() && f.costPer1kRequests().isPresent())
                .toList();
        boolean quality = m.figures().stream().anyMatch(f -> f.passRate().isPresent());
        if (both.isEmpty()) {
            String reason = quality
                    ? "Not shown: no provider with assertion results has a known cost (declare 'prices:' or a "
                            + "provider's 'hardware:' in the suite)."
                    : "Not shown: no assertion results (" + ProviderFigures.NOT_MEASURED + "). Add 'assert:' to "
                            + "the cases, and prices or hardware to the suite.";
            return new Chart("chart-cost-quality", title, caption, null, reason);
        }
        double maxX = both.stream()
                .mapToDouble(f -> f.costPer1kRequests().getAsDouble())
                .max()
                .orElse(0);
        int top = 30;
        int plotH = 240;
        int height = top + plotH + 50;
        double x0 = 70;
        double x1 = WIDTH - RIGHT_PAD;
        Axis x = Axis.of(0, maxX > 0 ? maxX : 1, x0, x1, false);
        Axis y = Axis.of(0, 100, top + plotH, top, false);
        Svg svg = new Svg(WIDTH, height, "Scatter of pass rate against cost per 1,000 requests per provider");
        String[] names = both.stream().map(ProviderFigures::id).toArray(String[]::new);
        String[] colours = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            colours[i] = Svg.colour(m.figures().indexOf(both.get(i)));
        }
        legend(svg, names, colours, x0);
        grid(svg, x, top, top + plotH, "USD per 1,000 requests");
        yGrid(svg, y, x0, x1, "", 12);
        svg.text(14, top + plotH / 2.0, "start", "pass %", 8, "small");
        for (int i = 0; i < both.size(); i++) {
            ProviderFigures f = both.get(i);
            double cost = f.costPer1kRequests().getAsDouble();
            double pass = f.passRate().getAsDouble() * 100;
            svg.circle(
                    x.px(cost),
                    y.px(pass),
                    7,
                    colours[i],
                    "median",
                    names[i] + ": " + Words.percent(f.passRate().getAsDouble()) + " pass, USD " + Numbers.fixed(cost, 4)
                            + " per 1,000 requests");
        }
        return new Chart("chart-cost-quality", title, caption, svg.close(), null);
    }

    /** Element id of the throughput and latency vs load chart. */
    static final String LOAD_ID = "chart-concurrency";

    /** What the x axis of the load chart shows. */
    private enum LoadAxis {
        CONCURRENCY,
        RATE,
        STEP
    }

    /**
     * Throughput and latency against offered load when a sweep ran: top, each provider's output
     * tokens/s per step; bottom, its p95 TTFT measured from t_intended per step, with the suite's TTFT
     * SLO dashed and the saturation point ringed. x is the concurrency when every step is closed-loop,
     * the offered rate when every step is open-loop, else the step number.
     */
    private static Chart throughputVsConcurrency(ReportModel m) {
        String caption = "Top: output tokens per second over each step's window (sum N / window). Bottom: p95 TTFT "
                + "measured from the intended send time (TTFT + queueing delay), so a queue in front of the provider "
                + "shows. One line per provider, one point per load step; dashed: the suite's TTFT SLO; ring: the "
                + "saturation point (highest step whose p95 stays within it).";
        if (!m.result().swept()) {
            return new Chart(
                    LOAD_ID,
                    "Throughput vs concurrency",
                    caption,
                    null,
                    "Not shown: no concurrency sweep ran; each provider ran one load step (" + loads(m) + ").");
        }
        List<StepFigures> all = m.allSteps();
        boolean closed = all.stream().allMatch(f -> f.step().load() instanceof LoadStep.Closed);
        boolean open = all.stream().allMatch(f -> f.step().load() instanceof LoadStep.Open);
        LoadAxis kind = closed ? LoadAxis.CONCURRENCY : open ? LoadAxis.RATE : LoadAxis.STEP;
        String title = switch (kind) {
            case CONCURRENCY -> "Throughput and latency vs concurrency";
            case RATE -> "Throughput and latency vs offered rate";
            case STEP -> "Throughput and latency vs load step";
        };
        int maxSteps = 0;
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double maxTps = 0;
        double minLat = Double.MAX_VALUE;
        double maxLat = 0;
        for (ProviderFigures f : m.figures()) {
            List<StepFigures> steps = m.steps(f.id());
            maxSteps = Math.max(maxSteps, steps.size());
            for (StepFigures st : steps) {
                double x = st.loadValue();
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                double tps = st.summary().outputTokensPerSecond();
                if (finite(tps)) {
                    maxTps = Math.max(maxTps, tps);
                }
                double lat = st.ttftFromIntendedP95();
                if (finite(lat) && lat > 0) {
                    minLat = Math.min(minLat, lat);
                    maxLat = Math.max(maxLat, lat);
                }
            }
        }
        double slo = m.result().slo().ttftMs();
        if (!Double.isNaN(slo) && maxLat > 0) {
            minLat = Math.min(minLat, slo);
            maxLat = Math.max(maxLat, slo);
        }
        if (maxTps <= 0 && maxLat <= 0) {
            return new Chart(
                    LOAD_ID, title, caption, null, "Not shown: a sweep ran, but no step produced output tokens.");
        }
        int top = 44;
        int panelH = 190;
        int gap = 50;
        int bottom2 = top + panelH + gap + panelH;
        int height = bottom2 + 50;
        double x0 = 80;
        double x1 = WIDTH - RIGHT_PAD;
        // sweeps are usually geometric (1, 2, 4, ... 64): a log scale from the smallest to the largest load
        // offered, ticked at the loads themselves; a linear one from 0 when they span less than a factor of 4
        boolean xLog = kind != LoadAxis.STEP && minX > 0 && maxX / minX >= 4;
        Axis x = kind == LoadAxis.STEP || xLog ? null : Axis.of(minX, maxX, x0 + 10, x1 - 10, false);
        double lx0 = Math.log(minX);
        double lx1 = Math.log(maxX);
        DoubleUnaryOperator xpx =
                xLog ? v -> x0 + 20 + (x1 - x0 - 40) * (Math.log(v) - lx0) / (lx1 - lx0) : x == null ? v -> v : x::px;
        int steps = maxSteps;
        ToDoubleFunction<StepFigures> px = kind == LoadAxis.STEP
                ? st -> x0 + (x1 - x0) * (st.indexIn(m.steps(st.providerId())) + 0.5) / steps
                : st -> xpx.applyAsDouble(st.loadValue());
        Axis yTps = Axis.of(0, maxTps > 0 ? maxTps : 1, top + panelH, top, false);
        double top2 = top + panelH + gap;
        Axis yLat = Axis.of(maxLat > 0 ? minLat : 1, maxLat > 0 ? maxLat : 1, bottom2, top2, true);
        Svg svg = new Svg(
                WIDTH,
                height,
                "Line charts of output tokens per second and p95 time to first token from "
                        + "the intended send time against offered load, per provider");
        String[] names = m.figures().stream().map(ProviderFigures::id).toArray(String[]::new);
        String[] colours = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            colours[i] = Svg.colour(i);
        }
        legend(svg, names, colours, x0);
        // shared x: grid in both panels, labels under the lower one
        if (kind == LoadAxis.STEP) {
            for (int k = 0; k < steps; k++) {
                double p = x0 + (x1 - x0) * (k + 0.5) / steps;
                svg.line(p, top, p, top + panelH, "#e4e7eb", 1, null);
                svg.line(p, top2, p, bottom2, "#e4e7eb", 1, null);
                svg.text(p, bottom2 + 16, "middle", "step " + (k + 1), 12, "small");
            }
        } else {
            List<Double> ticks = xLog
                    ? all.stream()
                            .map(StepFigures::loadValue)
                            .distinct()
                            .sorted()
                            .toList()
                    : x.ticks();
            double lastLabel = Double.NEGATIVE_INFINITY;
            for (double t : ticks) {
                double p = xpx.applyAsDouble(t);
                svg.line(p, top, p, top + panelH, "#e4e7eb", 1, null);
                svg.line(p, top2, p, bottom2, "#e4e7eb", 1, null);
                if (p - lastLabel >= 28) {
                    svg.text(p, bottom2 + 16, "middle", Axis.label(t), 12, "small");
                    lastLabel = p;
                }
            }
        }
        String xUnit = switch (kind) {
            case CONCURRENCY -> "concurrency (requests in flight)";
            case RATE -> "offered rate, requests/s";
            case STEP -> "load step, in run order (labels in the Load steps table)";
        };
        svg.text((x0 + x1) / 2, bottom2 + 34, "middle", xUnit + (xLog ? " (log scale)" : ""), 70, "small");
        yGrid(svg, yTps, x0, x1, "", 12);
        svg.text(x0, top - 10, "start", "output tok/s", 20, "small");
        yGrid(svg, yLat, x0, x1, "", 12);
        svg.text(
                x0, top2 - 10, "start", "p95 TTFT from intended, ms" + (yLat.log() ? " (log scale)" : ""), 50, "small");
        if (!Double.isNaN(slo) && maxLat > 0) {
            double py = yLat.px(slo);
            svg.line(x0, py, x1, py, "#b42318", 1, "slo");
            svg.text(x1 - 2, py - 4, "end", "SLO " + Axis.label(slo) + " ms", 24, "small");
        }
        for (int i = 0; i < m.figures().size(); i++) {
            ProviderFigures f = m.figures().get(i);
            List<StepFigures> mine = new ArrayList<>(m.steps(f.id()));
            if (kind != LoadAxis.STEP) {
                mine.sort(Comparator.comparingDouble(StepFigures::loadValue));
            }
            StepFigures saturation = m.saturation(f.id()).at();
            StringBuilder tpsLine = new StringBuilder();
            StringBuilder latLine = new StringBuilder();
            for (StepFigures st : mine) {
                double tps = st.summary().outputTokensPerSecond();
                if (finite(tps)) {
                    tpsLine.append(tpsLine.isEmpty() ? "M" : " L")
                            .append(Svg.n(px.applyAsDouble(st)))
                            .append(' ')
                            .append(Svg.n(yTps.px(tps)));
                }
                double lat = st.ttftFromIntendedP95();
                if (finite(lat) && maxLat > 0) {
                    latLine.append(latLine.isEmpty() ? "M" : " L")
                            .append(Svg.n(px.applyAsDouble(st)))
                            .append(' ')
                            .append(Svg.n(yLat.px(lat)));
                }
            }
            if (!tpsLine.isEmpty()) {
                svg.path(tpsLine.toString(), colours[i], "none", "step-line");
            }
            if (!latLine.isEmpty()) {
                svg.path(latLine.toString(), colours[i], "none", "step-line");
            }
            for (StepFigures st : mine) {
                String tip = pointTip(f.id(), st);
                double tps = st.summary().outputTokensPerSecond();
                if (finite(tps)) {
                    svg.circle(px.applyAsDouble(st), yTps.px(tps), 4.5, colours[i], "step-point", tip);
                }
                double lat = st.ttftFromIntendedP95();
                if (finite(lat) && maxLat > 0) {
                    double cx = px.applyAsDouble(st);
                    double cy = yLat.px(lat);
                    if (st == saturation) {
                        svg.circle(cx, cy, 9, "none", "saturation", f.id() + ": saturation point at " + st.label());
                    }
                    svg.circle(cx, cy, 4.5, colours[i], "step-point", tip);
                }
            }
        }
        return new Chart(LOAD_ID, title, caption, svg.close(), null);
    }

    /** A point's tooltip: the step's load and its numbers. */
    private static String pointTip(String provider, StepFigures st) {
        var s = st.summary();
        var goodput = st.goodputPerSecond();
        StringBuilder t = new StringBuilder(provider)
                .append(": ")
                .append(st.label())
                .append(": ")
                .append(orNa(Numbers.display(s.outputTokensPerSecond())))
                .append(" output tok/s, ")
                .append(orNa(Numbers.display(s.requestsPerSecond())))
                .append(" req/s");
        if (goodput.isPresent()) {
            t.append(", goodput ")
                    .append(Numbers.display(goodput.getAsDouble()))
                    .append(" req/s");
        }
        t.append("; p95 TTFT from intended ")
                .append(orNa(Numbers.display(st.ttftFromIntendedP95())))
                .append(" ms");
        t.append("; ")
                .append(s.requests())
                .append(" requests, ")
                .append(s.failures())
                .append(" failed");
        if (st.step().stopReason() != null) {
            t.append("; ").append(st.step().stopReason());
        }
        return t.toString();
    }

    private static String orNa(String s) {
        return s.isEmpty() ? "n/a" : s;
    }

    private static boolean finite(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v) && v >= 0;
    }

    /** Element id of the cost vs monthly volume chart; the HTML report puts the break-even verdicts under it. */
    static final String BREAK_EVEN_ID = "chart-break-even";

    /**
     * Monthly cost against monthly token volume: a flat line per self-hosted provider with hardware
     * ({@code usd_per_hour x 730}), a rising line per priced API provider ({@code volume x $/1M / 1e6}, at the
     * token mix measured in the run), a ring where a pair breaks even and a dashed line at the suite's
     * {@code expected_monthly_tokens}. Drawn when at least one of each kind ran.
     */
    private static Chart breakEven(ReportModel m) {
        String title = "Cost vs monthly volume (break-even)";
        String caption =
                "Monthly cost in USD against monthly tokens (input + output). Flat lines: self-hosted hardware "
                        + "kept up all month (usd_per_hour x 730). Rising lines: API at its average price per 1M tokens over "
                        + "this run's token mix. Rings: break-even volumes; dashed line: the suite's expected_monthly_tokens.";
        List<ProviderFigures> self = VolumeCosts.selfHosted(m);
        List<ProviderFigures> apis = VolumeCosts.apis(m);
        if (self.isEmpty() || apis.isEmpty()) {
            boolean anyCost = m.figures().stream()
                    .anyMatch(f -> f.measured().stream()
                            .anyMatch(x -> x.providerStats().containsKey(Sample.COST_STAT)));
            return new Chart(
                    BREAK_EVEN_ID,
                    title,
                    caption,
                    null,
                    !anyCost
                            ? "Not shown: no API prices and no self-hosted hardware cost were declared, so cost is "
                                    + ProviderFigures.NOT_MEASURED + "."
                            : "Not shown: the break-even needs at least one self-hosted provider with 'hardware:' and one "
                                    + "API provider with a known price that both ran (this run has " + self.size()
                                    + " and " + apis.size() + ").");
        }
        List<VolumeCosts.Pair> pairs = VolumeCosts.pairs(m);
        Double expected = m.result().expectedMonthlyTokens();
        double maxV = 0;
        for (VolumeCosts.Pair p : pairs) {
            if (p.result().breakEvenTokensPerMonth().isPresent()) {
                maxV = Math.max(maxV, p.result().breakEvenTokensPerMonth().getAsDouble() * 1.5);
            }
        }
        if (expected != null) {
            maxV = Math.max(maxV, expected * 1.25);
        }
        if (maxV <= 0) {
            maxV = 1e9;
        }
        double maxCost = 0;
        for (ProviderFigures f : self) {
            maxCost = Math.max(maxCost, VolumeCosts.monthlyFixed(f));
        }
        for (ProviderFigures f : apis) {
            maxCost = Math.max(maxCost, maxV * f.run().apiUsdPerMillionTokens() / 1e6);
        }
        int top = 30;
        int plotH = 280;
        int height = top + plotH + 50;
        double x0 = 80;
        double x1 = WIDTH - RIGHT_PAD;
        Axis x = Axis.of(0, maxV, x0, x1, false);
        Axis y = Axis.of(0, maxCost > 0 ? maxCost : 1, top + plotH, top, false);
        double xEnd = x.ticks().get(x.ticks().size() - 1);
        Svg svg = new Svg(WIDTH, height, "Line chart of monthly cost against monthly token volume per provider");
        List<ProviderFigures> all = new ArrayList<>(self);
        all.addAll(apis);
        String[] names = all.stream().map(ProviderFigures::id).toArray(String[]::new);
        String[] colours = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            colours[i] = Svg.colour(m.figures().indexOf(all.get(i)));
        }
        legend(svg, names, colours, x0);
        for (double t : x.ticks()) {
            double px = x.px(t);
            svg.line(px, top, px, top + plotH, "#e4e7eb", 1, null);
            svg.text(px, top + plotH + 16, "middle", BreakEven.tokens(t), 12, "small");
        }
        svg.text((x0 + x1) / 2, top + plotH + 34, "middle", "tokens per month", 40, "small");
        yGrid(svg, y, x0, x1, "$", 14);
        svg.text(14, top + plotH / 2.0, "start", "USD/mo", 8, "small");
        for (int i = 0; i < all.size(); i++) {
            ProviderFigures f = all.get(i);
            double c0 = f.run().hardware() != null ? VolumeCosts.monthlyFixed(f) : 0;
            double c1 = f.run().hardware() != null ? c0 : xEnd * f.run().apiUsdPerMillionTokens() / 1e6;
            svg.path(
                    "M" + Svg.n(x.px(0)) + " " + Svg.n(y.px(c0)) + " L" + Svg.n(x.px(xEnd)) + " " + Svg.n(y.px(c1)),
                    colours[i],
                    "none",
                    "cost-line");
        }
        if (expected != null) {
            double px = x.px(expected);
            svg.line(px, top, px, top + plotH, "#333", 1, "expected");
            svg.text(px + 4, top + 12, "start", "expected " + BreakEven.tokens(expected), 24, "small");
        }
        for (VolumeCosts.Pair p : pairs) {
            if (p.result().breakEvenTokensPerMonth().isPresent()) {
                double v = p.result().breakEvenTokensPerMonth().getAsDouble();
                ProviderFigures s = self.stream()
                        .filter(f -> f.id().equals(p.selfHosted()))
                        .findFirst()
                        .orElseThrow();
                double cost = VolumeCosts.monthlyFixed(s);
                svg.circle(
                        x.px(v),
                        y.px(cost),
                        6,
                        "#111",
                        "break-even",
                        p.selfHosted() + " vs " + p.api()
                                + ": break-even at " + BreakEven.tokens(v) + " tokens/month, "
                                + BreakEven.usd(cost) + " per month");
            }
        }
        return new Chart(BREAK_EVEN_ID, title, caption, svg.close(), null);
    }

    private static String loads(ReportModel m) {
        List<String> parts = new ArrayList<>();
        for (ProviderFigures f : m.figures()) {
            parts.add(f.id() + ": " + StepFigures.describe(m.steps(f.id())));
        }
        return parts.isEmpty() ? "no provider ran" : String.join(", ", parts);
    }

    // ----- helpers ----------------------------------------------------------------------------

    static void legend(Svg svg, String[] names, String[] colours, double x) {
        double at = x;
        for (int i = 0; i < names.length; i++) {
            svg.rect(at, 6, 12, 12, colours[i], "key");
            String label = names[i].length() > 24 ? names[i].substring(0, 23) + "\u2026" : names[i];
            svg.text(at + 16, 16, "start", names[i], 24, "small");
            at += 30 + label.length() * 7;
        }
    }

    /** Horizontal grid lines across the plot at the y axis's ticks, each labelled on the left. */
    static void yGrid(Svg svg, Axis y, double x0, double x1, String labelPrefix, int labelWidth) {
        for (double t : y.ticks()) {
            double py = y.px(t);
            svg.line(x0, py, x1, py, "#e4e7eb", 1, null);
            svg.text(x0 - 6, py + 4, "end", labelPrefix + Axis.label(t), labelWidth, "small");
        }
    }

    static void grid(Svg svg, Axis axis, double top, double bottom, String unit) {
        for (double t : axis.ticks()) {
            double px = axis.px(t);
            svg.line(px, top, px, bottom, "#e4e7eb", 1, null);
            svg.text(px, bottom + 16, "middle", Axis.label(t), 12, "small");
        }
        svg.text(
                (axis.px(axis.ticks().get(0))
                                + axis.px(axis.ticks().get(axis.ticks().size() - 1)))
                        / 2,
                bottom + 34,
                "middle",
                unit,
                40,
                "small");
    }

    /** Successful measured TTFT (or E2E) values in ms, ascending. */
    private static double[] sorted(List<Sample> samples, boolean ttft) {
        double[] v = samples.stream()
                .filter(Sample::succeeded)
                .mapToLong(s -> ttft ? s.ttftNanos() : s.e2eNanos())
                .filter(n -> n >= 0)
                .mapToDouble(n -> n / 1e6)
                .toArray();
        Arrays.sort(v);
        return v;
    }

    private static double median(List<double[]> points, int index) {
        double[] v = points.stream().mapToDouble(p -> p[index]).sorted().toArray();
        return Bootstrap.quantile(v, 0.5);
    }
}
