package dev.vernier.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.journal.RunJson;
import dev.vernier.core.journal.SampleJson;
import dev.vernier.core.metrics.ConversationSummary;
import dev.vernier.core.metrics.Distribution;
import dev.vernier.core.metrics.ReasoningSummary;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.metrics.ToolSummary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Format {@code json}: {@code result.json}, the whole result tree in one document with stable
 * snake_case field names:
 *
 * <ul>
 *   <li>{@code format} ({@code "vernier-result"}), {@code format_version} (1), {@code suite_name},
 *       {@code suite_file}, {@code started_at}, {@code finished_at}, {@code completeness} ({@code complete},
 *       {@code planned_requests} (-1 when bounded by time), {@code completed_requests}, {@code attempts},
 *       {@code stopped_because}, {@code banner}: the line the other reports put at their top, null for a run
 *       that finished in one attempt), {@code expected_monthly_tokens}
 *       (only when the suite declares it), {@code slo} (the suite's latency objectives {@code ttft_ms},
 *       {@code e2e_ms}, {@code tpot_ms}, null when unset), {@code environment};</li>
 *   <li>{@code providers}: each provider's run facts ({@code id}, {@code access_mode}, {@code facts},
 *       {@code load_ms}, {@code skipped_reason}, {@code window_ns}, {@code concurrency}, and when known
 *       {@code hardware} ({@code name}, {@code usd_per_hour}) and {@code api_usd_per_1m_tokens}) and, when it
 *       ran, {@code summary} (counts, rates and the distributions {@code ttft_ms}, {@code e2e_ms},
 *       {@code tpot_ms}, {@code itl_ms}, {@code decode_tps}, and from t_intended {@code ttft_intended_ms},
 *       {@code e2e_intended_ms}, the queueing delay {@code queue_ms}; {@code goodput_per_s}, null without an
 *       SLO; {@code reasoning}: {@code reasoning_requests}, the distributions {@code first_answer_ms},
 *       {@code reasoning_ms}, {@code answer_ms}, the sums {@code billed_output_tokens}, {@code answer_tokens},
 *       {@code visible_reasoning_tokens}, {@code hidden_reasoning_tokens} with the requests whose count is
 *       unknown, and the transparency shares {@code hidden_output_share}, {@code hidden_cost_share};
 *       structured output: {@code schema_checked}, {@code schema_valid} and {@code schema_valid_rate}, null
 *       when no request asked for a schema; tool calling, only when a request declared tools: {@code tools}
 *       with {@code requests_declaring_tools}, {@code requests_calling_tools}, {@code tool_call_assertions},
 *       {@code tool_selected}, {@code tool_selection_accuracy}, {@code calls_checked}, {@code calls_valid},
 *       {@code argument_validity_rate}, the distribution {@code first_tool_call_ms} and
 *       {@code by_tools_declared} (per number of tools: {@code requests}, {@code ttft_ms}, {@code e2e_ms})) and {@code histograms}; with reasoning settings, {@code reasoning} and {@code sweep_of} (see
 *       {@link RunJson#putProvider}); {@code steps}: each load step as it ran ({@code step}, {@code label},
 *       {@code load} ({@code kind} closed with {@code concurrency}, or open with {@code rate_per_s},
 *       {@code arrivals}, {@code max_in_flight}), {@code window_ns}, {@code sent}, {@code stop_reason},
 *       {@code self_hosted_usd_per_1m_output_tokens} and a {@code summary} of the step's samples over its
 *       window, as above; one step for a run without a sweep); {@code saturation}: the highest step whose
 *       p95 TTFT from t_intended is within the SLO ({@code step}, {@code load},
 *       {@code ttft_intended_p95_ms}, null when none) and {@code text}, the finding in words;</li>
 *   <li>{@code effort_sweeps} (only when one ran): per swept entry its levels in effort order with
 *       pass rate, median E2E and time to first answer, cost per 1,000 requests and hidden share;</li>
 *   <li>{@code conversations} (only when a case had {@code turns}): per measured conversation its
 *       provider, id, case, prompt, step, {@code turns}, {@code turns_sent}, {@code turns_succeeded},
 *       {@code total_ms}, {@code e2e_sum_ms}, {@code cost_usd} (null when a turn's cost is unknown) and
 *       the per-turn {@code input_tokens} and {@code cached_input_tokens} (-1 where unknown);</li>
 *   <li>{@code samples}: every sample, warm-ups included, in the journal's form (see
 *       {@link SampleJson}; {@code schema_check} with {@code valid} and {@code problem} when the request
 *       had a response schema), ordered by {@code seq}.</li>
 * </ul>
 *
 * <p>{@code histograms} holds HdrHistogram's compressed encoding in base64 (latencies in microseconds,
 * 3 significant digits, highest trackable one hour; decode speed as a DoubleHistogram), so results of
 * several runs or machines can be decoded and added. Undefined numbers are {@code null}, never 0.
 */
public final class JsonReportWriter implements ReportWriter {

    public static final String FILE = "result.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String format() {
        return "json";
    }

    @Override
    public void write(RunResult result, Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), render(result), StandardCharsets.UTF_8);
    }

    /** The document, pretty-printed with two-space indents and {@code \n} line ends. */
    public String render(RunResult result) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
        return MAPPER.writer(printer).writeValueAsString(tree(result)) + "\n";
    }

    static ObjectNode tree(RunResult result) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", "vernier-result");
        root.put("format_version", 1);
        root.put("suite_name", result.suiteName());
        root.put("suite_file", result.suiteFile());
        root.put("started_at", result.startedAt().toString());
        root.put("finished_at", result.finishedAt().toString());
        ObjectNode completeness = root.putObject("completeness");
        completeness.put("complete", result.completeness().complete());
        completeness.put("planned_requests", result.completeness().planned());
        completeness.put("completed_requests", result.completeness().completed());
        completeness.put("attempts", result.completeness().attempts());
        completeness.put("stopped_because", result.completeness().stoppedBecause());
        completeness.put("banner", result.completeness().banner());
        if (result.expectedMonthlyTokens() != null) {
            root.put("expected_monthly_tokens", result.expectedMonthlyTokens());
        }
        ObjectNode slo = root.putObject("slo");
        number(slo, "ttft_ms", result.slo().ttftMs());
        number(slo, "e2e_ms", result.slo().e2eMs());
        number(slo, "tpot_ms", result.slo().tpotMs());
        ObjectNode env = root.putObject("environment");
        result.environment().forEach(env::put);
        List<Sample> samples = new ArrayList<>(result.samples());
        samples.sort(Comparator.comparingInt(Sample::seq));
        ArrayNode providers = root.putArray("providers");
        for (ProviderRun p : result.providers()) {
            ObjectNode o = providers.addObject();
            RunJson.putProvider(o, p);
            if (!p.skipped()) {
                List<Sample> mine = samples.stream()
                        .filter(s -> s.providerId().equals(p.providerId()))
                        .toList();
                List<Sample> measured = mine.stream().filter(s -> !s.warmup()).toList();
                Summary all = Summary.of(p.providerId(), mine, p.windowNanos());
                summary(
                        o.putObject("summary"),
                        all,
                        StepFigures.goodput(result.slo(), measured, all.windowSeconds()),
                        measured);
                histograms(o.putObject("histograms"), Histograms.of(mine));
                List<StepFigures> steps = StepFigures.of(result, p, measured);
                ArrayNode stepsNode = o.putArray("steps");
                for (StepFigures f : steps) {
                    step(stepsNode.addObject(), f);
                }
                StepFigures.Saturation sat = StepFigures.Saturation.of(steps, result.slo());
                ObjectNode so = o.putObject("saturation");
                if (sat.at() == null) {
                    so.putNull("step");
                    so.putNull("load");
                    so.putNull("ttft_intended_p95_ms");
                } else {
                    so.put("step", sat.at().step().step());
                    so.put("load", sat.at().label());
                    number(so, "ttft_intended_p95_ms", sat.at().ttftFromIntendedP95());
                }
                so.put("text", sat.sentence());
            }
        }
        sweeps(root, result);
        conversations(root, samples);
        ArrayNode out = root.putArray("samples");
        for (Sample s : samples) {
            out.add(MAPPER.readTree(SampleJson.write(s)));
        }
        return root;
    }

    /** Per conversation of a multi-turn case (docs/metrics.md, "Conversations"); absent without any. */
    private static void conversations(ObjectNode root, List<Sample> samples) {
        List<ConversationSummary> all = ConversationSummary.of(samples);
        if (all.isEmpty()) {
            return;
        }
        ArrayNode out = root.putArray("conversations");
        for (ConversationSummary c : all) {
            ObjectNode o = out.addObject();
            o.put("provider", c.providerId());
            o.put("conversation_id", c.conversationId());
            o.put("case", c.caseId());
            o.put("prompt_id", c.promptId());
            o.put("step", c.step());
            o.put("turns", c.turns());
            o.put("turns_sent", c.sent());
            o.put("turns_succeeded", c.succeeded());
            o.put("total_ms", c.totalNanos() < 0 ? null : c.totalNanos() / 1e6);
            o.put("e2e_sum_ms", c.e2eSumNanos() / 1e6);
            number(o, "cost_usd", c.costUsd());
            ArrayNode input = o.putArray("input_tokens");
            c.inputTokens().forEach(input::add);
            ArrayNode cached = o.putArray("cached_input_tokens");
            c.cachedInputTokens().forEach(cached::add);
        }
    }

    private static void step(ObjectNode o, StepFigures f) {
        o.put("step", f.step().step());
        o.put("label", f.label());
        RunJson.putLoadStep(o.putObject("load"), f.step().load());
        o.put("window_ns", f.step().windowNanos());
        o.put("sent", f.step().sent());
        o.put("stop_reason", f.step().stopReason());
        OptionalDouble selfHosted = f.selfHostedUsdPerMillionOutputTokens();
        if (selfHosted.isPresent()) {
            o.put("self_hosted_usd_per_1m_output_tokens", selfHosted.getAsDouble());
        } else {
            o.putNull("self_hosted_usd_per_1m_output_tokens");
        }
        summary(o.putObject("summary"), f.summary(), f.goodputPerSecond(), f.measured());
    }

    private static void summary(ObjectNode o, Summary s, OptionalDouble goodput, List<Sample> measured) {
        o.put("requests", s.requests());
        o.put("failures", s.failures());
        o.put("retries", s.retries());
        number(o, "error_rate", s.errorRate());
        if (s.outputTokensUnknown() > 0) {
            o.putNull("output_tokens");
        } else {
            o.put("output_tokens", s.outputTokens());
        }
        o.put("output_tokens_unknown_requests", s.outputTokensUnknown());
        number(o, "window_s", s.windowSeconds());
        number(o, "output_tok_per_s", s.outputTokensPerSecond());
        number(o, "requests_per_s", s.requestsPerSecond());
        number(o, "goodput_per_s", goodput.isPresent() ? goodput.getAsDouble() : Double.NaN);
        distribution(o.putObject("ttft_ms"), s.ttftMs());
        distribution(o.putObject("e2e_ms"), s.e2eMs());
        distribution(o.putObject("tpot_ms"), s.tpotMs());
        distribution(o.putObject("itl_ms"), s.itlMs());
        distribution(o.putObject("decode_tps"), s.decodeTokensPerSecond());
        distribution(o.putObject("ttft_intended_ms"), s.ttftFromIntendedMs());
        distribution(o.putObject("e2e_intended_ms"), s.e2eFromIntendedMs());
        distribution(o.putObject("queue_ms"), s.queueMs());
        o.putNull("pass_rate");
        o.putNull("cost_usd");
        reasoning(o.putObject("reasoning"), new ReasoningFigures(s.reasoning(), measured));
        o.put("schema_checked", s.schemaChecked());
        o.put("schema_valid", s.schemaValid());
        number(o, "schema_valid_rate", s.schemaValidRate());
        if (s.tools().any()) {
            tools(o.putObject("tools"), s.tools());
        }
    }

    /** The tool-calling figures of a summary (docs/metrics.md, "Tool calling"); rates null when undefined. */
    private static void tools(ObjectNode o, ToolSummary t) {
        o.put("requests_declaring_tools", t.declaring());
        o.put("requests_calling_tools", t.withCalls());
        o.put("tool_call_assertions", t.assessed());
        o.put("tool_selected", t.selected());
        number(o, "tool_selection_accuracy", t.selectionAccuracy());
        o.put("calls_checked", t.checkedCalls());
        o.put("calls_valid", t.validCalls());
        number(o, "argument_validity_rate", t.argumentValidityRate());
        distribution(o.putObject("first_tool_call_ms"), t.firstCallMs());
        ArrayNode groups = o.putArray("by_tools_declared");
        for (ToolSummary.ByToolCount g : t.byToolCount()) {
            ObjectNode go = groups.addObject();
            go.put("tools", g.tools());
            go.put("requests", g.requests());
            distribution(go.putObject("ttft_ms"), g.ttftMs());
            distribution(go.putObject("e2e_ms"), g.e2eMs());
        }
    }

    /** The reasoning figures of a summary (see {@link ReasoningSummary}); shares null when unknown. */
    private static void reasoning(ObjectNode o, ReasoningFigures f) {
        ReasoningSummary r = f.summary();
        o.put("reasoning_requests", r.reasoningRequests());
        distribution(o.putObject("first_answer_ms"), r.firstAnswerMs());
        distribution(o.putObject("reasoning_ms"), r.reasoningMs());
        distribution(o.putObject("answer_ms"), r.answerMs());
        o.put("billed_output_tokens", r.billedOutputTokens());
        o.put("answer_tokens", r.answerTokens());
        o.put("answer_unknown_requests", r.answerUnknown());
        o.put("visible_reasoning_tokens", r.visibleReasoningTokens());
        o.put("visible_unknown_requests", r.visibleUnknown());
        o.put("hidden_reasoning_tokens", r.hiddenReasoningTokens());
        o.put("hidden_unknown_requests", r.hiddenUnknown());
        number(o, "hidden_output_share", r.hiddenShare());
        OptionalDouble cost = f.hiddenCostShare();
        number(o, "hidden_cost_share", cost.isPresent() ? cost.getAsDouble() : Double.NaN);
    }

    /**
     * The effort sweeps, one object per swept entry: {@code sweep_of} and its {@code levels}, each with
     * {@code effort}, {@code provider}, {@code pass_rate}, {@code e2e_p50_ms}, {@code first_answer_p50_ms},
     * {@code cost_per_1k_requests} and {@code hidden_output_share} (null when unknown).
     */
    private static void sweeps(ObjectNode root, RunResult result) {
        if (result.providers().stream().noneMatch(p -> p.sweepOf() != null)) {
            return;
        }
        ArrayNode sweeps = root.putArray("effort_sweeps");
        for (EffortSweep sweep : EffortSweep.of(ReportModel.of(result))) {
            ObjectNode so = sweeps.addObject();
            so.put("sweep_of", sweep.sweepOf());
            ArrayNode levels = so.putArray("levels");
            for (ProviderFigures f : sweep.levels()) {
                ObjectNode l = levels.addObject();
                l.put("effort", EffortSweep.effort(f));
                l.put("provider", f.id());
                number(l, "pass_rate", f.passRate().isPresent() ? f.passRate().getAsDouble() : Double.NaN);
                number(l, "e2e_p50_ms", f.summary().e2eMs().p50());
                number(
                        l,
                        "first_answer_p50_ms",
                        f.summary().reasoning().firstAnswerMs().p50());
                number(
                        l,
                        "cost_per_1k_requests",
                        f.costPer1kRequests().isPresent()
                                ? f.costPer1kRequests().getAsDouble()
                                : Double.NaN);
                number(l, "hidden_output_share", f.summary().reasoning().hiddenShare());
            }
        }
    }

    private static void distribution(ObjectNode o, Distribution d) {
        o.put("count", d.count());
        number(o, "p50", d.p50());
        number(o, "p90", d.p90());
        number(o, "p95", d.p95());
        number(o, "p99", d.p99());
        number(o, "max", d.max());
        number(o, "mean", d.mean());
        number(o, "stddev", d.stddev());
    }

    private static void histograms(ObjectNode o, Histograms h) {
        o.put("encoding", "HdrHistogram compressed, base64");
        o.put("latency_unit", "us");
        o.put("significant_digits", Histograms.DIGITS);
        o.put("highest_trackable_us", Histograms.MAX_MICROS);
        o.put("ttft", Histograms.encode(h.ttft()));
        o.put("e2e", Histograms.encode(h.e2e()));
        o.put("tpot", Histograms.encode(h.tpot()));
        o.put("itl", Histograms.encode(h.itl()));
        o.put("decode_tps", Histograms.encode(h.decode()));
    }

    /** A number, or null when undefined (NaN, infinite, or negative: the result tree's "unknown"). */
    private static void number(ObjectNode o, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }
}
