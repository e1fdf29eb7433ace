package dev.vernier.core.session;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.cost.HardwareSpec;
import dev.vernier.core.cost.ModelPrice;
import dev.vernier.core.run.ProviderRun;
import java.time.Duration;
import java.util.Objects;

/**
 * One provider entry of a session, with everything the run needs to know about it in one place: the
 * provider (null when it could not be created), its facts, time limit, cost inputs, and why it was
 * set aside when it was.
 *
 * @param id            the id it runs under (unique in the session)
 * @param config        the suite entry, null for a provider given in code
 * @param provider      the created provider; null when set aside before creation
 * @param accessMode    how it is reached, null when unknown (not created)
 * @param facts         what it describes itself as, null when unknown
 * @param loadMillis    its model load time, -1 when not applicable
 * @param timeout       its per-request time limit
 * @param hardware      the hardware declared for self-hosted cost, null when none
 * @param apiPrice      its catalogue price when it is a priced API, null otherwise
 * @param skippedReason null when it runs, else why it does not and how to fix it
 * @param sweepOf       for one level of an effort sweep, the id its levels share; null otherwise
 */
public record ProviderSlot(
        String id,
        ProviderConfig config,
        Provider provider,
        AccessMode accessMode,
        ModelFacts facts,
        double loadMillis,
        Duration timeout,
        HardwareSpec hardware,
        ModelPrice apiPrice,
        String skippedReason,
        String sweepOf) {

    public ProviderSlot {
        Objects.requireNonNull(id, "id");
    }

    /** Whether it takes part in the run. */
    public boolean available() {
        return skippedReason == null && provider != null;
    }

    /** The slot of a provider set aside with a reason (the provider, if created, stays open for closing). */
    public ProviderSlot skipped(String reason) {
        return new ProviderSlot(
                id, config, provider, accessMode, facts, loadMillis, timeout, hardware, apiPrice, reason, sweepOf);
    }

    /**
     * Its part in a run's result.
     *
     * @param windowNanos            its measurement window
     * @param concurrency            the run's nominal concurrency
     * @param apiUsdPerMillionTokens its average API price over the run's token mix, null when none
     */
    public ProviderRun toRun(long windowNanos, int concurrency, Double apiUsdPerMillionTokens) {
        return new ProviderRun(
                id,
                accessMode,
                facts,
                loadMillis,
                skippedReason,
                available() ? windowNanos : 0,
                concurrency,
                available() ? hardware : null,
                available() ? apiUsdPerMillionTokens : null,
                config == null ? null : config.reasoning().orElse(null),
                sweepOf);
    }
}
