package dev.vernier.core.run;

import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.scoring.Score;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One request's observation. Times are monotonic nanoseconds: {@code sendNanos} and
 * {@code intendedNanos} relative to the start of the run (of the run attempt, for a resumed run),
 * chunk and end times relative to t_send. Derived metrics follow the formulas in docs/metrics.md
 * (the metric table). Build one with {@link #builder()}; a new field is added here,
 * in {@link Builder}, in the journal's JSON and in the writers that show it, and nowhere else.
 *
 * @param seq            plan position
 * @param providerId     provider id
 * @param caseId         case id
 * @param promptId       prompt id
 * @param repeat         repetition number
 * @param warmup         excluded from statistics when true
 * @param step           the load step it belongs to (index into the run's steps, 0 without a sweep)
 * @param runAttempt     which attempt of the run produced it: 1 for the first, 2 for the first resume, ...
 * @param startedAt      wall-clock time at send, for labelling only
 * @param intendedNanos  t_intended: when the load profile wanted the request sent; in closed loop the
 *                       first attempt's start (equal to sendNanos unless the provider retried)
 * @param sendNanos      t_send: when the successful (last) attempt's first request byte was written to an
 *                       established connection (when the request was handed to the provider, for
 *                       providers that report no connection)
 * @param chunkNanos     t_i - t_send for every non-empty answer chunk, in arrival order
 * @param reasoningNanos t_i - t_send for every non-empty visible reasoning chunk, in arrival order
 * @param endNanos       response complete (or failed, or given up) - t_send
 * @param connection     how the last attempt got its connection; {@link ConnectionPhases#UNKNOWN} when
 *                       the provider did not say
 * @param writeNanos     time writing the request (first byte to last byte), -1 when unknown
 * @param prompt         the rendered prompt, journal-safe (see {@link SafeText})
 * @param text           the answer text (untrusted), journal-safe
 * @param reasoningText  the visible reasoning text (untrusted), journal-safe; empty without reasoning
 * @param repairs        what was replaced to make prompt and texts journal-safe
 * @param finishReason   why generation ended
 * @param tokens         token counts with sources
 * @param failure        null on success
 * @param attempts       attempts made
 * @param providerStats  provider-reported numbers (and the harness's {@code cost_usd})
 * @param scores         assertion results, in the case's assertion order; empty when the case has none
 * @param schemaCheck    whether the answer parsed as JSON and matched the request's response schema; null
 *                       when the request had no schema or failed
 * @param turn           its place in a conversation (a multi-turn script or a tool loop); null for a single request
 * @param toolCalls      every tool call the answer made, in the answer's order, each with its completion time
 * @param toolChunkNanos t_i - t_send for every streamed piece of a tool call ({@code onToolCallChunk}), in arrival order
 * @param toolsDeclared  how many tools the request declared (0 for none)
 * @param note           what the harness has to say about this request beyond its failure (why a tool loop
 *                       ended early), null for nothing
 * @param replayState    what the provider said must go back with this answer when it becomes part of the
 *                       history ({@link TokenSink#onReplayState}), null for none; opaque,
 *                       kept only for the conversation's next request: not journaled (a resumed run sends a
 *                       conversation again whole), not reported, never logged
 */
public record Sample(
        int seq,
        String providerId,
        String caseId,
        String promptId,
        int repeat,
        boolean warmup,
        int step,
        int runAttempt,
        Instant startedAt,
        long intendedNanos,
        long sendNanos,
        List<Long> chunkNanos,
        List<Long> reasoningNanos,
        long endNanos,
        ConnectionPhases connection,
        long writeNanos,
        String prompt,
        String text,
        String reasoningText,
        TextRepairs repairs,
        FinishReason finishReason,
        TokenCounts tokens,
        Failure failure,
        int attempts,
        Map<String, Double> providerStats,
        List<Score> scores,
        SchemaCheck schemaCheck,
        Turn turn,
        List<TimedToolCall> toolCalls,
        List<Long> toolChunkNanos,
        int toolsDeclared,
        String note,
        String replayState) {

    /** The provider stat holding a sample's cost in USD; absent when the cost is unknown (never 0 for unknown). */
    public static final String COST_STAT = "cost_usd";

    /**
     * The provider stat holding the part of {@link #COST_STAT} spent on reasoning tokens the user could
     * not read (API providers; absent when none was hidden or the split is unknown).
     */
    public static final String HIDDEN_REASONING_COST_STAT = "hidden_reasoning_cost_usd";

    public Sample {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(startedAt, "startedAt");
        chunkNanos = NanoList.copyOf(chunkNanos == null ? List.of() : chunkNanos);
        reasoningNanos = NanoList.copyOf(reasoningNanos == null ? List.of() : reasoningNanos);
        connection = connection == null ? ConnectionPhases.UNKNOWN : connection;
        text = text == null ? "" : text;
        prompt = prompt == null ? "" : prompt;
        reasoningText = reasoningText == null ? "" : reasoningText;
        repairs = repairs == null ? TextRepairs.NONE : repairs;
        finishReason = finishReason == null ? FinishReason.UNKNOWN : finishReason;
        tokens = tokens == null ? TokenCounts.UNKNOWN : tokens;
        providerStats = providerStats == null ? Map.of() : Map.copyOf(providerStats);
        scores = scores == null ? List.of() : List.copyOf(scores);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        toolChunkNanos = NanoList.copyOf(toolChunkNanos == null ? List.of() : toolChunkNanos);
        if (toolsDeclared < 0) {
            throw new IllegalArgumentException("toolsDeclared must be >= 0, was " + toolsDeclared);
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, was " + step);
        }
        if (runAttempt < 1) {
            throw new IllegalArgumentException("runAttempt must be >= 1, was " + runAttempt);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
    }

    /** A builder with every field at its empty value (no chunks, success, 1 attempt, step 0, run attempt 1). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this sample's fields. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** This sample with assertion results. */
    public Sample withScores(List<Score> newScores) {
        return toBuilder().scores(newScores).build();
    }

    /** The sample's cost in USD ({@value #COST_STAT}), empty when it is not known. */
    public OptionalDouble costUsd() {
        Double c = providerStats.get(COST_STAT);
        return c == null ? OptionalDouble.empty() : OptionalDouble.of(c);
    }

    /** This sample with one more provider stat (replacing one of the same name). */
    public Sample withProviderStat(String name, double value) {
        Map<String, Double> stats = new LinkedHashMap<>(providerStats);
        stats.put(name, value);
        return toBuilder().providerStats(stats).build();
    }

    /** The request this sample answers, as resume matches it: provider, step, case, prompt, repeat, warm-up. */
    public RequestKey key() {
        return new RequestKey(providerId, step, caseId, promptId, repeat, warmup);
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** How the failure message of a conversation's turn that was never sent begins. */
    public static final String NOT_RUN_PREFIX = "not run: ";

    /**
     * Whether this is a turn of a conversation that was never sent: an earlier turn failed
     * ({@link FailureKind#NOT_RUN}), or the run stopped first ({@link FailureKind#CANCELLED}).
     */
    public boolean notRun() {
        return turn != null
                && failure != null
                && (failure.kind() == FailureKind.NOT_RUN || failure.kind() == FailureKind.CANCELLED)
                && failure.message().startsWith(NOT_RUN_PREFIX);
    }

    /**
     * Whether the harness stopped this request itself (a stopped run): it measured nothing about the
     * provider, is left out of summaries, and a resumed run sends it again.
     */
    public boolean cancelled() {
        return failure != null && failure.kind() == FailureKind.CANCELLED;
    }

    /** The answer chunk times unboxed (the canonical constructor stores them as a {@link NanoList}). */
    private NanoList answer() {
        return (NanoList) chunkNanos;
    }

    private NanoList reasoning() {
        return (NanoList) reasoningNanos;
    }

    /** Whether any reasoning was streamed (timed) for this request. */
    public boolean reasoningStreamed() {
        return !reasoningNanos.isEmpty();
    }

    /** Whether any output of either kind was timed. */
    private boolean streamed() {
        return !chunkNanos.isEmpty() || !reasoningNanos.isEmpty();
    }

    /**
     * TTFT = t_1 - t_send, t_1 the first output of any kind (reasoning, answer, or a piece of a tool call,
     * or a whole call from a vendor that sends calls whole); -1 when none arrived.
     */
    public long ttftNanos() {
        long text = firstTextNanos();
        long tool = firstToolOutputNanos();
        long first = Math.min(text < 0 ? Long.MAX_VALUE : text, tool < 0 ? Long.MAX_VALUE : tool);
        return first == Long.MAX_VALUE ? -1 : first;
    }

    /** The first answer or reasoning chunk - t_send; -1 when none arrived. */
    private long firstTextNanos() {
        long a = chunkNanos.isEmpty() ? Long.MAX_VALUE : answer().getLong(0);
        long r = reasoningNanos.isEmpty() ? Long.MAX_VALUE : reasoning().getLong(0);
        long first = Math.min(a, r);
        return first == Long.MAX_VALUE ? -1 : first;
    }

    /** The first piece of a tool call, or the first whole call, - t_send; -1 when the answer called no tool. */
    private long firstToolOutputNanos() {
        long first = Long.MAX_VALUE;
        if (!toolChunkNanos.isEmpty()) {
            first = ((NanoList) toolChunkNanos).getLong(0);
        }
        for (TimedToolCall c : toolCalls) {
            first = Math.min(first, c.nanos());
        }
        return first == Long.MAX_VALUE ? -1 : first;
    }

    /** The last piece of a tool call, or the last whole call, - t_send; -1 when the answer called no tool. */
    private long lastToolOutputNanos() {
        long last = toolChunkNanos.isEmpty() ? -1 : ((NanoList) toolChunkNanos).getLong(toolChunkNanos.size() - 1);
        for (TimedToolCall c : toolCalls) {
            last = Math.max(last, c.nanos());
        }
        return last;
    }

    /** Whether the answer called at least one tool. */
    public boolean calledTools() {
        return !toolCalls.isEmpty();
    }

    /** Time to the first complete tool call, t_call(first) - t_send; -1 when the answer called no tool. */
    public long firstToolCallNanos() {
        return toolCalls.stream().mapToLong(TimedToolCall::nanos).min().orElse(-1);
    }

    /** Time to first answer token = t_a - t_send; equals TTFT for a model that streams no reasoning; -1 when none. */
    public long firstAnswerNanos() {
        return chunkNanos.isEmpty() ? -1 : answer().getLong(0);
    }

    /** t_n - t_send: the last output chunk of any kind; -1 when none arrived. */
    private long lastChunkNanos() {
        long a = chunkNanos.isEmpty() ? -1 : lastAnswerNanos();
        long r = reasoningNanos.isEmpty() ? -1 : reasoning().getLong(reasoningNanos.size() - 1);
        return Math.max(a, r);
    }

    /** The last answer chunk - t_send; -1 when none arrived. */
    private long lastAnswerNanos() {
        return chunkNanos.isEmpty() ? -1 : answer().getLong(chunkNanos.size() - 1);
    }

    /**
     * E2E: for a successful streamed request t_n - t_send; for a failed one (including a timeout) the
     * time it ended or was given up, since it held the provider until then; else response complete -
     * t_send.
     */
    public long e2eNanos() {
        if (!succeeded()) {
            return endNanos;
        }
        long last = Math.max(streamed() ? lastChunkNanos() : -1, lastToolOutputNanos());
        return last >= 0 ? last : endNanos;
    }

    /**
     * Reasoning time t_a - t_1: from the first streamed reasoning chunk to the first answer chunk (the
     * visible thinking phase); -1 when no reasoning streamed or no answer followed. Reasoning that was
     * not streamed is inside the time to first answer token and cannot be told apart from prefill.
     */
    public long reasoningTimeNanos() {
        if (!reasoningStreamed() || chunkNanos.isEmpty()) {
            return -1;
        }
        return Math.max(0, firstAnswerNanos() - reasoning().getLong(0));
    }

    /** Answer time t_n - t_a: from the first answer chunk to the last output chunk; -1 without an answer chunk. */
    public long answerTimeNanos() {
        return chunkNanos.isEmpty() ? -1 : lastChunkNanos() - firstAnswerNanos();
    }

    /**
     * Reasoning tokens the user could read: 0 when no reasoning streamed; else the provider's count of
     * the streamed reasoning ({@link TokenCounts#visibleReasoning()}), -1 when that stream is a summary
     * or uncounted.
     */
    public long visibleReasoningTokens() {
        return reasoningStreamed() ? tokens.visibleReasoning() : 0;
    }

    /** Where {@link #visibleReasoningTokens()} came from; {@link CountSource#UNKNOWN} when nothing streamed or unknown. */
    public CountSource visibleReasoningSource() {
        return reasoningStreamed() ? tokens.visibleReasoningSource() : CountSource.UNKNOWN;
    }

    /**
     * Reasoning tokens billed as output that the user could not read (docs/metrics.md), -1
     * when unknown. With the billed reasoning count R: R when nothing streamed, or when what
     * streamed is only a summary of it; R - visible when the whole reasoning streamed. Without R: 0 when
     * the provider reports no reasoning at all or the whole reasoning streamed; unknown when it says the
     * model reasoned unseen, or streamed a summary.
     */
    public long hiddenReasoningTokens() {
        long billed = tokens.reasoning() < 0
                ? -1
                : tokens.outputKnown() ? Math.min(tokens.reasoning(), tokens.output()) : tokens.reasoning();
        long visible = visibleReasoningTokens();
        if (billed >= 0) {
            return visible >= 0 && reasoningStreamed() ? Math.max(0, billed - visible) : billed;
        }
        if (!reasoningStreamed()) {
            return tokens.visibleReasoning() >= 0 ? -1 : 0;
        }
        return visible >= 0 ? 0 : -1;
    }

    /** Where {@link #hiddenReasoningTokens()} came from: the usage count, or the streamed count it follows from. */
    public CountSource hiddenReasoningSource() {
        if (hiddenReasoningTokens() < 0) {
            return CountSource.UNKNOWN;
        }
        if (tokens.reasoning() >= 0) {
            return tokens.outputSource();
        }
        return reasoningStreamed() ? visibleReasoningSource() : tokens.outputSource();
    }

    /**
     * Answer tokens: billed output less every reasoning token in it (R when reported, else the visible
     * and hidden reasoning when both are known); without an output count, the answer chunks. -1 unknown.
     */
    public long answerTokens() {
        if (!tokens.outputKnown()) {
            return chunkNanos.size();
        }
        if (tokens.reasoning() >= 0) {
            return Math.max(0, tokens.output() - tokens.reasoning());
        }
        long visible = visibleReasoningTokens();
        long hidden = hiddenReasoningTokens();
        return visible < 0 || hidden < 0 ? -1 : Math.max(0, tokens.output() - visible - hidden);
    }

    /** Where {@link #answerTokens()} came from: the weakest source it was derived from. */
    public CountSource answerTokensSource() {
        if (!tokens.outputKnown()) {
            return CountSource.CHUNK_COUNT;
        }
        if (answerTokens() < 0) {
            return CountSource.UNKNOWN;
        }
        if (tokens.reasoning() >= 0 || !reasoningStreamed()) {
            return tokens.outputSource();
        }
        return CountSource.weaker(tokens.outputSource(), visibleReasoningSource());
    }

    /**
     * Whether the per-token figures cover the answer only: reasoning streamed but its tokens are not
     * known (a thought summary), so TPOT and decode speed are taken over the answer chunks, from t_a,
     * with N = answer tokens.
     */
    public boolean answerOnlyTiming() {
        return reasoningStreamed() && visibleReasoningTokens() < 0;
    }

    /**
     * N: output tokens whose arrival was timed, -1 when unknown. Answer tokens plus visible reasoning
     * tokens; hidden reasoning never. Where the streamed reasoning is a summary of unknown size
     * ({@link #answerOnlyTiming()}), the answer tokens alone (timed from t_a). Without an output count,
     * the chunks of both kinds.
     */
    public long outputTokens() {
        if (!tokens.outputKnown()) {
            return chunkNanos.size() + (answerOnlyTiming() ? 0 : reasoningNanos.size());
        }
        long answerTokens = answerTokens();
        if (answerTokens < 0) {
            return -1;
        }
        return answerOnlyTiming() ? answerTokens : answerTokens + visibleReasoningTokens();
    }

    /** The timed span the per-token figures divide by: t_n - t_1, or t_n(answer) - t_a for answer-only timing. */
    private long timedSpanNanos() {
        return answerOnlyTiming() ? lastAnswerNanos() - firstAnswerNanos() : lastChunkNanos() - firstTextNanos();
    }

    /**
     * TPOT = (t_n - t_1) / (N - 1) for N >= 2 timed tokens (= (E2E - TTFT) / (N - 1)); for answer-only
     * timing (t_n - t_a) / (N - 1) over the answer. -1 when undefined, and for an answer that called a
     * tool: its billed output includes the calls' arguments, which are not answer chunks, so no count of
     * the timed tokens is known.
     */
    public double tpotNanos() {
        long n = outputTokens();
        if (n < 2 || !streamed() || calledTools() || (answerOnlyTiming() && chunkNanos.isEmpty())) {
            return -1;
        }
        return (double) timedSpanNanos() / (n - 1);
    }

    /** Decode speed = (N - 1) / (t_n - t_1) tokens per second (over the answer for answer-only timing); -1 when undefined. */
    public double decodeTokensPerSecond() {
        long n = outputTokens();
        if (n < 2 || !streamed() || calledTools() || (answerOnlyTiming() && chunkNanos.isEmpty())) {
            return -1;
        }
        long span = timedSpanNanos();
        return span <= 0 ? -1 : (n - 1) / (span / 1e9);
    }

    /** Inter-chunk gaps t_i - t_(i-1), i >= 2, over chunks of both kinds in arrival order. */
    public long[] itlNanos() {
        NanoList a = answer();
        NanoList r = reasoning();
        int total = a.size() + r.size();
        long[] gaps = new long[Math.max(0, total - 1)];
        int i = 0;
        int j = 0;
        long previous = 0;
        for (int k = 0; k < total; k++) {
            long next;
            if (j >= r.size() || (i < a.size() && a.getLong(i) <= r.getLong(j))) {
                next = a.getLong(i++);
            } else {
                next = r.getLong(j++);
            }
            if (k > 0) {
                gaps[k - 1] = next - previous;
            }
            previous = next;
        }
        return gaps;
    }

    /** Queueing delay t_send - t_intended (open loop; in closed loop the time lost to retries and connecting). */
    public long queueNanos() {
        return sendNanos - intendedNanos;
    }

    /**
     * TTFT measured from t_intended: t_1 - t_intended = TTFT + queueing delay; -1 when no content arrived.
     * A stalled harness or server cannot hide here (no coordinated omission).
     */
    public long ttftFromIntendedNanos() {
        long ttft = ttftNanos();
        return ttft < 0 ? -1 : ttft + queueNanos();
    }

    /** E2E measured from t_intended: E2E + queueing delay. */
    public long e2eFromIntendedNanos() {
        return e2eNanos() + queueNanos();
    }

    /** Builds a {@link Sample}; every field starts empty. */
    public static final class Builder {
        private int seq;
        private String providerId;
        private String caseId;
        private String promptId;
        private int repeat;
        private boolean warmup;
        private int step;
        private int runAttempt = 1;
        private Instant startedAt;
        private long intendedNanos;
        private long sendNanos;
        private List<Long> chunkNanos = List.of();
        private List<Long> reasoningNanos = List.of();
        private long endNanos;
        private ConnectionPhases connection = ConnectionPhases.UNKNOWN;
        private long writeNanos = -1;
        private String prompt = "";
        private String text = "";
        private String reasoningText = "";
        private TextRepairs repairs = TextRepairs.NONE;
        private FinishReason finishReason = FinishReason.STOP;
        private TokenCounts tokens = TokenCounts.UNKNOWN;
        private Failure failure;
        private int attempts = 1;
        private Map<String, Double> providerStats = Map.of();
        private List<Score> scores = List.of();
        private SchemaCheck schemaCheck;
        private Turn turn;
        private List<TimedToolCall> toolCalls = List.of();
        private List<Long> toolChunkNanos = List.of();
        private int toolsDeclared;
        private String note;
        private String replayState;

        private Builder() {}

        private Builder(Sample s) {
            seq = s.seq;
            providerId = s.providerId;
            caseId = s.caseId;
            promptId = s.promptId;
            repeat = s.repeat;
            warmup = s.warmup;
            step = s.step;
            runAttempt = s.runAttempt;
            startedAt = s.startedAt;
            intendedNanos = s.intendedNanos;
            sendNanos = s.sendNanos;
            chunkNanos = s.chunkNanos;
            reasoningNanos = s.reasoningNanos;
            endNanos = s.endNanos;
            connection = s.connection;
            writeNanos = s.writeNanos;
            prompt = s.prompt;
            text = s.text;
            reasoningText = s.reasoningText;
            repairs = s.repairs;
            finishReason = s.finishReason;
            tokens = s.tokens;
            failure = s.failure;
            attempts = s.attempts;
            providerStats = s.providerStats;
            scores = s.scores;
            schemaCheck = s.schemaCheck;
            turn = s.turn;
            toolCalls = s.toolCalls;
            toolChunkNanos = s.toolChunkNanos;
            toolsDeclared = s.toolsDeclared;
            note = s.note;
            replayState = s.replayState;
        }

        public Builder seq(int value) {
            seq = value;
            return this;
        }

        public Builder providerId(String value) {
            providerId = value;
            return this;
        }

        public Builder caseId(String value) {
            caseId = value;
            return this;
        }

        public Builder promptId(String value) {
            promptId = value;
            return this;
        }

        public Builder repeat(int value) {
            repeat = value;
            return this;
        }

        public Builder warmup(boolean value) {
            warmup = value;
            return this;
        }

        public Builder step(int value) {
            step = value;
            return this;
        }

        public Builder runAttempt(int value) {
            runAttempt = value;
            return this;
        }

        public Builder startedAt(Instant value) {
            startedAt = value;
            return this;
        }

        public Builder intendedNanos(long value) {
            intendedNanos = value;
            return this;
        }

        public Builder sendNanos(long value) {
            sendNanos = value;
            return this;
        }

        public Builder chunkNanos(List<Long> value) {
            chunkNanos = value;
            return this;
        }

        public Builder reasoningNanos(List<Long> value) {
            reasoningNanos = value;
            return this;
        }

        public Builder endNanos(long value) {
            endNanos = value;
            return this;
        }

        public Builder connection(ConnectionPhases value) {
            connection = value;
            return this;
        }

        public Builder writeNanos(long value) {
            writeNanos = value;
            return this;
        }

        public Builder prompt(String value) {
            prompt = value;
            return this;
        }

        public Builder text(String value) {
            text = value;
            return this;
        }

        public Builder reasoningText(String value) {
            reasoningText = value;
            return this;
        }

        public Builder repairs(TextRepairs value) {
            repairs = value;
            return this;
        }

        public Builder finishReason(FinishReason value) {
            finishReason = value;
            return this;
        }

        public Builder tokens(TokenCounts value) {
            tokens = value;
            return this;
        }

        public Builder failure(Failure value) {
            failure = value;
            return this;
        }

        public Builder attempts(int value) {
            attempts = value;
            return this;
        }

        public Builder providerStats(Map<String, Double> value) {
            providerStats = value;
            return this;
        }

        public Builder scores(List<Score> value) {
            scores = value;
            return this;
        }

        public Builder schemaCheck(SchemaCheck value) {
            schemaCheck = value;
            return this;
        }

        public Builder turn(Turn value) {
            turn = value;
            return this;
        }

        public Builder toolCalls(List<TimedToolCall> value) {
            toolCalls = value;
            return this;
        }

        public Builder toolChunkNanos(List<Long> value) {
            toolChunkNanos = value;
            return this;
        }

        public Builder toolsDeclared(int value) {
            toolsDeclared = value;
            return this;
        }

        public Builder note(String value) {
            note = value;
            return this;
        }

        public Builder replayState(String value) {
            replayState = value;
            return this;
        }

        public Sample build() {
            return new Sample(
                    seq,
                    providerId,
                    caseId,
                    promptId,
                    repeat,
                    warmup,
                    step,
                    runAttempt,
                    startedAt,
                    intendedNanos,
                    sendNanos,
                    chunkNanos,
                    reasoningNanos,
                    endNanos,
                    connection,
                    writeNanos,
                    prompt,
                    text,
                    reasoningText,
                    repairs,
                    finishReason,
                    tokens,
                    failure,
                    attempts,
                    providerStats,
                    scores,
                    schemaCheck,
                    turn,
                    toolCalls,
                    toolChunkNanos,
                    toolsDeclared,
                    note,
                    replayState);
        }
    }
}
