package dev.vernier.core.run;

import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.scoring.Score;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request's observation. Times are monotonic nanoseconds: {@code sendNanos} and
 * {@code intendedNanos} relative to the run's start, chunk and end times relative to t_send.
 * Derived metrics follow the formulas in the README (section "What each number means").
 *
 * @param seq           plan position
 * @param providerId    provider id
 * @param caseId        case id
 * @param promptId      prompt id
 * @param repeat        repetition number
 * @param warmup        excluded from statistics when true
 * @param startedAt     wall-clock time at send, for labelling only
 * @param intendedNanos t_intended: when the load profile wanted the request sent; in closed loop the
 *                      first attempt's send (equal to sendNanos unless the provider retried)
 * @param sendNanos     t_send: when the successful (last) attempt was handed to the transport
 * @param chunkNanos    t_i - t_send for every non-empty content chunk, in arrival order
 * @param endNanos      response complete (or failed) - t_send
 * @param prompt        the rendered prompt
 * @param text          the output text (untrusted)
 * @param finishReason  why generation ended
 * @param tokens        token counts with sources
 * @param failure       null on success
 * @param attempts      attempts made
 * @param providerStats provider-reported numbers
 * @param scores        assertion results, in the case's assertion order; empty when the case has none
 * @param step          the load step it belongs to (index into the run's steps, 0 when the run had one step)
 */
public record Sample(
        int seq,
        String providerId,
        String caseId,
        String promptId,
        int repeat,
        boolean warmup,
        Instant startedAt,
        long intendedNanos,
        long sendNanos,
        List<Long> chunkNanos,
        long endNanos,
        String prompt,
        String text,
        FinishReason finishReason,
        TokenCounts tokens,
        Failure failure,
        int attempts,
        Map<String, Double> providerStats,
        List<Score> scores,
        int step) {

    /** A sample of step 0. */
    public Sample(
            int seq,
            String providerId,
            String caseId,
            String promptId,
            int repeat,
            boolean warmup,
            Instant startedAt,
            long intendedNanos,
            long sendNanos,
            List<Long> chunkNanos,
            long endNanos,
            String prompt,
            String text,
            FinishReason finishReason,
            TokenCounts tokens,
            Failure failure,
            int attempts,
            Map<String, Double> providerStats,
            List<Score> scores) {
        this(
                seq,
                providerId,
                caseId,
                promptId,
                repeat,
                warmup,
                startedAt,
                intendedNanos,
                sendNanos,
                chunkNanos,
                endNanos,
                prompt,
                text,
                finishReason,
                tokens,
                failure,
                attempts,
                providerStats,
                scores,
                0);
    }

    /** A sample of step 0 without assertion results. */
    public Sample(
            int seq,
            String providerId,
            String caseId,
            String promptId,
            int repeat,
            boolean warmup,
            Instant startedAt,
            long intendedNanos,
            long sendNanos,
            List<Long> chunkNanos,
            long endNanos,
            String prompt,
            String text,
            FinishReason finishReason,
            TokenCounts tokens,
            Failure failure,
            int attempts,
            Map<String, Double> providerStats) {
        this(
                seq,
                providerId,
                caseId,
                promptId,
                repeat,
                warmup,
                startedAt,
                intendedNanos,
                sendNanos,
                chunkNanos,
                endNanos,
                prompt,
                text,
                finishReason,
                tokens,
                failure,
                attempts,
                providerStats,
                List.of());
    }

    public Sample {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(startedAt, "startedAt");
        chunkNanos = NanoList.copyOf(chunkNanos);
        text = text == null ? "" : text;
        prompt = prompt == null ? "" : prompt;
        providerStats = providerStats == null ? Map.of() : Map.copyOf(providerStats);
        scores = scores == null ? List.of() : List.copyOf(scores);
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, was " + step);
        }
    }

    /** This sample with assertion results. */
    public Sample withScores(List<Score> newScores) {
        return new Sample(
                seq,
                providerId,
                caseId,
                promptId,
                repeat,
                warmup,
                startedAt,
                intendedNanos,
                sendNanos,
                chunkNanos,
                endNanos,
                prompt,
                text,
                finishReason,
                tokens,
                failure,
                attempts,
                providerStats,
                newScores,
                step);
    }

    /** This sample with one more provider stat (replacing one of the same name). */
    public Sample withProviderStat(String name, double value) {
        Map<String, Double> stats = new java.util.LinkedHashMap<>(providerStats);
        stats.put(name, value);
        return new Sample(
                seq,
                providerId,
                caseId,
                promptId,
                repeat,
                warmup,
                startedAt,
                intendedNanos,
                sendNanos,
                chunkNanos,
                endNanos,
                prompt,
                text,
                finishReason,
                tokens,
                failure,
                attempts,
                stats,
                scores,
                step);
    }

    /** The chunk times unboxed (the canonical constructor stores them as a {@link NanoList}). */
    private NanoList nanos() {
        return (NanoList) chunkNanos;
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** TTFT = t_1 - t_send; -1 when no content arrived. */
    public long ttftNanos() {
        return chunkNanos.isEmpty() ? -1 : nanos().getLong(0);
    }

    /** E2E = t_n - t_send when streamed, else response complete - t_send. */
    public long e2eNanos() {
        return chunkNanos.isEmpty() ? endNanos : nanos().getLong(chunkNanos.size() - 1);
    }

    /** N: output tokens as reported by the provider, or the chunk count when unknown. */
    public long outputTokens() {
        return tokens.outputKnown() ? tokens.output() : chunkNanos.size();
    }

    /** TPOT = (E2E - TTFT) / (N - 1) for N >= 2; -1 otherwise. */
    public double tpotNanos() {
        long n = outputTokens();
        if (n < 2 || chunkNanos.isEmpty()) {
            return -1;
        }
        return (double) (e2eNanos() - ttftNanos()) / (n - 1);
    }

    /** Decode speed = (N - 1) / (t_n - t_1) tokens per second; -1 when undefined. */
    public double decodeTokensPerSecond() {
        long n = outputTokens();
        long span = e2eNanos() - ttftNanos();
        if (n < 2 || chunkNanos.isEmpty() || span <= 0) {
            return -1;
        }
        return (n - 1) / (span / 1e9);
    }

    /** Inter-chunk gaps t_i - t_(i-1), i >= 2. */
    public long[] itlNanos() {
        NanoList nanos = nanos();
        long[] gaps = new long[Math.max(0, nanos.size() - 1)];
        for (int i = 1; i < nanos.size(); i++) {
            gaps[i - 1] = nanos.getLong(i) - nanos.getLong(i - 1);
        }
        return gaps;
    }

    /** Queueing delay t_send - t_intended (open loop; in closed loop the time lost to retries). */
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
}
