package dev.vernier.testkit;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;

/**
 * Ollama {@code /api/chat} streams as its API documents them, for {@link ProviderContract} subclasses
 * of every client of that protocol: NDJSON lines with {@code "done": false} and
 * {@code message.content}, then one {@code "done": true} line with {@code done_reason}, the counts and
 * the durations in nanoseconds. Errors are {@code {"error": "text"}}.
 */
public final class OllamaWire {

    /** The request path under the server root. */
    public static final String PATH = "/api/chat";

    private OllamaWire() {}

    /** One content line. */
    public static String line(String content) {
        return "{\"model\":\"llama3.2:1b\",\"created_at\":\"2025-01-01T00:00:00.123456Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"done\":false}\n";
    }

    /**
     * The final line: {@code done_reason} (null: absent), 26 prompt and 2 eval tokens when
     * {@code withCounts}, and durations (load 63.9153 ms, prompt eval 246.847 ms, eval 40.32296 ms,
     * total 4353.6199 ms).
     */
    public static String last(String doneReason, boolean withCounts) {
        return "{\"model\":\"llama3.2:1b\",\"created_at\":\"2025-01-01T00:00:00.5Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
                + (doneReason == null ? "" : "\"done_reason\":\"" + doneReason + "\",")
                + "\"done\":true,\"total_duration\":4353619900,\"load_duration\":63915300,"
                + (withCounts ? "\"prompt_eval_count\":26," : "")
                + "\"prompt_eval_duration\":246847000,"
                + (withCounts ? "\"eval_count\":2," : "")
                + "\"eval_duration\":40322960}\n";
    }

    /** "Hello" and " world", then the final line with done_reason stop and the counts. */
    public static String goodStream() {
        return line("Hello") + line(" world") + last("stop", true);
    }

    /** Ollama's error body. */
    public static String errorBody(String message) {
        return "{\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    /** The contract's dialect: {@link #goodStream()}, a line cut mid-JSON after "fine", a stream without its final line. */
    public static WireDialect dialect() {
        return new WireDialect(
                PATH,
                "application/x-ndjson",
                new WireDialect.Expected(
                        goodStream(), "Hello world", FinishReason.STOP, 26, 2, CountSource.PROVIDER_NATIVE),
                line("fine")
                        + "{\"model\":\"llama3.2:1b\",\"created_at\":\"2025-01-01T00:00:00.1Z\",\"message\":{\"role\n"
                        + last("stop", true),
                "fine",
                line("half") + line(" an answer"),
                "half an answer");
    }
}
