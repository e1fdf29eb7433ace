package dev.vernier.core.plan;

import dev.vernier.core.api.GenerationRequest;
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
 * @param request    what is sent
 */
public record PlannedRequest(
        int seq,
        String providerId,
        String caseId,
        String promptId,
        int repeat,
        boolean warmup,
        GenerationRequest request) {

    public PlannedRequest {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(caseId, "caseId");
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(request, "request");
    }
}
