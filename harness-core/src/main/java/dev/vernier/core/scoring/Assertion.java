package dev.vernier.core.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One assertion of a case, as a suite declares it.
 *
 * @param type      the scorer type without negation, e.g. {@code contains}
 * @param negated   true when written with a {@code not-} prefix ({@code not-contains})
 * @param value     the expected value (string, number, list or map), null when the scorer needs none
 * @param threshold the pass threshold for scorers that produce a graded score, null for the default
 * @param weight    weight in the case's weighted score, default 1
 * @param options   further scorer-specific keys (e.g. {@code provider} and {@code rubric} for a judge)
 */
public record Assertion(
        String type, boolean negated, Object value, Double threshold, double weight, Map<String, Object> options) {

    public Assertion {
        Objects.requireNonNull(type, "type");
        if (!(weight >= 0)) {
            throw new IllegalArgumentException("weight must be >= 0");
        }
        options = options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** The name as written in the suite: the type with its {@code not-} prefix when negated. */
    public String name() {
        return negated ? "not-" + type : type;
    }
}
