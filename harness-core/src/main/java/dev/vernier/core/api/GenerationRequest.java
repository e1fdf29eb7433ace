package dev.vernier.core.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One request to a model: the rendered conversation and the sampling parameters.
 *
 * <p>{@link #messages()} is what is sent. A single-turn request (the six-argument constructor) has
 * the system prompt, when there is one, and the user prompt as its messages; a conversation
 * ({@link #conversation}) keeps {@code prompt} = its last user message and {@code system} = its
 * system messages, for scorers, journals and logs.
 *
 * @param requestId      unique id within a run, for logs and correlation
 * @param prompt         the (last) user prompt text, already rendered from its template
 * @param system         optional system prompt, null when absent
 * @param temperature    sampling temperature
 * @param maxTokens      maximum output tokens
 * @param seed           sampling seed, null when unset
 * @param messages       the messages sent, in order: system messages first, then user and assistant
 *                       messages, the last one a user message; null or empty means {@code system} +
 *                       {@code prompt}
 * @param responseSchema the JSON Schema the answer must follow (suite key {@code response_format}), sent
 *                       natively by the provider; null when the answer is free text
 * @param tools          the tools the model may call (suite key {@code tools}), sent natively by the
 *                       provider; null when none are declared
 */
public record GenerationRequest(
        String requestId,
        String prompt,
        String system,
        double temperature,
        int maxTokens,
        Long seed,
        List<Message> messages,
        ResponseSchema responseSchema,
        Tools tools) {

    public GenerationRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(prompt, "prompt");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
        }
        messages = messages == null || messages.isEmpty() ? singleTurn(system, prompt) : checked(messages);
    }

    /** A single-turn free-text request: the system prompt (when not empty) and the user prompt. */
    public GenerationRequest(
            String requestId, String prompt, String system, double temperature, int maxTokens, Long seed) {
        this(requestId, prompt, system, temperature, maxTokens, seed, null, null, null);
    }

    /**
     * A request sending {@code messages}; {@code prompt} is the last (user) message, {@code system}
     * the system messages joined by a blank line (null when there are none).
     *
     * @throws IllegalArgumentException when the list is empty, a system message follows a user or
     *                                  assistant message, a tool message answers no call of the assistant
     *                                  message before it, or the last message is neither a user message
     *                                  nor a tool result
     */
    public static GenerationRequest conversation(
            String requestId, List<Message> messages, double temperature, int maxTokens, Long seed) {
        List<Message> list = checked(messages);
        return new GenerationRequest(
                requestId, lastUserText(list), systemText(list), temperature, maxTokens, seed, list, null, null);
    }

    private static String lastUserText(List<Message> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Message.Role.USER) {
                return messages.get(i).content();
            }
        }
        throw new IllegalArgumentException("a conversation needs at least one user message");
    }

    /** This request under another id (the runner numbers requests it cycles through). */
    public GenerationRequest withId(String id) {
        return new GenerationRequest(id, prompt, system, temperature, maxTokens, seed, messages, responseSchema, tools);
    }

    /** The user and assistant messages, in order (the system messages left out). */
    public List<Message> turns() {
        return messages.stream().filter(m -> m.role() != Message.Role.SYSTEM).toList();
    }

    /** The system messages' text joined by a blank line, or null when there is none (or it is empty). */
    public String systemText() {
        return systemText(messages);
    }

    /** Whether this request sends more than a system prompt and one user prompt. */
    public boolean multiMessage() {
        return turns().size() > 1;
    }

    private static String systemText(List<Message> messages) {
        List<String> parts = new ArrayList<>();
        for (Message m : messages) {
            if (m.role() == Message.Role.SYSTEM && !m.content().isEmpty()) {
                parts.add(m.content());
            }
        }
        return parts.isEmpty() ? null : String.join("\n\n", parts);
    }

    private static List<Message> singleTurn(String system, String prompt) {
        return system == null || system.isEmpty()
                ? List.of(Message.user(prompt))
                : List.of(Message.system(system), Message.user(prompt));
    }

    private static List<Message> checked(List<Message> messages) {
        List<Message> list = List.copyOf(messages);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("a conversation needs at least one user message");
        }
        boolean spoken = false;
        Set<String> open = new HashSet<>();
        for (Message m : list) {
            if (m.role() == Message.Role.SYSTEM && spoken) {
                throw new IllegalArgumentException("system messages must come before every user and assistant message");
            }
            spoken |= m.role() != Message.Role.SYSTEM;
            if (m.role() == Message.Role.TOOL) {
                if (!open.remove(m.toolCallId())) {
                    throw new IllegalArgumentException("the tool result for call '" + m.toolCallId()
                            + "' answers no call of the assistant message before it");
                }
            } else {
                open.clear();
                m.toolCalls().forEach(c -> open.add(c.id()));
            }
        }
        Message.Role last = list.get(list.size() - 1).role();
        if (last != Message.Role.USER && last != Message.Role.TOOL) {
            throw new IllegalArgumentException(
                    "the last message must be a user message or a tool result, was " + last.word());
        }
        lastUserText(list);
        return list;
    }

    /** This request asking for the given response schema (null for free text). */
    public GenerationRequest withResponseSchema(ResponseSchema schema) {
        return new GenerationRequest(requestId, prompt, system, temperature, maxTokens, seed, messages, schema, tools);
    }

    /** This request declaring {@code tools} (null for none). */
    public GenerationRequest withTools(Tools tools) {
        return new GenerationRequest(
                requestId, prompt, system, temperature, maxTokens, seed, messages, responseSchema, tools);
    }

    /** This request with {@code more} messages appended (a tool loop's next request: the calls and their results). */
    public GenerationRequest continuedWith(List<Message> more) {
        List<Message> all = new ArrayList<>(messages);
        all.addAll(more);
        return new GenerationRequest(
                requestId, prompt, system, temperature, maxTokens, seed, all, responseSchema, tools);
    }
}
