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
 * @param replayState for an assistant message that is the model's own earlier answer, what the provider
 *                   that produced it reported through {@link TokenSink#onReplayState} (thinking blocks
 *                   with their signatures, thought signatures): opaque to everyone but that provider
 *                   type, which sends it back with this message; null for none and for every message
 *                   that is not such an answer. Not part of {@link #toString()}.
 */
public record Message(
        Role role, String content, List<ToolCall> toolCalls, String toolCallId, String toolName, String replayState) {

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
        if (replayState != null && role != Role.ASSISTANT) {
            throw new IllegalArgumentException("only an assistant message carries replay state");
        }
    }

    /** A message without replay state. */
    public Message(Role role, String content, List<ToolCall> toolCalls, String toolCallId, String toolName) {
        this(role, content, toolCalls, toolCallId, toolName, null);
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

    /**
     * The model's own earlier answer: its text, the tools it called (may be empty) and the state its
     * provider reported to be sent back with it ({@link TokenSink#onReplayState}; null for none).
     */
    public static Message assistant(String content, List<ToolCall> calls, String replayState) {
        return new Message(Role.ASSISTANT, content, calls, null, null, replayState);
    }

    /** A tool's result answering {@code call}. */
    public static Message toolResult(ToolCall call, String result) {
        return new Message(Role.TOOL, result, List.of(), call.id(), call.name());
    }

    /** Whether this is an assistant message calling at least one tool. */
    public boolean callsTools() {
        return !toolCalls.isEmpty();
    }

    /** The components, with the replay state only by its size: it may hold the model's thinking. */
    @Override
    public String toString() {
        return "Message[role=" + role + ", content=" + content + ", toolCalls=" + toolCalls + ", toolCallId="
                + toolCallId + ", toolName=" + toolName + ", replayState="
                + (replayState == null ? "null" : "(" + replayState.length() + " chars)") + "]";
    }
}
