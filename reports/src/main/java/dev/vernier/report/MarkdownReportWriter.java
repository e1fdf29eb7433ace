package dev.vernier.report;

import dev.vernier.core.metrics.ConversationSummary;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Format {@code markdown}: {@code summary.md}, a GitHub-flavoured Markdown summary for pull-request
 * comments: the run facts in one line, one table row per provider (latency percentiles, speeds,
 * errors and retries; pass rate and cost say "not measured" until the result holds them), one
 * break-even sentence per self-hosted (with hardware) x priced API pair ({@link VolumeCosts}), a
 * compact table per provider x load step with each provider's saturation point when a sweep, an
 * open-loop step or an early stop ran ({@link StepFigures#worthShowing}), a table per reasoning
 * effort sweep ({@link EffortSweep}), and the skipped providers with their reasons. Text from the result is made inert: backslash, {@code |},
 * backtick, {@code *}, {@code _}, {@code [}, {@code ]} are backslash-escaped, {@code < > &} become
 * entities and line breaks become spaces, so a cell can neither end the table nor add markup.
 */
public final class MarkdownReportWriter implements ReportWriter {

    public static final String FILE = "summary.md";

    private static final List<String> COLUMNS = List.of(
            "Provider",
            "Access mode",
            "Open weights",
            "Your prompts",
            "Requests",
            "Errors",
            "Retries",
            "TTFT p50 (ms)",
            "TTFT p95 (ms)",
            "First answer p50 (ms)",
            "E2E p50 (ms)",
            "E2E p95 (ms)",
            "Decode tok/s p50",
            "Output tok/s",
            "Pass rate",
            "Cost / 1k requests",
            "Hidden reasoning");

    @Override
    public String format() {
        return "markdown";
    }

    @Override
    public void write(RunResult result, Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), render(result), StandardCharsets.UTF_8);
    }

    /** The document, {@code \n} line ends. */
    public String render(RunResult result) {
        ReportModel m = ReportModel.of(result);
        StringBuilder b = new StringBuilder();
        b.append("## Vernier: ").append(escape(result.suiteName())).append("\n\n");
        String banner = result.completeness().banner();
        if (banner != null) {
            b.append("> **").append(escape(banner)).append("**\n\n");
        }
        String version = m.env("vernier.version");
        b.append("Started ")
                .append(result.startedAt())
                .append(", ")
                .append(String.format(Locale.ROOT, "%.1f s", m.duration().toMillis() / 1000.0))
                .append(", ")
                .append(m.measuredRequests())
                .append(" measured requests")
                .append(m.warmupRequests() > 0 ? " (+" + m.warmupRequests() + " warm-up)" : "")
                .append(version == null ? "" : ", Vernier " + escape(version))
                .append(".\n\n");
        if (m.figures().isEmpty()) {
            b.append("No provider ran.\n");
        } else {
            b.append("| ").append(String.join(" | ", COLUMNS)).append(" |\n|");
            for (int i = 0; i < COLUMNS.size(); i++) {
                b.append(i < 4 ? " --- |" : " ---: |");
            }
            b.append('\n');
            for (ProviderFigures p : m.figures()) {
                row(b, p);
            }
            boolean passRates = m.figures().stream().anyMatch(f -> f.passRate().isPresent());
            b.append("\nLatencies of successful requests, from HdrHistograms (3 significant digits); warm-ups "
                            + "excluded. ")
                    .append(
                            passRates
                                    ? "Pass rate: share of requests passing their case's assertions (failed requests do not "
                                            + "pass)."
                                    : "Pass rate: " + ProviderFigures.NOT_MEASURED + " (no assertions in this run).")
                    .append(" Cost / 1k requests: mean measured request cost x 1000 in USD; unknown when a request "
                            + "has no price (never 0), " + ProviderFigures.NOT_MEASURED
                            + " without prices or hardware.")
                    .append(" First answer: time to the first answer token (TTFT counts reasoning too). Hidden"
                            + " reasoning: share of billed output tokens that were reasoning nobody could read.")
                    .append(" Empty: undefined.\n");
            List<VolumeCosts.Pair> pairs = VolumeCosts.pairs(m);
            if (!pairs.isEmpty()) {
                b.append("\nBreak-even (self-hosted hardware kept up all month vs API at this run's token mix):\n\n");
                for (VolumeCosts.Pair pair : pairs) {
                    b.append("- ").append(escape(pair.sentence())).append('\n');
                }
            }
            if (m.showSteps()) {
                steps(b, m);
            }
            sweeps(b, m);
            structuredOutput(b, m);
            ToolSection.markdown(b, m, MarkdownReportWriter::escape);
            conversations(b, result);
        }
        if (!m.skipped().isEmpty()) {
            b.append("\nSkipped:\n\n");
            for (ProviderRun p : m.skipped()) {
                b.append("- **")
                        .append(escape(p.providerId()))
                        .append("**: ")
                        .append(escape(p.skippedReason()))
                        .append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Structured output, when any request asked for a response schema: per provider the schema-valid rate
     * and the first answer that broke the schema, with why (the raw answer, escaped, in the samples).
     */
    private static void structuredOutput(StringBuilder b, ReportModel m) {
        if (m.figures().stream().noneMatch(ProviderFigures::schemaChecked)) {
            return;
        }
        b.append("\nStructured output (answers checked against their request's JSON Schema):\n\n")
                .append("| Provider | Schema-valid | First invalid answer | Why |\n| --- | ---: | --- | --- |\n");
        for (ProviderFigures f : m.figures()) {
            Sample bad = f.firstSchemaFailure();
            b.append("| ")
                    .append(escape(f.id()))
                    .append(" | ")
                    .append(f.schemaValidWords())
                    .append(" | ")
                    .append(bad == null ? "" : escape(Words.abbreviate(bad.text(), 60)))
                    .append(" | ")
                    .append(
                            bad == null
                                    ? ""
                                    : escape(Words.abbreviate(bad.schemaCheck().problem(), 80)))
                    .append(" |\n");
        }
        b.append("\nSchema-valid: answers that parse as one JSON document valid against the schema / successful"
                + " requests that asked for one (docs/structured-output.md).\n");
    }

    private static final List<String> STEP_COLUMNS = List.of(
            "Provider",
            "Load",
            "Requests",
            "Errors",
            "Req/s",
            "Output tok/s",
            "Goodput (req/s)",
            "TTFT p95 (ms)",
            "TTFT p95 from intended (ms)",
            "Queueing p99 (ms)",
            "Stopped early");

    /** One row per provider x load step, then one saturation sentence per provider. */
    private static void steps(StringBuilder b, ReportModel m) {
        var slo = m.result().slo();
        b.append("\nLoad steps (SLO: ")
                .append(escape(slo.describe()))
                .append("; latencies from the intended send time include queueing; goodput: requests that succeeded, "
                        + "met the SLO and passed their assertions, per second, ")
                .append(slo.any() ? "per step window" : ProviderFigures.NOT_MEASURED + " without an SLO")
                .append("):\n\n");
        b.append("| ").append(String.join(" | ", STEP_COLUMNS)).append(" |\n|");
        for (int i = 0; i < STEP_COLUMNS.size(); i++) {
            b.append(i < 2 || i == STEP_COLUMNS.size() - 1 ? " --- |" : " ---: |");
        }
        b.append('\n');
        for (ProviderFigures p : m.figures()) {
            for (StepFigures f : m.steps(p.id())) {
                Summary s = f.summary();
                var goodput = f.goodputPerSecond();
                List<String> cells = List.of(
                        p.id(),
                        f.label(),
                        Long.toString(s.requests()),
                        Words.errors(s.failures(), s.errorRate()),
                        Numbers.display(s.requestsPerSecond()),
                        Numbers.display(s.outputTokensPerSecond()),
                        goodput.isPresent() ? Numbers.display(goodput.getAsDouble()) : ProviderFigures.NOT_MEASURED,
                        Numbers.display(s.ttftMs().p95()),
                        Numbers.display(s.ttftFromIntendedMs().p95()),
                        Numbers.display(s.queueMs().p99()),
                        f.step().stopReason() == null ? "" : f.step().stopReason());
                b.append('|');
                for (String c : cells) {
                    b.append(' ').append(escape(c)).append(" |");
                }
                b.append('\n');
            }
        }
        b.append('\n');
        for (ProviderFigures p : m.figures()) {
            b.append("- ")
                    .append(escape(p.id()))
                    .append(": ")
                    .append(escape(m.saturation(p.id()).sentence()))
                    .append('\n');
        }
    }

    private static final List<String> SWEEP_COLUMNS = List.of(
            "Provider",
            "Effort",
            "Pass rate",
            "E2E p50 (ms)",
            "First answer p50 (ms)",
            "Hidden reasoning",
            "Cost / 1k requests");

    /** One row per level of each effort sweep, lowest effort first. */
    private static void sweeps(StringBuilder b, ReportModel m) {
        List<EffortSweep> sweeps = EffortSweep.of(m);
        if (sweeps.isEmpty()) {
            return;
        }
        b.append("\nReasoning effort sweeps (one provider per level):\n\n| ")
                .append(String.join(" | ", SWEEP_COLUMNS))
                .append(" |\n|");
        for (int i = 0; i < SWEEP_COLUMNS.size(); i++) {
            b.append(i < 2 ? " --- |" : " ---: |");
        }
        b.append('\n');
        for (EffortSweep sweep : sweeps) {
            for (ProviderFigures f : sweep.levels()) {
                ReasoningFigures r = ReasoningFigures.of(f);
                List<String> cells = List.of(
                        f.id(),
                        EffortSweep.effort(f),
                        f.passRate().isPresent()
                                ? Words.percent(f.passRate().getAsDouble())
                                : ProviderFigures.NOT_MEASURED,
                        Numbers.display(f.summary().e2eMs().p50()),
                        Numbers.display(f.summary().reasoning().firstAnswerMs().p50()),
                        r.hiddenShare().isPresent()
                                ? Words.percent(r.hiddenShare().getAsDouble())
                                : ProviderFigures.UNKNOWN,
                        f.costPer1kRequests().isPresent()
                                ? Numbers.fixed(f.costPer1kRequests().getAsDouble(), 4)
                                : f.costMissing());
                b.append('|');
                for (String c : cells) {
                    b.append(' ').append(escape(c)).append(" |");
                }
                b.append('\n');
            }
        }
    }

    /** Per conversation of a multi-turn case: turns, total time, cost, input growing turn by turn. */
    private static void conversations(StringBuilder b, RunResult result) {
        List<ConversationSummary> all = ConversationSummary.of(result.samples());
        if (all.isEmpty()) {
            return;
        }
        b.append("\nConversations (docs/metrics.md \"Conversations\"):\n\n")
                .append("| Provider | Conversation | Turns ok | Total | Sum of E2E | Cost | Input tokens per turn |\n")
                .append("| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        for (ConversationSummary c : all) {
            b.append("| ")
                    .append(escape(c.providerId()))
                    .append(" | ")
                    .append(escape(c.conversationId()))
                    .append(" | ")
                    .append(c.succeeded())
                    .append('/')
                    .append(c.turns())
                    .append(" | ")
                    .append(c.totalNanos() < 0 ? "" : Numbers.nanosAsMs(c.totalNanos()) + " ms")
                    .append(" | ")
                    .append(Numbers.nanosAsMs(c.e2eSumNanos()))
                    .append(" ms | ")
                    .append(Double.isNaN(c.costUsd()) ? "unknown" : "$" + Numbers.usd(c.costUsd()))
                    .append(" | ")
                    .append(String.join(
                            " → ",
                            c.inputTokens().stream()
                                    .map(t -> t < 0 ? "?" : Long.toString(t))
                                    .toList()))
                    .append(" |\n");
        }
    }

    private static void row(StringBuilder b, ProviderFigures p) {
        Summary s = p.summary();
        List<String> cells = new ArrayList<>();
        cells.add(p.id());
        cells.add(p.accessMode());
        cells.add(p.openWeights());
        cells.add(p.dataGoes());
        cells.add(Long.toString(s.requests()));
        cells.add(Words.errors(s.failures(), s.errorRate()));
        cells.add(Long.toString(s.retries()));
        cells.add(Numbers.display(s.ttftMs().p50()));
        cells.add(Numbers.display(s.ttftMs().p95()));
        cells.add(Numbers.display(s.reasoning().firstAnswerMs().p50()));
        cells.add(Numbers.display(s.e2eMs().p50()));
        cells.add(Numbers.display(s.e2eMs().p95()));
        cells.add(Numbers.display(s.decodeTokensPerSecond().p50()));
        cells.add(Numbers.display(s.outputTokensPerSecond()));
        cells.add(p.passRate().isPresent() ? Words.percent(p.passRate().getAsDouble()) : ProviderFigures.NOT_MEASURED);
        cells.add(
                p.costPer1kRequests().isPresent()
                        ? Numbers.fixed(p.costPer1kRequests().getAsDouble(), 4)
                        : p.costMissing());
        ReasoningFigures r = ReasoningFigures.of(p);
        cells.add(
                !r.any()
                        ? "none"
                        : r.hiddenShare().isPresent()
                                ? Words.percent(r.hiddenShare().getAsDouble()) + " of output"
                                : ProviderFigures.UNKNOWN);
        b.append('|');
        for (String c : cells) {
            b.append(' ').append(escape(c)).append(" |");
        }
        b.append('\n');
    }

    /** Makes result text inert in a Markdown table cell or line (see the class comment). */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '|', '`', '*', '_', '[', ']' -> out.append('\\').append(c);
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\r' -> {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    out.append(' ');
                }
                case '\n' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
