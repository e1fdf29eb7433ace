package dev.vernier.core.run;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Reasoning;
import dev.vernier.core.cost.HardwareSpec;
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
 * @param hardware      the hardware the suite declares for this provider (self-hosted cost), null when none
 * @param apiUsdPerMillionTokens for a priced API provider, its average price per 1M tokens (input + output)
 *                      over the token mix measured in the run ({@link dev.vernier.core.cost.BreakEven#apiUsdPerMillionTokens});
 *                      null when not an API provider, unpriced, or no tokens were counted
 * @param reasoning     the {@code reasoning:} settings it ran with, null when none
 * @param sweepOf       for one level of a {@code reasoning.effort} sweep, the id the swept entry's levels
 *                      share (the provider's id without {@code @<level>}); null otherwise
 */
public record ProviderRun(
        String providerId,
        AccessMode accessMode,
        ModelFacts facts,
        double loadMillis,
        String skippedReason,
        long windowNanos,
        int concurrency,
        HardwareSpec hardware,
        Double apiUsdPerMillionTokens,
        Reasoning reasoning,
        String sweepOf) {

    public ProviderRun {
        Objects.requireNonNull(providerId, "providerId");
    }

    /** This run with another window and API price (a run rebuilt from its journal). */
    public ProviderRun withWindow(long newWindowNanos, Double newApiUsdPerMillionTokens) {
        return new ProviderRun(
                providerId,
                accessMode,
                facts,
                loadMillis,
                null,
                newWindowNanos,
                concurrency,
                hardware,
                newApiUsdPerMillionTokens,
                reasoning,
                sweepOf);
    }

    public boolean skipped() {
        return skippedReason != null;
    }
}
