package dev.vernier.core.suite;

import dev.vernier.core.scoring.Assertion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One case: values for the prompt variables and the assertions its outputs are scored with.
 *
 * @param id          case id, unique in the suite
 * @param description optional description, empty when absent
 * @param vars        variable values
 * @param assertions  the suite's {@code default_assert} entries followed by the case's own {@code assert}
 *                    entries; empty when the case is not scored
 * @param threshold   share of the assertions' weight that must pass for an output to pass, in [0, 1]
 *                    (1 = every assertion must pass)
 */
public record TestCase(
        String id, String description, Map<String, String> vars, List<Assertion> assertions, double threshold) {

    /** A case without assertions. */
    public TestCase(String id, String description, Map<String, String> vars) {
        this(id, description, vars, List.of(), 1.0);
    }

    public TestCase {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        assertions = assertions == null ? List.of() : List.copyOf(assertions);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
        }
    }
}
