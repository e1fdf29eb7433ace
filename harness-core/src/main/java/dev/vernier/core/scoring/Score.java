package dev.vernier.core.scoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one assertion on one output.
 *
 * @param assertion the assertion as written in the suite, e.g. {@code contains}, {@code not-regex}
 * @param pass      whether it passed (after negation and threshold)
 * @param score     a score in [0, 1] (1 = best); for pass/fail scorers 1 or 0
 * @param weight    the assertion's weight in the case's weighted score
 * @param reason    why it passed or failed, in words a reader understands
 * @param details   scorer-specific facts kept with the sample (e.g. a judge's prompt, raw reply and
 *                  cost); values are strings or numbers
 */
public record Score(
        String assertion, boolean pass, double score, double weight, String reason, Map<String, Object> details) {

    public Score {
        Objects.requireNonNull(assertion, "assertion");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], was " + score);
        }
        reason = reason == null ? "" : reason;
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
