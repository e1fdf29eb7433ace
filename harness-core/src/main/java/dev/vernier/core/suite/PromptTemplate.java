package dev.vernier.core.suite;

import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.api.Tools;
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
 * A prompt with {@code {{var}}} placeholders: a template with an optional system prompt, or a list
 * of messages. Rendering substitutes values verbatim: no escaping, no expressions, nothing executed.
 *
 * @param id       prompt id, unique in the suite
 * @param template the user prompt text; for a message list, its last (user) message
 * @param system   optional system prompt template, null when absent (always null for a message list)
 * @param messages the message templates of a message-list prompt ({@code messages:} in a suite),
 *                 empty for a template prompt
 * @param responseSchema the JSON Schema answers must follow (the prompt's {@code response_format}, else
 *                 the suite's), null for free text
 * @param tools    the tools the model may call (the prompt's {@code tools} and {@code tool_choice}, by
 *                 default every tool of the suite), null when none are declared
 */
public record PromptTemplate(
        String id, String template, String system, List<Message> messages, ResponseSchema responseSchema, Tools tools) {

    /** A template prompt with an optional system prompt, whose answers are free text. */
    public PromptTemplate(String id, String template, String system) {
        this(id, template, system, List.of(), null, null);
    }

    /** A prompt declaring no tools. */
    public PromptTemplate(
            String id, String template, String system, List<Message> messages, ResponseSchema responseSchema) {
        this(id, template, system, messages, responseSchema, null);
    }

    /** This prompt declaring {@code value} to the model (null for none). */
    public PromptTemplate withTools(Tools value) {
        return new PromptTemplate(id, template, system, messages, responseSchema, value);
    }

    /**
     * A message-list prompt; the checks of {@link GenerationRequest#conversation} apply (the last
     * message a user message, system messages first).
     */
    public static PromptTemplate ofMessages(String id, List<Message> messages) {
        GenerationRequest checked = GenerationRequest.conversation(id, messages, 0, 1, null);
        return new PromptTemplate(id, checked.prompt(), null, checked.messages(), null);
    }

    /** This prompt with answers that must follow {@code schema} (null for free text). */
    public PromptTemplate withResponseSchema(ResponseSchema schema) {
        return new PromptTemplate(id, template, system, messages, schema, tools);
    }

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*}}");

    public PromptTemplate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(template, "template");
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /** Whether this prompt is a list of messages rather than a template and a system prompt. */
    public boolean isConversation() {
        return !messages.isEmpty();
    }

    /** The variable names used, in order of first use, in the prompt and the system prompt. */
    public Set<String> variables() {
        Set<String> names = new LinkedHashSet<>();
        collect(template, names);
        messages.forEach(m -> collect(m.content(), names));
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

    /** The variable names used in {@code text}, in order of first use. */
    public static Set<String> variablesOf(String text) {
        Set<String> names = new LinkedHashSet<>();
        collect(text, names);
        return Collections.unmodifiableSet(names);
    }

    /** {@code text} with {@code vars} substituted (a script turn's content). */
    public static String renderText(String text, Map<String, String> vars) {
        return substitute(text, vars);
    }

    /** The messages with {@code vars} substituted (for a template prompt: its system prompt and its prompt). */
    public List<Message> renderMessages(Map<String, String> vars) {
        if (!isConversation()) {
            String s = renderSystem(vars);
            return s == null || s.isEmpty()
                    ? List.of(Message.user(render(vars)))
                    : List.of(Message.system(s), Message.user(render(vars)));
        }
        List<Message> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            out.add(new Message(m.role(), substitute(m.content(), vars)));
        }
        return out;
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
