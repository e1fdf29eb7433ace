package dev.vernier.report;

import static dev.vernier.report.Html.escape;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Format {@code html}: one self-contained {@code index.html} with inline CSS, SVG and a small script
 * (no external resource, no network; it opens from disk and prints). Sections: run facts, a sortable
 * decision summary per provider with the best value per column marked, charts, the load steps (when a
 * sweep, an open-loop step or an early stop ran: a table per provider x step and each provider's
 * saturation point), "the debate, measured", the per-case matrix with filters and paging, and the
 * formulas.
 *
 * <p>Everything taken from the result is untrusted and passes through {@link Html#escape}; none of
 * it is placed in a script, an event handler, {@code href} or {@code src}. The script reads its only
 * data from a {@code <script type="application/json">} block in which {@code <}, {@code >} and
 * {@code &} are written as JSON escapes, and a Content-Security-Policy allows only this page's own
 * script and style (by hash), so injected markup could not run even if escaping failed. The page is
 * readable without JavaScript: the script only adds sorting, filters and paging.
 */
public final class HtmlReportWriter implements ReportWriter {

    public static final String FILE = "index.html";

    /** Matrix rows per page (the script pages; without it every row shows). */
    static final int PAGE_SIZE = 200;
    /** Rows of the per-case matrix written at most; the rest are in samples.csv. */
    static final int MAX_MATRIX_ROWS = 2_000;

    private static final String CSS = resource("report.css");
    private static final String JS = resource("report.js");
    private static final String CSP = "default-src 'none'; style-src '" + sha256(CSS) + "'; script-src '" + sha256(JS)
            + "'; img-src 'none'; base-uri 'none'; form-action 'none'";

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
        ReportModel m = ReportModel.of(result);
        StringBuilder h = new StringBuilder(
                64 * 1024 + 2_000 * m.figures().size() * m.cases().size() / 4);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
                .append(CSP)
                .append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Vernier: ")
                .append(escape(result.suiteName()))
                .append("</title>\n")
                .append("<style>")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n");
        header(h, m);
        h.append("<nav class=\"toc\"><a href=\"#summary\">Decision summary</a><a href=\"#charts\">Charts</a>")
                .append(m.showSteps() ? "<a href=\"#steps\">Load steps</a>" : "")
                .append(ReasoningSection.shown(m) ? "<a href=\"#reasoning\">Reasoning</a>" : "")
                .append(StructuredOutputSection.shown(m) ? "<a href=\"#structured\">Structured output</a>" : "")
                .append(ToolSection.shown(m) ? "<a href=\"#tools\">Tool calling</a>" : "")
                .append("<a href=\"#debate\">The debate, measured</a><a href=\"#statistics\">How sure are we</a>"
                        + "<a href=\"#cases\">Per case</a>"
                        + "<a href=\"#method\">How these numbers are computed</a></nav>\n");
        decisionTable(h, m);
        charts(h, m);
        if (m.showSteps()) {
            steps(h, m);
        }
        ReasoningSection.render(h, m);
        StructuredOutputSection.render(h, m);
        ToolSection.render(h, m);
        debate(h, m);
        StatisticsSection.render(h, m);
        CaseMatrix.render(h, m, PAGE_SIZE, MAX_MATRIX_ROWS);
        h.append(METHOD);
        h.append("<script type=\"application/json\" id=\"vernier-data\">")
                .append(pageData(m))
                .append("</script>\n");
        h.append("<script>").append(JS).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    // ----- header ----------------------------------------------------------------------------

    private static void header(StringBuilder h, ReportModel m) {
        var r = m.result();
        h.append("<header>\n<h1>Vernier report: ").append(escape(r.suiteName())).append("</h1>\n");
        String banner = r.completeness().banner();
        if (banner != null) {
            h.append("<p class=\"")
                    .append(r.completeness().complete() ? "resumed" : "incomplete")
                    .append("\" role=\"status\">")
                    .append(escape(banner))
                    .append("</p>\n");
        }
        h.append("<dl class=\"facts\">\n");
        fact(h, "Suite file", r.suiteFile());
        fact(h, "Started", r.startedAt().toString());
        fact(h, "Finished", r.finishedAt().toString());
        fact(h, "Duration", String.format(Locale.ROOT, "%.1f s", m.duration().toMillis() / 1000.0));
        fact(
                h,
                "Requests",
                m.measuredRequests() + " measured"
                        + (m.warmupRequests() > 0 ? " + " + m.warmupRequests() + " warm-up" : ""));
        fact(
                h,
                "Providers",
                m.figures().size() + " ran"
                        + (m.skipped().isEmpty() ? "" : ", " + m.skipped().size() + " skipped"));
        fact(h, "Vernier version", orUnknown(m.env("vernier.version")));
        fact(
                h,
                "Machine",
                joined(m, " ", "os.name", "os.arch")
                        + suffix(m.env("available_processors"), " cores", ", ")
                        + suffix(m.env("max_heap_mb"), " MB max heap", ", "));
        fact(h, "JVM", joined(m, " ", "java.vm.name", "java.version") + suffix(m.env("gc"), "", ", collector "));
        h.append("</dl>\n");
        if (!r.environment().isEmpty()) {
            h.append("<details><summary>Environment (")
                    .append(r.environment().size())
                    .append(" facts)</summary>\n<dl class=\"facts\">\n");
            r.environment().forEach((k, v) -> fact(h, k, v));
            h.append("</dl>\n</details>\n");
        }
        if (!m.skipped().isEmpty()) {
            h.append("<h2 id=\"skipped\">Skipped providers</h2>\n<ul class=\"skipped\">\n");
            for (ProviderRun p : m.skipped()) {
                h.append("<li><strong>")
                        .append(escape(p.providerId()))
                        .append("</strong> (")
                        .append(escape(Words.accessMode(p.accessMode())))
                        .append("): ")
                        .append(escape(p.skippedReason()))
                        .append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</header>\n");
    }

    private static String joined(ReportModel m, String sep, String... keys) {
        List<String> parts = new ArrayList<>();
        for (String k : keys) {
            if (m.env(k) != null) {
                parts.add(m.env(k));
            }
        }
        return parts.isEmpty() ? "unknown" : String.join(sep, parts);
    }

    private static String suffix(String value, String unit, String sep) {
        return value == null ? "" : sep + value + unit;
    }

    private static String orUnknown(String v) {
        return v == null ? "unknown" : v;
    }

    private static void fact(StringBuilder h, String name, String value) {
        h.append("<dt>")
                .append(escape(name))
                .append("</dt><dd>")
                .append(escape(value))
                .append("</dd>\n");
    }

    // ----- decision summary ------------------------------------------------------------------

    /** Which way a column is better, for the "best value" mark. */
    private enum Better {
        LOWER,
        HIGHER,
        NONE
    }

    /**
     * A numeric column of the decision table. The best value is marked only among comparable values:
     * those of providers in the same {@code group} (null: all one group), and only where a group has two
     * defined values or more.
     *
     * @param text    the value as shown, null when there is none
     * @param missing what the cell says when there is no value
     * @param group   which providers' values compare with each other (e.g. TTFT of providers whose first
     *                token is reasoning apart from those whose first token is the answer); null for all
     */
    private record NumColumn(
            String header,
            Better better,
            Function<ProviderFigures, OptionalDouble> value,
            Function<ProviderFigures, String> text,
            Function<ProviderFigures, String> missing,
            Function<ProviderFigures, String> group) {

        NumColumn(
                String header,
                Better better,
                Function<ProviderFigures, OptionalDouble> value,
                Function<ProviderFigures, String> text,
                Function<ProviderFigures, String> missing) {
            this(header, better, value, text, missing, null);
        }

        NumColumn(
                String header,
                Better better,
                Function<ProviderFigures, OptionalDouble> value,
                Function<ProviderFigures, String> text) {
            this(header, better, value, text, p -> ProviderFigures.NOT_MEASURED);
        }

        /** This column with its best value marked per group of comparable providers. */
        NumColumn grouped(Function<ProviderFigures, String> by) {
            return new NumColumn(header, better, value, text, missing, by);
        }

        String groupOf(ProviderFigures p) {
            return group == null ? "" : group.apply(p);
        }
    }

    /** TTFT group: the first token is reasoning (a thought) or the answer; the two do not compare. */
    private static String firstToken(ProviderFigures p) {
        return ReasoningFigures.of(p).reasoningFirst() ? "reasoning" : "answer";
    }

    private static NumColumn dist(String header, Better better, ToDoubleFunction<Summary> f) {
        return new NumColumn(
                header,
                better,
                p -> defined(f.applyAsDouble(p.summary())),
                p -> Numbers.display(f.applyAsDouble(p.summary())));
    }

    private static OptionalDouble defined(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) || v < 0 ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static final List<NumColumn> NUM_COLUMNS = List.of(
            dist("TTFT p50 (ms)", Better.LOWER, s -> s.ttftMs().p50()).grouped(HtmlReportWriter::firstToken),
            dist("TTFT p95 (ms)", Better.LOWER, s -> s.ttftMs().p95()).grouped(HtmlReportWriter::firstToken),
            dist(
                    "First answer p50 (ms)",
                    Better.LOWER,
                    s -> s.reasoning().firstAnswerMs().p50()),
            dist("E2E p50 (ms)", Better.LOWER, s -> s.e2eMs().p50()),
            dist("E2E p95 (ms)", Better.LOWER, s -> s.e2eMs().p95()),
            dist(
                    "Decode tok/s p50",
                    Better.HIGHER,
                    s -> s.decodeTokensPerSecond().p50()),
            dist("Output tok/s", Better.HIGHER, Summary::outputTokensPerSecond),
            new NumColumn(
                    "Goodput (req/s)",
                    Better.HIGHER,
                    ProviderFigures::goodputPerSecond,
                    p -> p.goodputPerSecond().isPresent()
                            ? Numbers.display(p.goodputPerSecond().getAsDouble())
                            : null),
            new NumColumn(
                    "Pass rate",
                    Better.HIGHER,
                    ProviderFigures::passRate,
                    p -> p.passRate().isPresent() ? Words.percent(p.passRate().getAsDouble()) : null),
            new NumColumn(
                    "Cost / 1k requests (USD)",
                    Better.LOWER,
                    ProviderFigures::costPer1kRequests,
                    p -> p.costPer1kRequests().isPresent()
                            ? Numbers.fixed(p.costPer1kRequests().getAsDouble(), 4)
                            : null,
                    ProviderFigures::costMissing),
            new NumColumn(
                    "Cost / correct answer (USD)",
                    Better.LOWER,
                    ProviderFigures::costPerCorrectAnswer,
                    p -> p.costPerCorrectAnswer().isPresent()
                            ? Numbers.fixed(p.costPerCorrectAnswer().getAsDouble(), 5)
                            : null,
                    ProviderFigures::costPerCorrectText),
            new NumColumn(
                    "Hidden reasoning (share of output)",
                    Better.LOWER,
                    p -> ReasoningFigures.of(p).hiddenShare(),
                    p -> ReasoningFigures.of(p).hiddenShare().isPresent()
                            ? Words.percent(ReasoningFigures.of(p).hiddenShare().getAsDouble())
                            : null,
                    p -> ReasoningFigures.of(p).any() ? ProviderFigures.UNKNOWN : ProviderFigures.NOT_MEASURED),
            new NumColumn(
                    "Self-hosted USD / 1M output tokens",
                    Better.LOWER,
                    ProviderFigures::selfHostedUsdPerMillionOutputTokens,
                    p -> p.selfHostedUsdPerMillionOutputTokens().isPresent()
                            ? Numbers.fixed(
                                    p.selfHostedUsdPerMillionOutputTokens().getAsDouble(), 4)
                            : null),
            new NumColumn(
                    "Requests",
                    Better.NONE,
                    p -> OptionalDouble.of(p.summary().requests()),
                    p -> Long.toString(p.summary().requests())),
            new NumColumn(
                    "Errors",
                    Better.LOWER,
                    p -> OptionalDouble.of(p.summary().errorRate()),
                    p -> Words.errors(p.summary().failures(), p.summary().errorRate())),
            new NumColumn(
                    "Retries",
                    Better.LOWER,
                    p -> OptionalDouble.of(p.summary().retries()),
                    p -> Long.toString(p.summary().retries())));

    private static void decisionTable(StringBuilder h, ReportModel m) {
        h.append("<section id=\"summary\">\n<h2>Decision summary</h2>\n");
        if (m.figures().isEmpty()) {
            h.append("<p>No provider ran.</p>\n</section>\n");
            return;
        }
        h.append("<div class=\"wide\"><table class=\"sortable decision\" id=\"decision\">\n<thead><tr>");
        for (String t : List.of("Provider", "Access mode", "Open weights", "Your prompts")) {
            h.append("<th data-sort=\"text\">").append(escape(t)).append("</th>");
        }
        for (NumColumn c : NUM_COLUMNS) {
            h.append("<th class=\"num\" data-sort=\"num\">")
                    .append(escape(c.header()))
                    .append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        Map<NumColumn, Map<String, Double>> best = new LinkedHashMap<>();
        for (NumColumn c : NUM_COLUMNS) {
            if (c.better() == Better.NONE) {
                continue;
            }
            Map<String, List<Double>> byGroup = new LinkedHashMap<>();
            for (ProviderFigures p : m.figures()) {
                OptionalDouble v = c.value().apply(p);
                if (v.isPresent()) {
                    byGroup.computeIfAbsent(c.groupOf(p), k -> new ArrayList<>())
                            .add(v.getAsDouble());
                }
            }
            Map<String, Double> winners = new LinkedHashMap<>();
            byGroup.forEach((group, values) -> {
                if (values.size() >= 2) {
                    winners.put(
                            group,
                            c.better() == Better.LOWER
                                    ? values.stream().min(Double::compare).orElseThrow()
                                    : values.stream().max(Double::compare).orElseThrow());
                }
            });
            best.put(c, winners);
        }
        boolean splitTtft = m.figures().stream()
                        .map(HtmlReportWriter::firstToken)
                        .distinct()
                        .count()
                > 1;
        for (ProviderFigures p : m.figures()) {
            h.append("<tr><th scope=\"row\" data-v=\"")
                    .append(escape(p.id()))
                    .append("\">")
                    .append(escape(p.id()))
                    .append("</th>");
            text(h, p.accessMode());
            text(h, p.openWeights());
            text(h, p.dataGoes());
            for (NumColumn c : NUM_COLUMNS) {
                OptionalDouble v = c.value().apply(p);
                String shown = c.text().apply(p);
                if (shown == null) {
                    String missing = c.missing().apply(p);
                    h.append("<td class=\"num na\" data-v=\"\">")
                            .append(escape(missing))
                            .append("</td>");
                    continue;
                }
                Double winner = best.getOrDefault(c, Map.of()).get(c.groupOf(p));
                boolean isBest = v.isPresent() && winner != null && v.getAsDouble() == winner;
                String title = c.group() == null || !splitTtft
                        ? "best in this column"
                        : "best among providers whose first token is " + c.groupOf(p);
                h.append("<td class=\"num")
                        .append(isBest ? " best" : "")
                        .append('"')
                        .append(isBest ? " title=\"" + title + "\"" : "")
                        .append(" data-v=\"")
                        .append(v.isPresent() ? Numbers.raw(v.getAsDouble()) : "")
                        .append("\">")
                        .append(escape(shown))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append(
                "</tbody>\n</table></div>\n<p class=\"note\">&#9733; marks the best value in a column (lowest latency, "
                        + "errors, retries, cost and hidden reasoning; highest speed, goodput and pass rate), only among at least"
                        + " two comparable defined values: TTFT times the first token of any kind, so a provider that"
                        + " streams its reasoning is compared with those that do too, and the others with each other"
                        + " (time to first answer compares all). Click a column header to sort. Empty "
                        + "cells are undefined for that provider (e.g. decode speed needs two output tokens). Pass rate needs "
                        + "assertions; goodput needs the suite's <code>slo:</code>; cost needs prices (API providers) or "
                        + "hardware (self-hosted): <em>not measured</em> "
                        + "without them, <em>unknown</em> when a request could not be priced (never shown as 0). "
                        + "Warm-up requests are excluded; latencies are of successful requests.</p>\n");
        modelFacts(h, m);
        h.append("</section>\n");
    }

    private static void modelFacts(StringBuilder h, ReportModel m) {
        h.append("<h3>Models</h3>\n<div class=\"wide\"><table class=\"models\">\n<thead><tr><th>Provider</th>"
                + "<th>Model</th><th class=\"num\">Parameters</th><th>Quantisation</th><th>Licence</th>"
                + "<th class=\"num\">Load (ms)</th><th>Offered load</th><th>Notes</th></tr></thead>\n"
                + "<tbody>\n");
        for (ProviderFigures p : m.figures()) {
            var f = p.run().facts();
            h.append("<tr><th scope=\"row\">").append(escape(p.id())).append("</th>");
            text(h, f == null ? "unknown" : f.model());
            h.append("<td class=\"num\">")
                    .append(
                            f == null || f.parameterCount() == null
                                    ? "unknown"
                                    : String.format(Locale.ROOT, "%,d", f.parameterCount()))
                    .append("</td>");
            text(h, f == null || f.quantisation() == null ? "unknown" : f.quantisation());
            text(h, f == null || f.licence() == null ? "unknown" : f.licence());
            h.append("<td class=\"num\">")
                    .append(escape(orNa(Numbers.ms(p.run().loadMillis()))))
                    .append("</td>");
            text(h, StepFigures.describe(m.steps(p.id())));
            text(h, f == null ? "" : f.notes());
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n<p class=\"note\">Load time is measured once per provider and never "
                + "counted as request latency; n/a where nothing is loaded in this process.</p>\n");
    }

    private static void text(StringBuilder h, String value) {
        h.append("<td>").append(escape(value)).append("</td>");
    }

    // ----- charts ----------------------------------------------------------------------------

    private static void charts(StringBuilder h, ReportModel m) {
        h.append("<section id=\"charts\">\n<h2>Charts</h2>\n");
        for (Charts.Chart c : Charts.all(m)) {
            h.append("<figure id=\"")
                    .append(c.id())
                    .append("\">\n<h3>")
                    .append(escape(c.title()))
                    .append("</h3>\n");
            if (c.drawn()) {
                h.append(c.svg())
                        .append("<figcaption>")
                        .append(escape(c.caption()))
                        .append("</figcaption>\n");
            } else {
                h.append("<p class=\"absent\">")
                        .append(escape(c.absentReason()))
                        .append("</p>\n");
            }
            if (c.id().equals(Charts.BREAK_EVEN_ID)) {
                breakEvenVerdicts(h, m);
            }
            h.append("</figure>\n");
        }
        h.append("</section>\n");
    }

    /** One break-even sentence per self-hosted x API pair, under the cost vs volume chart. */
    private static void breakEvenVerdicts(StringBuilder h, ReportModel m) {
        List<VolumeCosts.Pair> pairs = VolumeCosts.pairs(m);
        if (pairs.isEmpty()) {
            return;
        }
        h.append("<ul class=\"break-even\">\n");
        for (VolumeCosts.Pair p : pairs) {
            h.append("<li>").append(escape(p.sentence())).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    // ----- load steps ------------------------------------------------------------------------

    private static void steps(StringBuilder h, ReportModel m) {
        var slo = m.result().slo();
        boolean hardware = m.figures().stream().anyMatch(f -> f.run().hardware() != null);
        h.append("<section id=\"steps\">\n<h2>Load steps</h2>\n<p class=\"note\">One row per provider and load "
                        + "step, each over its own window. Latencies &quot;from intended&quot; are measured from when the load "
                        + "profile wanted the request sent, so queueing in front of the provider counts. SLO: ")
                .append(escape(slo.any() ? slo.describe() + " (from the intended send time)" : "none declared"))
                .append(slo.any() ? "" : "; goodput is not measured without the suite's <code>slo:</code>")
                .append(".</p>\n<div class=\"wide\"><table class=\"steps\" id=\"steps-table\">\n<thead><tr>"
                        + "<th>Provider</th><th>Load</th>");
        List<String> heads = new ArrayList<>(List.of(
                "Requests",
                "Errors",
                "Req/s",
                "Output tok/s",
                "Goodput (req/s)",
                "TTFT p50 (ms)",
                "TTFT p95 (ms)",
                "TTFT p95 from intended (ms)",
                "TTFT p99 from intended (ms)",
                "E2E p95 from intended (ms)",
                "Queueing p99 (ms)"));
        if (hardware) {
            heads.add("Self-hosted USD / 1M output tokens");
        }
        for (String t : heads) {
            h.append("<th class=\"num\">").append(escape(t)).append("</th>");
        }
        h.append("<th>Stopped early</th></tr></thead>\n<tbody>\n");
        for (ProviderFigures p : m.figures()) {
            StepFigures saturation = m.saturation(p.id()).at();
            for (StepFigures f : m.steps(p.id())) {
                Summary s = f.summary();
                boolean sat = f == saturation;
                h.append(sat ? "<tr class=\"saturation\" title=\"saturation point\">" : "<tr>")
                        .append("<th scope=\"row\">")
                        .append(escape(p.id()))
                        .append("</th>");
                text(h, f.label());
                num(h, Long.toString(s.requests()));
                num(h, Words.errors(s.failures(), s.errorRate()));
                num(h, Numbers.display(s.requestsPerSecond()));
                num(h, Numbers.display(s.outputTokensPerSecond()));
                var goodput = f.goodputPerSecond();
                if (goodput.isPresent()) {
                    num(h, Numbers.display(goodput.getAsDouble()));
                } else {
                    h.append("<td class=\"num na\">")
                            .append(escape(ProviderFigures.NOT_MEASURED))
                            .append("</td>");
                }
                num(h, Numbers.display(s.ttftMs().p50()));
                num(h, Numbers.display(s.ttftMs().p95()));
                double p95 = f.ttftFromIntendedP95();
                boolean over = !Double.isNaN(slo.ttftMs()) && !Double.isNaN(p95) && p95 > slo.ttftMs();
                h.append(over ? "<td class=\"num over\" title=\"above the TTFT SLO\">" : "<td class=\"num\">")
                        .append(escape(Numbers.display(p95)))
                        .append("</td>");
                num(h, Numbers.display(s.ttftFromIntendedMs().p99()));
                num(h, Numbers.display(s.e2eFromIntendedMs().p95()));
                num(h, Numbers.display(s.queueMs().p99()));
                if (hardware) {
                    var usd = f.selfHostedUsdPerMillionOutputTokens();
                    if (usd.isPresent()) {
                        num(h, Numbers.fixed(usd.getAsDouble(), 4));
                    } else {
                        h.append("<td class=\"num na\">")
                                .append(escape(p.run().hardware() == null ? ProviderFigures.NOT_MEASURED : "n/a"))
                                .append("</td>");
                    }
                }
                text(h, f.step().stopReason() == null ? "" : f.step().stopReason());
                h.append("</tr>\n");
            }
        }
        h.append("</tbody>\n</table></div>\n<ul class=\"saturation\">\n");
        for (ProviderFigures p : m.figures()) {
            h.append("<li><strong>")
                    .append(escape(p.id()))
                    .append("</strong>: ")
                    .append(escape(m.saturation(p.id()).sentence()))
                    .append("</li>\n");
        }
        h.append("</ul>\n<p class=\"note\">Req/s counts successful requests; goodput counts requests that "
                + "succeeded, met every SLO limit (measured from the intended send time) and passed their assertions. "
                + "A stop rule that ends a step early also ends that provider's sweep. Empty cells are undefined "
                + "(e.g. no request of the step produced output).</p>\n</section>\n");
    }

    private static void num(StringBuilder h, String value) {
        h.append("<td class=\"num\">").append(escape(value)).append("</td>");
    }

    // ----- the debate, measured --------------------------------------------------------------

    private static void debate(StringBuilder h, ReportModel m) {
        h.append("<section id=\"debate\">\n<h2>The debate, measured</h2>\n<p class=\"note\">The usual "
                + "open-vs-proprietary arguments, answered with this run's numbers for these prompts on this machine "
                + "and nothing else.</p>\n");
        if (m.figures().isEmpty()) {
            h.append("<p>No provider ran.</p>\n</section>\n");
            return;
        }
        h.append("<div class=\"wide\"><table class=\"debate\">\n<thead><tr><th>Criterion</th>");
        for (ProviderFigures p : m.figures()) {
            h.append("<th>").append(escape(p.id())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        debateRow(
                h,
                m,
                "Cost",
                p -> p.costPer1kRequests().isPresent()
                        ? "USD " + Numbers.fixed(p.costPer1kRequests().getAsDouble(), 4) + " per 1,000 requests; "
                                + "per correct answer " + p.costPerCorrectText()
                        : ProviderFigures.NOT_MEASURED.equals(p.costMissing())
                                ? ProviderFigures.NOT_MEASURED + " (no prices or hardware cost declared)"
                                : ProviderFigures.UNKNOWN + " (" + p.unpricedReason() + ")");
        debateRow(
                h,
                m,
                "Latency",
                p -> "TTFT p50 " + ms(p.summary().ttftMs().p50()) + ", p95 "
                        + ms(p.summary().ttftMs().p95()) + "; E2E p50 "
                        + ms(p.summary().e2eMs().p50()) + ", p95 "
                        + ms(p.summary().e2eMs().p95()));
        debateRow(
                h,
                m,
                "Throughput",
                p -> orNa(Numbers.display(p.summary().outputTokensPerSecond()))
                        + " output tok/s at " + StepFigures.describe(m.steps(p.id()))
                        + (m.steps(p.id()).size() > 1 ? " (all steps together; per step under Load steps)" : "")
                        + "; decode p50 "
                        + orNa(Numbers.display(
                                p.summary().decodeTokensPerSecond().p50())) + " tok/s per request");
        debateRow(
                h,
                m,
                "Quality on these prompts",
                p -> p.passRate().isPresent()
                        ? Words.percent(p.passRate().getAsDouble()) + " of requests pass their assertions"
                        : ProviderFigures.NOT_MEASURED + " (no assertions in this run)");
        debateRow(
                h,
                m,
                "Consistency across repeats",
                p -> p.consistencyGroups() == 0
                        ? ProviderFigures.NOT_MEASURED + " (no case \u00d7 prompt has two successful repeats)"
                        : Words.percent(p.consistency()) + " of " + p.consistencyGroups()
                                + " case \u00d7 prompt groups gave identical outputs on every repeat");
        debateRow(
                h,
                m,
                "Reliability",
                p -> p.summary().failures() + " of " + p.summary().requests()
                        + " requests failed (" + Words.percent(p.summary().errorRate()) + "); "
                        + p.summary().retries()
                        + " retries");
        debateRow(
                h,
                m,
                "Transparency (reasoning you can read)",
                p -> ReasoningFigures.of(p).transparency());
        debateRow(h, m, "Data leaving the machine", p -> "prompts " + p.dataGoes() + " (" + p.accessMode() + ")");
        debateRow(h, m, "Customisation possible (open weights)", p -> {
            String w = "open weights: " + p.openWeights();
            var f = p.run().facts();
            return f != null && f.licence() != null ? w + ", licence " + f.licence() : w;
        });
        h.append("</tbody>\n</table></div>\n</section>\n");
    }

    private static String ms(double v) {
        String s = Numbers.display(v);
        return s.isEmpty() ? "n/a" : s + " ms";
    }

    private static String orNa(String s) {
        return s.isEmpty() ? "n/a" : s;
    }

    private static void debateRow(
            StringBuilder h, ReportModel m, String criterion, Function<ProviderFigures, String> value) {
        h.append("<tr><th scope=\"row\">").append(escape(criterion)).append("</th>");
        for (ProviderFigures p : m.figures()) {
            String v = value.apply(p);
            h.append(
                            v.startsWith(ProviderFigures.NOT_MEASURED) || v.startsWith(ProviderFigures.UNKNOWN)
                                    ? "<td class=\"na\">"
                                    : "<td>")
                    .append(escape(v))
                    .append("</td>");
        }
        h.append("</tr>\n");
    }

    // ----- data for the script ---------------------------------------------------------------

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The script's data as JSON that cannot end the script element: {@code < > &} and line separators escaped. */
    static String pageData(ReportModel m) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("suite", m.result().suiteName());
        o.put("pageSize", PAGE_SIZE);
        o.put("rows", Math.min(m.cases().size(), MAX_MATRIX_ROWS));
        ArrayNode providers = o.putArray("providers");
        m.figures().forEach(p -> providers.add(p.id()));
        try {
            return scriptSafeJson(MAPPER.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise page data", e);
        }
    }

    /** Escapes the characters that could close or confuse a script element inside JSON strings. */
    static String scriptSafeJson(String json) {
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    // ----- static parts ----------------------------------------------------------------------

    private static String resource(String name) {
        try (InputStream in = HtmlReportWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String METHOD = """
            <section id="method">
            <h2>How these numbers are computed</h2>
            <p>All times are taken by the harness with one monotonic clock, the same way for every provider: the \
            provider streams chunks into a sink and the harness timestamps each non-empty chunk on arrival. \
            t_send: the request is handed to the provider; t_intended: when the load profile wanted it sent (equal to \
            t_send in closed loop); t_1: first non-empty output chunk of any kind (reasoning or answer); t_a: first \
            answer chunk; t_n: last output chunk; N: output tokens whose arrival was timed (answer tokens plus \
            visible reasoning tokens; hidden reasoning never).</p>
            <table>
            <thead><tr><th>metric</th><th>formula</th><th>notes</th></tr></thead>
            <tbody>
            <tr><td>TTFT</td><td><code>t_1 &minus; t_send</code></td><td>time to first token of any kind</td></tr>
            <tr><td>time to first answer</td><td><code>t_a &minus; t_send</code></td><td>equals TTFT for a model \
            that streams no reasoning</td></tr>
            <tr><td>reasoning time / answer time</td><td><code>t_a &minus; t_1</code> / <code>t_n &minus; t_a</code>\
            </td><td>reasoning time only when reasoning streamed; unseen reasoning is inside TTFT</td></tr>
            <tr><td>answer / visible / hidden reasoning tokens</td><td>billed output <code>O</code>, billed \
            reasoning <code>R</code>, streamed reasoning <code>V</code>: hidden <code>= R &minus; V</code> when the \
            stream is the whole reasoning, <code>R</code> when nothing or only a summary streamed; answer \
            <code>= O &minus; R</code></td><td>each with its source; unknown (empty) when the vendor gives no \
            count, never guessed</td></tr>
            <tr><td>hidden reasoning share</td><td><code>sum hidden / sum O</code>; cost share <code>sum hidden \
            &times; price_out / sum cost</code></td><td>per provider; unknown when any request&#39;s split is</td></tr>
            <tr><td>E2E latency</td><td><code>t_n &minus; t_send</code> (response complete &minus; t_send when nothing \
            streamed)</td><td></td></tr>
            <tr><td>TPOT</td><td><code>(E2E &minus; TTFT) / (N &minus; 1)</code>, only when N &ge; 2</td>\
            <td>vLLM&#39;s definition; when the streamed reasoning is a summary of unknown size, \
            <code>(t_n &minus; t_a) / (answer tokens &minus; 1)</code> over the answer</td></tr>
            <tr><td>ITL</td><td>every gap <code>t_i &minus; t_(i&minus;1)</code> between consecutive chunks, pooled over \
            requests</td><td>vLLM&#39;s definition</td></tr>
            <tr><td>decode speed</td><td><code>(N &minus; 1) / (t_n &minus; t_1)</code> tokens/s, per request</td>\
            <td>over the answer (from t_a) for a summary, as TPOT</td></tr>
            <tr><td>output throughput</td><td><code>sum N / window</code> tokens/s</td><td>window = first measured \
            t_send to last measured completion, per provider</td></tr>
            <tr><td>request throughput</td><td><code>successful requests / window</code></td><td></td></tr>
            <tr><td>queueing delay</td><td><code>t_send &minus; t_intended</code></td><td>open loop: waiting for \
            a free slot (max in flight) or a late harness; closed loop: 0 unless the provider retried</td></tr>
            <tr><td>latency from intended</td><td><code>TTFT + queueing delay = t_1 &minus; t_intended</code>; \
            <code>E2E + queueing delay = t_n &minus; t_intended</code></td><td>a stalled server or harness delays \
            t_send but not t_intended, so it cannot hide (no coordinated omission)</td></tr>
            <tr><td>step throughput</td><td><code>sum N / step window</code>, <code>successful requests / step \
            window</code></td><td>per load step, window = the step&#39;s first measured t_send to its last \
            measured completion</td></tr>
            <tr><td>goodput</td><td><code>requests that succeeded, met every SLO limit (latencies from \
            t_intended) and passed their assertions / window</code></td><td>per provider and per step; not \
            measured without the suite&#39;s <code>slo:</code></td></tr>
            <tr><td>saturation point</td><td>the step with the highest offered load whose <code>p95(TTFT from \
            t_intended) &le; slo.ttft_ms</code></td><td>per provider; the last such step when closed- and \
            open-loop steps are mixed; needs <code>slo.ttft_ms</code></td></tr>
            <tr><td>error rate</td><td><code>failed requests / requests</code></td><td>warm-ups excluded</td></tr>
            <tr><td>consistency across repeats</td><td><code>case &times; prompt groups whose successful outputs are all \
            identical / groups with at least two successful repeats</code></td><td>per provider</td></tr>
            <tr><td>providers disagree</td><td>the most frequent output of each provider (surrounding whitespace \
            ignored) differs between providers</td><td>per-case filter</td></tr>
            <tr><td>self-hosted USD / 1M output tokens</td><td><code>usd_per_hour / (output throughput &times; 3600) &times; 1e6</code></td><td>providers with declared hardware</td></tr>
            <tr><td>break-even volume</td><td>monthly tokens <code>V</code> where <code>usd_per_hour &times; 730 = V / 1e6 &times; API USD per 1M tokens</code></td><td>API price averaged over the run&#39;s measured token mix (input + output)</td></tr>
            </tbody>
            </table>
            <p>N is the provider&#39;s count when it has one; otherwise the number of content chunks. Every token count \
            carries its source: SERVER_USAGE, PROVIDER_NATIVE, LOCAL_TOKENIZER, ESTIMATE, CHUNK_COUNT.</p>
            <p>Percentiles in the tables (p50, p95), mean and standard deviation come from HdrHistograms that record \
            microseconds at 3 significant digits (so a percentile is within 0.1% of the exact value); decode speed \
            uses a DoubleHistogram with the same precision. The box plots use the exact samples. Warm-up requests and \
            failed requests are excluded from latency distributions; failed requests count in requests and errors. \
            A request&#39;s cost is <code>((input &minus; cached) &times; price_in + cached &times; price_cached +             output &times; price_out) / 1e6</code> for an API provider, <code>usd_per_hour / 3600 &times; E2E_s /             concurrency</code> for a provider with declared hardware; unknown otherwise. Cost per 1k requests = mean             request cost &times; 1000 (unknown when any request&#39;s cost is); cost per correct answer = total cost /             passing requests. Confidence intervals are 95% percentile bootstrap intervals (2,000 resamples, fixed             seed); paired comparisons resample pairs of requests with the same case, prompt and repeat; pass/fail             differences use the exact McNemar test (p &lt; 0.05).</p>
            </section>
            """;
}
