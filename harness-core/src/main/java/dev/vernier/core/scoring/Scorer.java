package dev.vernier.core.scoring;

import dev.vernier.core.api.ConfigException;
import java.util.Set;

/**
 * One assertion type. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.vernier.core.scoring.Scorer}) and keyed by {@link #info()}'s type;
 * any type can be negated in a suite with a {@code not-} prefix, which the harness applies.
 * Implementations are stateless and thread-safe; a scorer never throws for bad model output: it
 * returns a failing {@link Score} with the reason.
 */
public interface Scorer {

    ScorerInfo info();

    /** Keys this scorer accepts in an assertion entry besides type, value, threshold and weight. */
    default Set<String> optionKeys() {
        return Set.of();
    }

    /**
     * Checks an assertion when the suite is loaded (e.g. a regex compiles, a schema parses).
     *
     * @throws ConfigException naming the key ({@code value}, {@code threshold}, an option) and the fix
     */
    default void validate(Assertion assertion) throws ConfigException {}

    /**
     * The tools an assertion expects the model to call, which the suite must declare (checked when the
     * suite loads, after {@link #validate}); empty for an assertion about no tool.
     */
    default Set<String> toolsNamed(Assertion assertion) {
        return Set.of();
    }

    /** Scores one output. Negation is applied by the caller, not here. */
    Score score(Assertion assertion, Scored subject, ScoringContext context);
}
