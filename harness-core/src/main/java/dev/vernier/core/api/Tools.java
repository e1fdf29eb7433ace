package dev.vernier.core.api;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The tools a request declares and whether the model must call one: what a provider sends natively
 * (docs/tools.md has each vendor's mapping).
 *
 * @param specs  the declared tools, in the suite's order, names unique, at least one
 * @param choice whether the model must call a tool
 */
public record Tools(List<ToolSpec> specs, ToolChoice choice) {

    public Tools {
        specs = List.copyOf(specs);
        Objects.requireNonNull(choice, "choice");
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("declare at least one tool");
        }
        Set<String> names = new HashSet<>();
        for (ToolSpec s : specs) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("tool '" + s.name() + "' is declared twice");
            }
        }
        if (choice.mode() == ToolChoice.Mode.NAMED && !names.contains(choice.name())) {
            throw new IllegalArgumentException("tool_choice names '" + choice.name() + "', which is not declared");
        }
    }

    /** The declared tool named {@code name}, or null when there is none. */
    public ToolSpec find(String name) {
        for (ToolSpec s : specs) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * Checks a call against the declarations: valid when it names a declared tool and its arguments
     * match that tool's schema.
     */
    public SchemaCheck check(ToolCall call) {
        ToolSpec spec = find(call.name());
        return spec == null
                ? SchemaCheck.invalid("the model called '" + call.name() + "', which is not declared")
                : spec.check(call.arguments());
    }
}
