package dev.vernier.core.run;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ModelFacts;
import java.util.Objects;

/**
 * How one provider took part in a run.
 *
 * @param providerId    provider id
 * @param accessMode    access mode
 * @param facts         model facts
 * @param loadMillis    model load time (separate from request latency), -1 when not applicable
 * @param skippedReason null when it ran, else why it was skipped and how to fix it
 * @param windowNanos   measurement window: first measured send to last measured completion
 * @param concurrency   closed-loop concurrency used
 */
public record ProviderRun(
        String providerId, AccessMode accessMode, ModelFacts facts, double loadMillis, String skippedReason,
        long windowNanos, int concurrency) {

    public ProviderRun {
        Objects.requireNonNull(providerId, "providerId");
    }

    public boolean skipped() {
        return skippedReason != null;
    }
}
