package dev.vernier.core.suite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One case: values for the prompt variables.
 *
 * @param id          case id, unique in the suite
 * @param description optional description, empty when absent
 * @param vars        variable values
 */
public record TestCase(String id, String description, Map<String, String> vars) {

    public TestCase {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
        vars = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }
}
