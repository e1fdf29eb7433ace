package dev.vernier.core.scoring;

import dev.vernier.core.api.Provider;
import java.util.Optional;

/** What a scorer may use besides the output: the run's providers (for an LLM judge). */
public interface ScoringContext {

    /** A provider of the run by id (or by suite id), for judges. */
    Optional<Provider> provider(String id);

    /** A context with no providers. */
    static ScoringContext none() {
        return id -> Optional.empty();
    }
}
