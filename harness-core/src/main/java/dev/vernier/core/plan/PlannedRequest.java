package dev.vernier.core.plan;

import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.suite.ToolResults;
import java.util.List;
import java.util.Objects;

/**
 * One request of a plan.
 *
 * @param seq        position in the plan, from 0
 * @param providerId which provider sends it
 * @param caseId     case id
 * @param promptId   prompt id
 * @param repeat     repetition number from 0; warm-ups count separately from 0
 * @param warmup     true for warm-up requests, which are excluded from statistics
 * @param request    what is sent (a conversation's first turn)
 * @param followUps  a multi-turn case's later user messages, rendered, each sent after the model's
 *                   previous reply; empty for a single request
 * @param toolResults the case's mocked tool results when the request declares tools and the case gives
 *                   results (the runner then answers the model's calls and runs the tool loop); else null
 */
public record PlannedRequest(
        int seq,
        String providerId,
        String caseId,
        String promptId,
        int repeat,
        boolean warmup,
        GenerationRequest request,
        List<String> followUps,
        ToolResults toolResults) {

    public PlannedRequest {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(request, "request");
        followUps = followUps == null ? List.of() : List.copyOf(followUps);
    }

    /** A request without a tool loop. */
    public PlannedRequest(
            int seq,
            String providerId,
            String caseId,
            String promptId,
            int repeat,
            boolean warmup,
            GenerationRequest request,
            List<String> followUps) {
        this(seq, providerId, caseId, promptId, repeat, warmup, request, followUps, null);
    }

    /** A single request. */
    public PlannedRequest(
            int seq,
            String providerId,
            String caseId,
            String promptId,
            int repeat,
            boolean warmup,
            GenerationRequest request) {
        this(seq, providerId, caseId, promptId, repeat, warmup, request, List.of());
    }

    /** Requests this entry sends: 1, or a conversation's turns. */
    public int turnCount() {
        return 1 + followUps.size();
    }

    /** This entry under another sequence number, warm-up flag, repeat and request (the runner's cycling). */
    public PlannedRequest renumbered(int newSeq, int newRepeat, boolean newWarmup, GenerationRequest newRequest) {
        return new PlannedRequest(
                newSeq, providerId, caseId, promptId, newRepeat, newWarmup, newRequest, followUps, toolResults);
    }

    /** Whether the model's tool calls are answered with mocked results (a tool loop). */
    public boolean toolLoop() {
        return toolResults != null;
    }

    /** Whether this entry runs as a conversation: a multi-turn script, or a tool loop. */
    public boolean conversation() {
        return !followUps.isEmpty() || toolLoop();
    }
}
