package dev.vernier.core.api;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps API keys out of messages. Providers register each key they load; every failure message
 * and log line built from external text passes through {@link #redact(String)}.
 */
public final class Secrets {

    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    /** Shapes of common API keys, redacted even when not registered. */
    private static final Pattern KEY_SHAPES =
            Pattern.compile("(sk-[A-Za-z0-9_\\-]{8,}|AIza[0-9A-Za-z_\\-]{20,}|(?i:bearer)\\s+[A-Za-z0-9._\\-]{8,})");

    private Secrets() {}

    /** Registers a secret value so that it is removed from any text passed to {@link #redact}. */
    public static void register(String secret) {
        if (secret != null && secret.length() >= 4) {
            KNOWN.add(secret);
        }
    }

    /**
     * Returns the text with every registered secret replaced, and nothing else: for model output and
     * prompts, where a key-shaped word may be legitimate text but a registered key must never appear.
     */
    public static String redactKnown(String text) {
        if (text == null || text.isEmpty() || KNOWN.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : KNOWN) {
            if (out.contains(secret)) {
                out = out.replace(secret, "[REDACTED]");
            }
        }
        return out;
    }

    /** Returns the text with every registered secret and every key-shaped string replaced. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : KNOWN) {
            out = out.replace(secret, "[REDACTED]");
        }
        return KEY_SHAPES.matcher(out).replaceAll("[REDACTED]");
    }
}
