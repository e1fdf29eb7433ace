package dev.vernier.core.scoring;

import dev.vernier.core.run.Sample;
import java.util.Map;
import java.util.Objects;

/**
 * What a scorer looks at: the sample (output text, finish reason, latency, tokens) and the case's
 * variables, for assertions that refer to them.
 *
 * @param sample the completed request
 * @param vars   the case's variables
 * @param costUsd the request's cost in US dollars when known, else null
 */
public record Scored(Sample sample, Map<String, String> vars, Double costUsd) {

    public Scored {
        Objects.requireNonNull(sample, "sample");
        vars = vars == null ? Map.of() : Map.copyOf(vars);
    }

    public String output() {
        return sample.text();
    }
}
