package dev.vernier.core.api;

import java.util.Locale;
import java.util.Objects;

/**
 * One message of a conversation, vendor-neutral: who speaks and what is said. Each provider maps
 * the roles onto its own wire format (docs/conversations.md).
 *
 * @param role    who speaks
 * @param content the text, already rendered from its template
 */
public record Message(Role role, String content) {

    /** Who speaks in a message. */
    public enum Role {
        /** Instructions to the model; only before the first user or assistant message. */
        SYSTEM,
        /** The user's words. */
        USER,
        /** A reply of the model (scripted in the suite, or the model's own earlier reply). */
        ASSISTANT;

        /** The word used in suites, journals and most wire formats: {@code system}, {@code user}, {@code assistant}. */
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
}
