package dev.vernier.core.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One message of a conversation, vendor-neutral: who speaks and what is said. Each provider maps
 * the roles onto its own wire format (docs/conversations.md, docs/tools.md).
 *
 * @param role       who speaks
 * @param content    the text, already rendered from its template (empty, not null, for an assistant
 *                   message that only calls tools)
 * @param toolCalls  the tools an assistant message calls, in order; empty for every other message
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers; null otherwise
 * @param toolName   for a {@link Role#TOOL} message, the name of the tool that answered; null otherwise
 */
public record Message(Role role, String content, List<ToolCall> toolCalls, String toolCallId, String toolName) {

    /** Who speaks in a message. */
    public enum Role {
        /** Instructions to the model; only before the first user or assistant message. */
        SYSTEM,
        /** The user's words. */
        USER,
        /** A reply of the model (scripted in the suite, or the model's own earlier reply). */
        ASSISTANT,
        /** A tool's result, answering one call of the assistant message before it. */
        TOOL;

        /**
         * The word used in suites, journals and most wire formats: {@code system}, {@code user},
         * {@code assistant}, {@code tool}.
         */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The role named by {@code word} (case-insensitive), or null when there is none. */
        public static Role of(String word) {
            for (Role r : values()) {
                if (r.word().equalsIgnoreCase(word)) {
                    return r;
                }
            }
            return null;
        }
    }

    public Message {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (!toolCalls.isEmpty() && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("only an assistant message calls tools");
        }
        if ((role == Role.TOOL) != (toolCallId != null) || (role == Role.TOOL) != (toolName != null)) {
            throw new IllegalArgumentException("a tool call id and tool name are given exactly for a tool message");
        }
    }

    /** A message without tool calls. */
    public Message(Role role, String content) {
        this(role, content, List.of(), null, null);
    }

    public static Message system(String content) {
        return new Message(Role.SYSTEM, content);
    }

    public static Message user(String content) {
        return new Message(Role.USER, content);
    }

    public static Message assistant(String content) {
        return new Message(Role.ASSISTANT, content);
    }

    /** An assistant message calling tools, with the text the model wrote beside the calls (may be empty). */
    public static Message assistant(String content, List<ToolCall> calls) {
        return new Message(Role.ASSISTANT, content, calls, null, null);
    }

    /** A tool's result answering {@code call}. */
    public static Message toolResult(ToolCall call, String result) {
        return new Message(Role.TOOL, result, List.of(), call.id(), call.name());
    }

    /** Whether this is an assistant message calling at least one tool. */
    public boolean callsTools() {
        return !toolCalls.isEmpty();
    }
}
