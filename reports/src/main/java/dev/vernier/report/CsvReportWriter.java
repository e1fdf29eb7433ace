package dev.vernier.report;

import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.cost.CostPerCorrect;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Distribution;
import dev.vernier.core.metrics.ReasoningSummary;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.metrics.ToolSummary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.PassCount;
import dev.vernier.core.scoring.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Format {@code csv}: {@code samples.csv} (one row per sample, warm-ups flagged), {@code summary.csv}
 * (one row per provider, skipped ones with their reason) and {@code steps.csv} (one row per provider
 * that ran x load step). RFC 4180, UTF-8, numbers in {@link java.util.Locale#ROOT} with fixed decimals
 * (3 for milliseconds, 2 for rates), empty cells for undefined values. Column names are part of the
 * public contract: see {@link #SAMPLE_COLUMNS}, {@link #SUMMARY_COLUMNS} and {@link #STEP_COLUMNS}.
 * Untrusted text (model output, failure messages, ids) is neutralised against spreadsheet formula
 * injection as OWASP recommends ({@link Cells#text}); {@code samples.jsonl} and {@code result.json}
 * keep the raw values. A run that did not finish starts each file with one {@code #} comment line
 * saying so ({@link Cells#banner}).
 */
public final class CsvReportWriter implements ReportWriter {

    public static final String SAMPLES_FILE = "samples.csv";
    public static final String SUMMARY_FILE = "summary.csv";
    public static final String STEPS_FILE = "steps.csv";

    /**
     * Columns of {@code samples.csv}. {@code output_tokens} is the N used by the metrics; when the
     * provider did not report it, it is the number of content chunks and its source is
     * {@code CHUNK_COUNT}. {@code pass} is {@code true} / {@code false} when the sample was judged (it
     * has scores, or its request failed) and empty otherwise; {@code score} is the weighted share of
     * passing assertions; {@code failed_assertions} lists the failed ones as
     * {@code name: reason}, separated by {@code " | "}. The last columns came with load profiles (after
     * {@code text}, so earlier columns keep their positions): {@code step} is the load step's index
     * (0 without a sweep), {@code intended_ms} is t_intended in ms since the run's start,
     * {@code queue_ms} the queueing delay {@code t_send - t_intended}, and {@code ttft_intended_ms} /
     * {@code e2e_intended_ms} are TTFT and E2E measured from t_intended (the latency the load profile's
     * user saw, queueing included). Then: {@code run_attempt} (1, or the attempt of a resumed run that
     * made the sample), the request's connection phases as the transport reported them
     * ({@code connection_reused}, {@code wait_ms} for a free connection, {@code dns_ms},
     * {@code connect_ms}, {@code tls_ms}; empty when a phase did not happen or is unknown),
     * {@code write_ms} (writing the request) and {@code text_repairs} (characters replaced to make the
     * texts journal-safe: unpaired surrogates and NULs; see {@code samples.jsonl}'s {@code repairs}).
     * Then the reasoning columns (docs/metrics.md): {@code first_answer_ms} (t_a -
     * t_send), {@code reasoning_ms} (t_a - t_1, when reasoning streamed), {@code answer_ms} (t_n - t_a);
     * {@code billed_output_tokens} (everything billed, reasoning included) and the split of it into
     * {@code answer_tokens}, {@code visible_reasoning_tokens} and {@code hidden_reasoning_tokens}, each
     * followed by its source and empty when unknown; {@code answer_only_timing} ({@code true} when the
     * streamed reasoning was a summary of unknown size, so TPOT and decode speed cover the answer
     * alone); {@code hidden_reasoning_cost_usd} (the part of {@code cost_usd} spent on hidden reasoning,
     * API providers) and {@code reasoning_text} (the visible reasoning, untrusted).
     * {@code output_tokens} is empty when N is unknown (a vendor that bills reasoning it only
     * summarized and does not count). Then structured output (docs/structured-output.md):
     * {@code schema_valid} ({@code true} when the answer parsed as JSON and matched the request's
     * response schema, {@code false} when not, empty when the request had no schema or failed) and
     * {@code schema_problem} (why not; the raw answer is in {@code text}). Last, {@code cached_input_tokens}
     * (input the vendor served from its prompt cache, empty when not reported) and, for a turn of a
     * multi-turn case (docs/conversations.md), {@code conversation_id} and {@code turn} (from 0); both
     * empty for a single request. Then tool calling (docs/tools.md): {@code tool_round} (the round of a
     * tool loop within its turn, from 0; empty outside a conversation), {@code tools_declared},
     * {@code tool_calls} (the answer's calls as JSON text: name, arguments as the model wrote them,
     * completion time in ms from t_send, valid against the declared tools), {@code first_tool_call_ms}
     * (t_call - t_send of the first complete call) and {@code note} (why a tool loop ended early).
     */
    public static final List<String> SAMPLE_COLUMNS = List.of(
            "seq",
            "provider",
            "case",
            "prompt_id",
            "repeat",
            "warmup",
            "started_at",
            "ttft_ms",
            "e2e_ms",
            "tpot_ms",
            "decode_tps",
            "output_tokens",
            "output_tokens_source",
            "input_tokens",
            "input_tokens_source",
            "finish_reason",
            "attempts",
            "failure_kind",
            "failure_status",
            "failure_message",
            "cost_usd",
            "pass",
            "score",
            "failed_assertions",
            "text",
            "step",
            "intended_ms",
            "queue_ms",
            "ttft_intended_ms",
            "e2e_intended_ms",
            "run_attempt",
            "connection_reused",
            "wait_ms",
            "dns_ms",
            "connect_ms",
            "tls_ms",
            "write_ms",
            "text_repairs",
            "first_answer_ms",
            "reasoning_ms",
            "answer_ms",
            "billed_output_tokens",
            "billed_output_source",
            "answer_tokens",
            "answer_tokens_source",
            "visible_reasoning_tokens",
            "visible_reasoning_source",
            "hidden_reasoning_tokens",
            "hidden_reasoning_source",
            "answer_only_timing",
            "hidden_reasoning_cost_usd",
            "reasoning_text",
            "schema_valid",
            "schema_problem",
            "cached_input_tokens",
            "conversation_id",
            "turn",
            "tool_round",
            "tools_declared",
            "tool_calls",
            "first_tool_call_ms",
            "note");

    /**
     * Columns of {@code summary.csv}. Percentiles come from measured (non-warm-up) successful requests;
     * {@code pass_rate} is the share of judged measured requests that pass, empty when nothing was scored.
     * After {@code skipped_reason} come the reasoning columns: time to first answer and reasoning /
     * answer time percentiles; {@code reasoning_requests} (successful requests that reasoned); sums of
     * billed output, answer, visible and hidden reasoning tokens over the requests where each is known,
     * with the number of requests where it is not; {@code hidden_output_share} (hidden / billed output)
     * and {@code hidden_cost_share} (hidden-reasoning cost / cost), empty when any request's split or
     * cost is unknown; {@code reasoning} (the settings the provider ran with) and {@code sweep_of} (the
     * swept entry's id, for one level of an effort sweep). Last, structured output:
     * {@code schema_checked} (successful measured requests that asked for a response schema),
     * {@code schema_valid} (of those, answers valid against it) and {@code schema_valid_rate} (valid /
     * checked; empty when no request asked for a schema). Then tool calling (docs/metrics.md, "Tool
     * calling"): {@code tool_selection_accuracy} (tool-call assertions where the expected tool was chosen /
     * those scored), {@code tool_calls_checked}, {@code tool_calls_valid}, {@code tool_argument_validity_rate}
     * (valid / checked calls), {@code first_tool_call_p50_ms} and {@code first_tool_call_p95_ms}; empty
     * (counts 0) when no request declared tools.
     */
    public static final List<String> SUMMARY_COLUMNS = List.of(
            "provider",
            "access_mode",
            "requests",
            "failures",
            "retries",
            "error_rate",
            "ttft_p50_ms",
            "ttft_p90_ms",
            "ttft_p95_ms",
            "ttft_p99_ms",
            "ttft_max_ms",
            "e2e_p50_ms",
            "e2e_p90_ms",
            "e2e_p95_ms",
            "e2e_p99_ms",
            "e2e_max_ms",
            "tpot_p50_ms",
            "tpot_p90_ms",
            "tpot_p95_ms",
            "tpot_p99_ms",
            "tpot_max_ms",
            "itl_p50_ms",
            "itl_p99_ms",
            "decode_tps_p50",
            "output_tokens",
            "window_s",
            "output_tok_per_s",
            "requests_per_s",
            "load_ms",
            "pass_rate",
            "cost_usd_total",
            "cost_per_1k_requests",
            "cost_per_correct",
            "self_hosted_usd_per_1m_output_tokens",
            "skipped_reason",
            "first_answer_p50_ms",
            "first_answer_p95_ms",
            "reasoning_p50_ms",
            "answer_p50_ms",
            "reasoning_requests",
            "billed_output_tokens",
            "answer_tokens",
            "answer_unknown_requests",
            "visible_reasoning_tokens",
            "visible_unknown_requests",
            "hidden_reasoning_tokens",
            "hidden_unknown_requests",
            "hidden_output_share",
            "hidden_cost_share",
            "reasoning",
            "sweep_of",
            "schema_checked",
            "schema_valid",
            "schema_valid_rate",
            "tool_selection_accuracy",
            "tool_calls_checked",
            "tool_calls_valid",
            "tool_argument_validity_rate",
            "first_tool_call_p50_ms",
            "first_tool_call_p95_ms");

    /**
     * Columns of {@code steps.csv}: one row per provider that ran x load step, in suite order then run
     * order (one row per provider when the run had one step; skipped providers have none).
     *
     * <ul>
     *   <li>{@code step}: the step's index in the load profile; {@code load}: the step in words;</li>
     *   <li>{@code concurrency}: workers of a closed-loop step (empty for open loop); {@code rate_per_s},
     *       {@code arrivals} ({@code constant} or {@code poisson}) and {@code max_in_flight} (0 = no cap):
     *       an open-loop step's offered load (empty for closed loop);</li>
     *   <li>{@code requests}, {@code failures}, {@code error_rate}: measured requests of the step;
     *       {@code window_s}: the step's window (first measured send to last measured completion);</li>
     *   <li>{@code requests_per_s}: successful requests / window; {@code output_tok_per_s}: sum N / window;
     *       {@code goodput_per_s}: requests that succeeded, met every latency objective of the suite's
     *       {@code slo} (measured from t_intended) and passed their assertions / window, empty when the
     *       suite declares no SLO;</li>
     *   <li>{@code ttft_p50_ms}, {@code ttft_p95_ms}: TTFT from t_send; {@code ttft_intended_p95_ms},
     *       {@code ttft_intended_p99_ms}, {@code e2e_intended_p95_ms}: measured from t_intended;
     *       {@code queue_p99_ms}: queueing delay t_send - t_intended;</li>
     *   <li>{@code self_hosted_usd_per_1m_output_tokens}: at this step's output throughput, for a provider
     *       with declared hardware; {@code stop_reason}: why a stop rule ended the step early, else empty.</li>
     * </ul>
     */
    public static final List<String> STEP_COLUMNS = List.of(
            "provider",
            "step",
            "load",
            "concurrency",
            "rate_per_s",
            "arrivals",
            "max_in_flight",
            "requests",
            "failures",
            "error_rate",
            "window_s",
            "requests_per_s",
            "output_tok_per_s",
            "goodput_per_s",
            "ttft_p50_ms",
            "ttft_p95_ms",
            "ttft_intended_p95_ms",
            "ttft_intended_p99_ms",
            "e2e_intended_p95_ms",
            "queue_p99_ms",
            "self_hosted_usd_per_1m_output_tokens",
            "stop_reason");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public void write(RunResult result, Path dir) throws IOException {
        writeSamples(result, dir.resolve(SAMPLES_FILE));
        writeSummary(result, dir.resolve(SUMMARY_FILE));
        writeSteps(result, dir.resolve(STEPS_FILE));
    }

    private static void writeSamples(RunResult result, Path file) throws IOException {
        List<Sample> samples = new ArrayList<>(result.samples());
        samples.sort(Comparator.comparingInt(Sample::seq));
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(writer, FORMAT)) {
            Cells.banner(writer, result);
            csv.printRecord(SAMPLE_COLUMNS);
            for (Sample s : samples) {
                csv.printRecord(sampleRow(s));
            }
        }
    }

    static List<String> sampleRow(Sample s) {
        List<String> row = new ArrayList<>(base(s));
        row.add(Numbers.nanosAsMs(s.firstAnswerNanos()));
        row.add(Numbers.nanosAsMs(s.reasoningTimeNanos()));
        row.add(Numbers.nanosAsMs(s.answerTimeNanos()));
        countWithSource(row, s.tokens().output(), s.tokens().outputSource());
        countWithSource(row, s.answerTokens(), s.answerTokensSource());
        countWithSource(row, s.visibleReasoningTokens(), s.visibleReasoningSource());
        countWithSource(row, s.hiddenReasoningTokens(), s.hiddenReasoningSource());
        row.add(Boolean.toString(s.answerOnlyTiming()));
        Double hiddenCost = s.providerStats().get(Sample.HIDDEN_REASONING_COST_STAT);
        row.add(hiddenCost == null ? "" : Numbers.usd(hiddenCost));
        row.add(Cells.text(s.reasoningText()));
        row.add(s.schemaCheck() == null ? "" : Boolean.toString(s.schemaCheck().valid()));
        row.add(
                s.schemaCheck() == null || s.schemaCheck().valid()
                        ? ""
                        : Cells.text(s.schemaCheck().problem()));
        row.add(Numbers.count(s.tokens().cachedInput()));
        row.add(s.turn() == null ? "" : Cells.text(s.turn().conversationId()));
        row.add(s.turn() == null ? "" : Integer.toString(s.turn().index()));
        row.add(s.turn() == null ? "" : Integer.toString(s.turn().round()));
        row.add(Integer.toString(s.toolsDeclared()));
        row.add(Cells.text(ToolCallsText.of(s)));
        row.add(Numbers.nanosAsMs(s.firstToolCallNanos()));
        row.add(Cells.text(s.note()));
        return row;
    }

    /** A count and its source; both empty when the count is unknown, the source empty when it is. */
    private static void countWithSource(List<String> row, long count, CountSource source) {
        row.add(Numbers.count(count));
        row.add(count < 0 || source == CountSource.UNKNOWN ? "" : source.name());
    }

    /** The columns up to {@code text_repairs}. */
    private static List<String> base(Sample s) {
        Failure f = s.failure();
        boolean outputKnown = s.tokens().outputKnown();
        return List.of(
                Integer.toString(s.seq()),
                Cells.text(s.providerId()),
                Cells.text(s.caseId()),
                Cells.text(s.promptId()),
                Integer.toString(s.repeat()),
                Boolean.toString(s.warmup()),
                s.startedAt().toString(),
                Numbers.nanosAsMs(s.ttftNanos()),
                Numbers.nanosAsMs(s.e2eNanos()),
                Numbers.nanosAsMs(s.tpotNanos()),
                Numbers.rate(s.decodeTokensPerSecond()),
                Numbers.count(s.outputTokens()),
                s.outputTokens() < 0
                        ? ""
                        : outputKnown ? s.tokens().outputSource().name() : "CHUNK_COUNT",
                Numbers.count(s.tokens().input()),
                s.tokens().input() < 0 ? "" : s.tokens().inputSource().name(),
                s.finishReason().name(),
                Integer.toString(s.attempts()),
                f == null ? "" : f.kind().name(),
                f == null || f.httpStatus() == 0 ? "" : Integer.toString(f.httpStatus()),
                f == null ? "" : Cells.text(f.message()),
                s.providerStats().containsKey(Sample.COST_STAT)
                        ? Numbers.usd(s.providerStats().get(Sample.COST_STAT))
                        : "",
                Verdict.judged(s) ? Boolean.toString(Verdict.passed(s)) : "",
                s.scores().isEmpty() ? "" : Numbers.fixed(Verdict.passShare(s.scores()), 4),
                Cells.text(String.join(
                        " | ",
                        Verdict.failed(s).stream()
                                .map(x -> x.assertion() + ": " + x.reason())
                                .toList())),
                Cells.text(s.text()),
                Integer.toString(s.step()),
                Numbers.nanosAsMs(s.intendedNanos()),
                Numbers.nanosAsMs(s.queueNanos()),
                Numbers.nanosAsMs(s.ttftFromIntendedNanos()),
                Numbers.nanosAsMs(s.e2eFromIntendedNanos()),
                Integer.toString(s.runAttempt()),
                s.connection().equals(ConnectionPhases.UNKNOWN)
                        ? ""
                        : Boolean.toString(s.connection().reused()),
                Numbers.nanosAsMs(s.connection().waitNanos()),
                Numbers.nanosAsMs(s.connection().dnsNanos()),
                Numbers.nanosAsMs(s.connection().connectNanos()),
                Numbers.nanosAsMs(s.connection().tlsNanos()),
                Numbers.nanosAsMs(s.writeNanos()),
                Integer.toString(s.repairs().replaced()));
    }

    private static void writeSummary(RunResult result, Path file) throws IOException {
        Map<String, Summary> summaries = result.summaries();
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(writer, FORMAT)) {
            Cells.banner(writer, result);
            csv.printRecord(SUMMARY_COLUMNS);
            for (ProviderRun p : result.providers()) {
                List<Sample> mine = result.samples().stream()
                        .filter(x -> x.providerId().equals(p.providerId()))
                        .toList();
                csv.printRecord(
                        p.skipped()
                                ? skippedRow(p)
                                : summaryRow(
                                        p,
                                        summaries.get(p.providerId()),
                                        PassCount.of(mine),
                                        mine.stream().filter(x -> !x.warmup()).toList()));
            }
        }
    }

    static List<String> summaryRow(ProviderRun p, Summary s, PassCount passes, List<Sample> measured) {
        List<String> row = new ArrayList<>();
        row.add(p.providerId());
        row.add(p.accessMode() == null ? "" : p.accessMode().name());
        row.add(Long.toString(s.requests()));
        row.add(Long.toString(s.failures()));
        row.add(Long.toString(s.retries()));
        row.add(Numbers.fixed(s.errorRate(), 4));
        addFull(row, s.ttftMs());
        addFull(row, s.e2eMs());
        addFull(row, s.tpotMs());
        row.add(Numbers.ms(s.itlMs().p50()));
        row.add(Numbers.ms(s.itlMs().p99()));
        row.add(Numbers.rate(s.decodeTokensPerSecond().p50()));
        row.add(s.outputTokensUnknown() > 0 ? "" : Long.toString(s.outputTokens()));
        row.add(Numbers.fixed(s.windowSeconds(), 3));
        row.add(Numbers.rate(s.outputTokensPerSecond()));
        row.add(Numbers.fixed(s.requestsPerSecond(), 3));
        row.add(Numbers.ms(p.loadMillis()));
        row.add(passes.rate().isPresent() ? Numbers.fixed(passes.rate().getAsDouble(), 4) : "");
        OptionalDouble total = ProviderFigures.costUsdTotal(measured);
        row.add(total.isPresent() ? Numbers.usd(total.getAsDouble()) : "");
        row.add(total.isPresent() ? Numbers.usd(total.getAsDouble() / measured.size() * 1000) : "");
        OptionalDouble perCorrect = passes.rate().isEmpty()
                ? OptionalDouble.empty()
                : CostPerCorrect.of(total, passes.passed()).value();
        row.add(perCorrect.isPresent() ? Numbers.usd(perCorrect.getAsDouble()) : "");
        OptionalDouble selfHosted = ProviderFigures.selfHostedUsdPerMillionOutputTokens(p, s);
        row.add(selfHosted.isPresent() ? Numbers.usd(selfHosted.getAsDouble()) : "");
        row.add("");
        reasoningColumns(row, p, s, measured);
        row.add(Long.toString(s.schemaChecked()));
        row.add(Long.toString(s.schemaValid()));
        row.add(s.schemaChecked() == 0 ? "" : Numbers.fixed(s.schemaValidRate(), 4));
        ToolSummary t = s.tools();
        row.add(Double.isNaN(t.selectionAccuracy()) ? "" : Numbers.fixed(t.selectionAccuracy(), 4));
        row.add(Long.toString(t.checkedCalls()));
        row.add(Long.toString(t.validCalls()));
        row.add(Double.isNaN(t.argumentValidityRate()) ? "" : Numbers.fixed(t.argumentValidityRate(), 4));
        row.add(Numbers.ms(t.firstCallMs().p50()));
        row.add(Numbers.ms(t.firstCallMs().p95()));
        return row;
    }

    /** The reasoning columns of a provider that ran (see {@link #SUMMARY_COLUMNS}). */
    private static void reasoningColumns(List<String> row, ProviderRun p, Summary s, List<Sample> measured) {
        ReasoningSummary r = s.reasoning();
        ReasoningFigures f = new ReasoningFigures(r, measured);
        row.add(Numbers.ms(r.firstAnswerMs().p50()));
        row.add(Numbers.ms(r.firstAnswerMs().p95()));
        row.add(Numbers.ms(r.reasoningMs().p50()));
        row.add(Numbers.ms(r.answerMs().p50()));
        row.add(Long.toString(r.reasoningRequests()));
        row.add(Long.toString(r.billedOutputTokens()));
        row.add(Long.toString(r.answerTokens()));
        row.add(Long.toString(r.answerUnknown()));
        row.add(Long.toString(r.visibleReasoningTokens()));
        row.add(Long.toString(r.visibleUnknown()));
        row.add(Long.toString(r.hiddenReasoningTokens()));
        row.add(Long.toString(r.hiddenUnknown()));
        OptionalDouble share = f.hiddenShare();
        row.add(share.isPresent() ? Numbers.fixed(share.getAsDouble(), 4) : "");
        OptionalDouble costShare = f.hiddenCostShare();
        row.add(costShare.isPresent() ? Numbers.fixed(costShare.getAsDouble(), 4) : "");
        settingsColumns(row, p);
    }

    private static void settingsColumns(List<String> row, ProviderRun p) {
        row.add(p.reasoning() == null ? "" : p.reasoning().describe());
        row.add(p.sweepOf() == null ? "" : Cells.text(p.sweepOf()));
    }

    private static void writeSteps(RunResult result, Path file) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVPrinter csv = new CSVPrinter(writer, FORMAT)) {
            Cells.banner(writer, result);
            csv.printRecord(STEP_COLUMNS);
            for (StepFigures f : StepFigures.all(result)) {
                csv.printRecord(stepRow(f));
            }
        }
    }

    static List<String> stepRow(StepFigures f) {
        Summary s = f.summary();
        List<String> row = new ArrayList<>();
        row.add(f.providerId());
        row.add(Integer.toString(f.step().step()));
        row.add(f.label());
        if (f.step().load() instanceof LoadStep.Open o) {
            row.add("");
            row.add(Numbers.fixed(o.rate(), 3));
            row.add(o.arrivals().name().toLowerCase(Locale.ROOT));
            row.add(Integer.toString(o.maxInFlight()));
        } else {
            row.add(Integer.toString(((LoadStep.Closed) f.step().load()).concurrency()));
            row.add("");
            row.add("");
            row.add("");
        }
        row.add(Long.toString(s.requests()));
        row.add(Long.toString(s.failures()));
        row.add(Numbers.fixed(s.errorRate(), 4));
        row.add(Numbers.fixed(s.windowSeconds(), 3));
        row.add(Numbers.fixed(s.requestsPerSecond(), 3));
        row.add(Numbers.rate(s.outputTokensPerSecond()));
        OptionalDouble goodput = f.goodputPerSecond();
        row.add(goodput.isPresent() ? Numbers.fixed(goodput.getAsDouble(), 3) : "");
        row.add(Numbers.ms(s.ttftMs().p50()));
        row.add(Numbers.ms(s.ttftMs().p95()));
        row.add(Numbers.ms(s.ttftFromIntendedMs().p95()));
        row.add(Numbers.ms(s.ttftFromIntendedMs().p99()));
        row.add(Numbers.ms(s.e2eFromIntendedMs().p95()));
        row.add(Numbers.ms(s.queueMs().p99()));
        OptionalDouble selfHosted = f.selfHostedUsdPerMillionOutputTokens();
        row.add(selfHosted.isPresent() ? Numbers.usd(selfHosted.getAsDouble()) : "");
        row.add(f.step().stopReason() == null ? "" : f.step().stopReason());
        return row;
    }

    private static void addFull(List<String> row, Distribution d) {
        row.add(Numbers.ms(d.p50()));
        row.add(Numbers.ms(d.p90()));
        row.add(Numbers.ms(d.p95()));
        row.add(Numbers.ms(d.p99()));
        row.add(Numbers.ms(d.max()));
    }

    static List<String> skippedRow(ProviderRun p) {
        List<String> row = new ArrayList<>();
        row.add(p.providerId());
        row.add(p.accessMode() == null ? "" : p.accessMode().name());
        int reason = SUMMARY_COLUMNS.indexOf("skipped_reason");
        while (row.size() < reason) {
            row.add("");
        }
        row.add(Cells.text(p.skippedReason()));
        while (row.size() < SUMMARY_COLUMNS.indexOf("reasoning")) {
            row.add("");
        }
        settingsColumns(row, p);
        while (row.size() < SUMMARY_COLUMNS.size()) {
            row.add("");
        }
        return row;
    }
}
