package dev.vernier.core.metrics;

import dev.vernier.core.run.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One conversation of a multi-turn case, from its turns' samples (docs/metrics.md, "Conversations"):
 *
 * <ul>
 *   <li>{@code totalNanos} = t_end of its last turn that was sent - t_send of its first turn (the time a
 *       user of the conversation waited, the harness's hand-over between turns included);</li>
 *   <li>{@code e2eSumNanos} = the sum of the E2E latencies of its turns that were sent;</li>
 *   <li>{@code costUsd} = the sum of its sent turns' costs, NaN when any of them is unknown.</li>
 * </ul>
 *
 * @param providerId     provider
 * @param conversationId the conversation's id
 * @param caseId         its case
 * @param promptId       its prompt
 * @param step           its load step
 * @param turns          requests in the conversation: one per user turn, and one per tool round of a tool loop
 *                       (docs/tools.md), those not run included
 * @param sent           turns that were sent (the rest were not run: an earlier turn failed, or the run stopped)
 * @param succeeded      turns that succeeded
 * @param totalNanos     see above; -1 when no turn was sent
 * @param e2eSumNanos    see above
 * @param costUsd        see above
 * @param inputTokens    input tokens of each sent turn, in turn order (-1 where unknown): they grow with the history
 * @param cachedInputTokens cached input tokens of each sent turn as the vendor reported them (-1 where unknown)
 */
public record ConversationSummary(
        String providerId,
        String conversationId,
        String caseId,
        String promptId,
        int step,
        int turns,
        int sent,
        int succeeded,
        long totalNanos,
        long e2eSumNanos,
        double costUsd,
        List<Long> inputTokens,
        List<Long> cachedInputTokens) {

    public ConversationSummary {
        inputTokens = List.copyOf(inputTokens);
        cachedInputTokens = List.copyOf(cachedInputTokens);
    }

    /** The measured conversations among {@code samples}, in order of their first turn. */
    public static List<ConversationSummary> of(List<Sample> samples) {
        Map<List<Object>, List<Sample>> byConversation = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.turn() != null && !s.warmup()) {
                byConversation
                        .computeIfAbsent(
                                List.of(s.providerId(), s.turn().conversationId(), s.step(), s.runAttempt()),
                                k -> new ArrayList<>())
                        .add(s);
            }
        }
        List<ConversationSummary> out = new ArrayList<>();
        for (List<Sample> turns : byConversation.values()) {
            turns.sort(Comparator.comparingInt((Sample s) -> s.turn().index())
                    .thenComparingInt(s -> s.turn().round()));
            out.add(summarise(turns));
        }
        return out;
    }

    private static ConversationSummary summarise(List<Sample> turns) {
        Sample first = turns.get(0);
        int sent = 0;
        int succeeded = 0;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long e2e = 0;
        double cost = 0;
        List<Long> input = new ArrayList<>();
        List<Long> cached = new ArrayList<>();
        for (Sample s : turns) {
            if (s.notRun()) {
                continue;
            }
            sent++;
            succeeded += s.succeeded() ? 1 : 0;
            start = Math.min(start, s.sendNanos());
            end = Math.max(end, s.sendNanos() + s.endNanos());
            e2e += s.e2eNanos();
            cost += s.costUsd().isPresent() ? s.costUsd().getAsDouble() : Double.NaN;
            input.add(s.tokens().input());
            cached.add(s.tokens().cachedInput());
        }
        return new ConversationSummary(
                first.providerId(),
                first.turn().conversationId(),
                first.caseId(),
                first.promptId(),
                first.step(),
                turns.size(),
                sent,
                succeeded,
                sent == 0 ? -1 : end - start,
                e2e,
                sent == 0 ? Double.NaN : cost,
                input,
                cached);
    }
}
