package dev.vernier.core.run;

import dev.vernier.core.load.LoadStep;
import java.util.Objects;

/**
 * One load step as it ran for one provider.
 *
 * @param providerId  provider
 * @param step        index into the load profile's steps
 * @param load        what was offered
 * @param windowNanos measurement window: first measured send to last measured completion
 * @param sent        requests sent in the step, warm-ups included
 * @param stopReason  null when the step ran to its bound, else why it ended early
 */
public record StepRun(String providerId, int step, LoadStep load, long windowNanos, long sent, String stopReason) {

    public StepRun {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(load, "load");
    }

    public String label() {
        return load.label();
    }
}
