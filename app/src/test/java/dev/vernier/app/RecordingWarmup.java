package dev.vernier.app;

import dev.vernier.core.api.HarnessWarmup;
import dev.vernier.core.api.Provider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A harness warm-up for tests: applies to providers whose id starts with {@code warm}, records its calls. */
public final class RecordingWarmup implements HarnessWarmup {

    /** Every budget it was run with, in order, and the moment (System.nanoTime) of each run. */
    static final List<Duration> BUDGETS = new CopyOnWriteArrayList<>();

    static final List<Long> RAN_AT = new CopyOnWriteArrayList<>();

    /** The ids of the providers each run was given. */
    static final List<List<String>> PROVIDERS = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public boolean appliesTo(Provider provider) {
        return provider.id().startsWith("warm");
    }

    @Override
    public Duration run(Duration budget, List<Provider> providers) {
        PROVIDERS.add(providers.stream().map(Provider::id).toList());
        return run(budget);
    }

    @Override
    public Duration run(Duration budget) {
        BUDGETS.add(budget);
        RAN_AT.add(System.nanoTime());
        return Duration.ofMillis(7);
    }
}
