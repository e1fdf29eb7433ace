package dev.vernier.core.metrics;

import dev.vernier.core.run.Sample;
import org.HdrHistogram.Histogram;

/**
 * What one provider's successful measured requests spent on reasoning (docs/metrics.md, the
 * reasoning rows). Times in milliseconds from HdrHistograms (microseconds, 3 significant
 * digits); token counts are sums over the requests whose count is known, with the number of requests
 * whose count is not, so a reader can tell a sum of all from a sum of some.
 *
 * @param requests               successful measured requests
 * @param reasoningRequests      of them, those that streamed reasoning or were billed reasoning tokens
 * @param firstAnswerMs          time to first answer token t_a - t_send (requests with an answer chunk)
 * @param reasoningMs            reasoning time t_a - t_1 (requests that streamed reasoning, then answered)
 * @param answerMs               answer time t_n - t_a (requests with an answer chunk)
 * @param billedOutputTokens     sum of output tokens billed (reasoning included), over requests with a count
 * @param answerTokens           sum of answer tokens over requests where they are known
 * @param answerUnknown          requests whose answer tokens are unknown
 * @param visibleReasoningTokens sum of reasoning tokens the user could read, where known
 * @param visibleUnknown         requests that streamed reasoning of unknown size (thought summaries)
 * @param hiddenReasoningTokens  sum of reasoning tokens billed but not shown, where known
 * @param hiddenUnknown          requests whose hidden reasoning is unknown
 * @param hiddenShareOutput      of those requests' billed output, the share that was hidden reasoning
 *                               (sum hidden / sum output over requests where both are known; see {@link #hiddenShare()})
 */
public record ReasoningSummary(
        long requests,
        long reasoningRequests,
        Distribution firstAnswerMs,
        Distribution reasoningMs,
        Distribution answerMs,
        long billedOutputTokens,
        long answerTokens,
        long answerUnknown,
        long visibleReasoningTokens,
        long visibleUnknown,
        long hiddenReasoningTokens,
        long hiddenUnknown,
        long hiddenShareOutput) {

    /** The reasoning figures of the successful, measured samples among {@code samples}. */
    public static ReasoningSummary of(Iterable<Sample> samples) {
        Histogram firstAnswer = Summary.histogram();
        Histogram reasoning = Summary.histogram();
        Histogram answer = Summary.histogram();
        long requests = 0;
        long reasoningRequests = 0;
        long billed = 0;
        long answerTokens = 0;
        long answerUnknown = 0;
        long visible = 0;
        long visibleUnknown = 0;
        long hidden = 0;
        long hiddenUnknown = 0;
        long shareOutput = 0;
        for (Sample s : samples) {
            if (s.warmup() || !s.succeeded()) {
                continue;
            }
            requests++;
            long h = s.hiddenReasoningTokens();
            long v = s.visibleReasoningTokens();
            long a = s.answerTokens();
            if (s.reasoningStreamed() || s.tokens().reasoning() > 0 || h != 0) {
                reasoningRequests++;
            }
            record(firstAnswer, s.firstAnswerNanos());
            record(reasoning, s.reasoningTimeNanos());
            record(answer, s.answerTimeNanos());
            if (s.tokens().outputKnown()) {
                billed += s.tokens().output();
            }
            if (a >= 0) {
                answerTokens += a;
            } else {
                answerUnknown++;
            }
            if (v >= 0) {
                visible += v;
            } else {
                visibleUnknown++;
            }
            if (h >= 0) {
                hidden += h;
                if (s.tokens().outputKnown()) {
                    shareOutput += s.tokens().output();
                }
            } else {
                hiddenUnknown++;
            }
        }
        return new ReasoningSummary(
                requests,
                reasoningRequests,
                Distribution.of(firstAnswer, 1000),
                Distribution.of(reasoning, 1000),
                Distribution.of(answer, 1000),
                billed,
                answerTokens,
                answerUnknown,
                visible,
                visibleUnknown,
                hidden,
                hiddenUnknown,
                shareOutput);
    }

    /** Records a time that is known (not negative). */
    private static void record(Histogram h, long nanos) {
        if (nanos >= 0) {
            Summary.record(h, nanos);
        }
    }

    /** Whether any request reasoned (streamed reasoning, was billed for it, or may have hidden some). */
    public boolean any() {
        return reasoningRequests > 0;
    }

    /**
     * Transparency: the share of billed output tokens the user could not read, sum(hidden) / sum(output)
     * over the successful requests; NaN when any request's hidden reasoning is unknown (then the share
     * is unknown, never guessed) or nothing was billed.
     */
    public double hiddenShare() {
        if (hiddenUnknown > 0 || hiddenShareOutput <= 0) {
            return Double.NaN;
        }
        return (double) hiddenReasoningTokens / hiddenShareOutput;
    }
}
