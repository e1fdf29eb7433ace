package dev.vernier.core.suite;

import dev.vernier.core.api.ResponseSchema;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt with {@code {{var}}} placeholders. Rendering substitutes values verbatim: no escaping,
 * no expressions, nothing executed.
 *
 * @param id       prompt id, unique in the suite
 * @param template the user prompt text
 * @param system   optional system prompt template, null when absent
 * @param responseSchema the JSON Schema answers must follow (the prompt's {@code response_format}, else
 *                 the suite's), null for free text
 */
public record PromptTemplate(String id, String template, String system, ResponseSchema responseSchema) {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*}}");

    /** A prompt whose answers are free text. */
    public PromptTemplate(String id, String template, String system) {
        this(id, template, system, null);
    }

    public PromptTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(template, "template");
    }

    /** The variable names used, in order of first use, in the prompt and the system prompt. */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        collect(template, names);
        if (system != null) {
            collect(system, names);
        }
        return Collections.unmodifiableSet(names);
    }

    public String render(Map<String, String> vars) {
        return substitute(template, vars);
    }

    public String renderSystem(Map<String, String> vars) {
        return system == null ? null : substitute(system, vars);
    }

    private static void collect(String text, Set<String> names) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    private static String substitute(String text, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                missing.add(m.group(1));
                value = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no value for " + missing);
        }
        return out.toString();
    }
}
