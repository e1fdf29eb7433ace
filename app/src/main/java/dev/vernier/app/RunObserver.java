package dev.vernier.app;

import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunListener;
import java.nio.file.Path;

/** What a front end shows while a run goes: it prints, the pipeline decides. Every method is optional. */
public interface RunObserver {

    /** A provider is set aside; {@link ProviderRun#skippedReason()} says why and how to fix it. */
    default void skipped(ProviderRun provider) {}

    /** A one-line warning (a provider that failed to close). */
    default void warning(String message) {}

    /** The run directory is ready and attempt {@code attempt} starts (1 for a fresh run). */
    default void started(Path runDir, int attempt) {}

    /** Told of every sample as it completes (a progress bar); must not throw. */
    default RunListener progress() {
        return sample -> {};
    }

    /** Observes nothing. */
    RunObserver NONE = new RunObserver() {};
}
