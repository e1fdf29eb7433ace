package dev.vernier.core.api;

import java.util.Objects;

/**
 * Whether one answer met its request's {@link ResponseSchema}: it parsed as JSON and validated.
 *
 * @param valid   true when the answer is one JSON document valid against the schema
 * @param problem why it is not (it is not JSON, or what does not match), null when valid
 */
public record SchemaCheck(boolean valid, String problem) {

    /** A valid answer. */
    public static final SchemaCheck VALID = new SchemaCheck(true, null);

    public SchemaCheck {
        if (valid == (problem != null)) {
            throw new IllegalArgumentException("a problem is given exactly when the answer is invalid");
        }
    }

    /** An invalid answer and why. */
    public static SchemaCheck invalid(String problem) {
        return new SchemaCheck(false, Objects.requireNonNull(problem, "problem"));
    }
}
