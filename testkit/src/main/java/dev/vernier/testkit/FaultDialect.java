package dev.vernier.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The four streaming wire formats the HTTP providers speak, as a {@link FaultServer} writes them: where
 * chat requests go, how probes are answered, and each event of a stream as bytes. The shapes follow
 * the vendors' documentation and the providers' decoders ({@code providers/*}).
 *
 * <p>Content is passed in as JSON string contents, already escaped ({@link #quote}), so that a fault can
 * put escapes on the wire that no Java string would produce, such as a lone {@code \ud83d}.
 */
public enum FaultDialect {
    /** OpenAI Chat Completions, {@code POST /v1/chat/completions}, SSE ending in {@code data: [DONE]}. */
    OPENAI("openai", "text/event-stream") {
        @Override
        boolean isChat(String path) {
            return path.equals("/v1/chat/completions");
        }

        @Override
        String probeBody(String path) {
            return path.equals("/v1/models")
                    ? "{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL
                            + "\",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"fault-server\"}]}"
                    : null;
        }

        @Override
        public String baseUrl(int port) {
            return "http://127.0.0.1:" + port + "/v1";
        }

        @Override
        List<String> opening() {
            return List.of(sse(null, chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", "")));
        }

        @Override
        String content(String quoted, String extraMembers) {
            return sse(null, chunk("{\"content\":\"" + quoted + "\"}", "null", extraMembers));
        }

        @Override
        List<String> closing(int outputTokens) {
            return List.of(
                    sse(null, chunk("{}", "\"stop\"", "")),
                    sse(
                            null,
                            "{\"id\":\"chatcmpl-fault\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                                    + "\"model\":\"" + MODEL + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                                    + PROMPT_TOKENS + ",\"completion_tokens\":" + outputTokens
                                    + ",\"total_tokens\":" + (PROMPT_TOKENS + outputTokens) + "}}"),
                    sse(null, "[DONE]"));
        }

        @Override
        String malformed() {
            return sse(null, "{\"id\":\"chatcmpl-fault\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"ind");
        }

        @Override
        String errorBody(int status, String message) {
            String type = status == 429 ? "rate_limit_exceeded" : "server_error";
            return "{\"error\":{\"message\":\"" + quote(message) + "\",\"type\":\"" + type
                    + "\",\"param\":null,\"code\":null}}";
        }

        private String chunk(String delta, String finishReason, String extraMembers) {
            return "{\"id\":\"chatcmpl-fault\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"" + MODEL + "\"" + extraMembers + ",\"choices\":[{\"index\":0,\"delta\":" + delta
                    + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}";
        }
    },

    /** Anthropic Messages, {@code POST /v1/messages}, SSE from {@code message_start} to {@code message_stop}. */
    ANTHROPIC("anthropic", "text/event-stream") {
        @Override
        boolean isChat(String path) {
            return path.equals("/v1/messages");
        }

        @Override
        List<String> opening() {
            return List.of(
                    sse(
                            "message_start",
                            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fault\",\"type\":\"message\","
                                    + "\"role\":\"assistant\",\"content\":[],\"model\":\"" + MODEL + "\","
                                    + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
                                    + PROMPT_TOKENS + ",\"output_tokens\":1}}}"),
                    sse(
                            "content_block_start",
                            "{\"type\":\"content_block_start\",\"index\":0,"
                                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                    sse("ping", "{\"type\":\"ping\"}"));
        }

        @Override
        String content(String quoted, String extraMembers) {
            return sse(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0" + extraMembers
                            + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + quoted + "\"}}");
        }

        @Override
        List<String> closing(int outputTokens) {
            return List.of(
                    sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                    sse(
                            "message_delta",
                            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}"),
                    sse("message_stop", "{\"type\":\"message_stop\"}"));
        }

        @Override
        String malformed() {
            return sse(
                    "content_block_delta",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_del");
        }

        @Override
        String errorBody(int status, String message) {
            String type = status == 429 ? "rate_limit_error" : "api_error";
            return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + quote(message) + "\"}}";
        }
    },

    /**
     * Gemini, {@code POST /v1beta/models/<model>:streamGenerateContent?alt=sse}: every SSE event a whole
     * {@code GenerateContentResponse}, no end marker; the last one carries {@code finishReason}.
     */
    GEMINI("gemini", "text/event-stream") {
        @Override
        boolean isChat(String path) {
            return path.startsWith("/v1beta/models/") && path.endsWith(":streamGenerateContent");
        }

        @Override
        List<String> opening() {
            return List.of();
        }

        @Override
        String content(String quoted, String extraMembers) {
            return response("\"" + quoted + "\"", "", "{\"promptTokenCount\":" + PROMPT_TOKENS + "}", extraMembers);
        }

        @Override
        List<String> closing(int outputTokens) {
            return List.of(response(
                    "\"\"",
                    ",\"finishReason\":\"STOP\"",
                    "{\"promptTokenCount\":" + PROMPT_TOKENS + ",\"candidatesTokenCount\":" + outputTokens
                            + ",\"totalTokenCount\":" + (PROMPT_TOKENS + outputTokens) + "}",
                    ""));
        }

        @Override
        String malformed() {
            return "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"bro\r\n\r\n";
        }

        @Override
        String errorBody(int status, String message) {
            String name = status == 429 ? "RESOURCE_EXHAUSTED" : "INTERNAL";
            return "{\n  \"error\": {\n    \"code\": " + status + ",\n    \"message\": \"" + quote(message)
                    + "\",\n    \"status\": \"" + name + "\"\n  }\n}\n";
        }

        /** One event; the API separates events with CRLF pairs. */
        private String response(String quotedText, String finish, String usage, String extraMembers) {
            return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":" + quotedText
                    + "}],\"role\":\"model\"}" + finish + ",\"index\":0}],\"usageMetadata\":" + usage
                    + ",\"modelVersion\":\"" + MODEL + "\",\"responseId\":\"rsp-fault\"" + extraMembers + "}\r\n\r\n";
        }
    },

    /** Ollama, {@code POST /api/chat}, one JSON object per line, the last with {@code "done": true}. */
    OLLAMA("ollama", "application/x-ndjson") {
        @Override
        boolean isChat(String path) {
            return path.equals("/api/chat");
        }

        @Override
        String probeBody(String path) {
            return path.equals("/api/tags")
                    ? "{\"models\":[{\"name\":\"" + MODEL + ":latest\",\"model\":\"" + MODEL + ":latest\","
                            + "\"modified_at\":\"2026-01-01T00:00:00Z\",\"size\":1000000,\"digest\":\"00\","
                            + "\"details\":{\"format\":\"gguf\",\"family\":\"fault\"}}]}"
                    : null;
        }

        @Override
        List<String> opening() {
            return List.of();
        }

        @Override
        String content(String quoted, String extraMembers) {
            return "{\"model\":\"" + MODEL + "\",\"created_at\":\"2026-01-01T00:00:00Z\"" + extraMembers
                    + ",\"message\":{\"role\":\"assistant\",\"content\":\"" + quoted + "\"},\"done\":false}\n";
        }

        @Override
        List<String> closing(int outputTokens) {
            return List.of("{\"model\":\"" + MODEL + "\",\"created_at\":\"2026-01-01T00:00:00Z\","
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
                    + "\"total_duration\":5000000,\"load_duration\":1000000,\"prompt_eval_count\":" + PROMPT_TOKENS
                    + ",\"prompt_eval_duration\":1000000,\"eval_count\":" + outputTokens
                    + ",\"eval_duration\":3000000}\n");
        }

        @Override
        String malformed() {
            return "{\"model\":\"" + MODEL + "\",\"message\":{\"role\":\"assistant\",\"cont\n";
        }

        @Override
        String errorBody(int status, String message) {
            return "{\"error\":\"" + quote(message) + "\"}";
        }
    };

    /** The model name every probe lists; suites should ask for it. */
    public static final String MODEL = "fault-model";

    /** Input tokens every stream reports. */
    static final int PROMPT_TOKENS = 5;

    private final String providerType;
    private final String contentType;

    FaultDialect(String providerType, String contentType) {
        this.providerType = providerType;
        this.contentType = contentType;
    }

    /** The suite's provider {@code type} that speaks this dialect. */
    public String providerType() {
        return providerType;
    }

    /** The {@code base_url} a provider of this type should be given for a server on {@code port}. */
    public String baseUrl(int port) {
        return "http://127.0.0.1:" + port;
    }

    String contentType() {
        return contentType;
    }

    /** Whether a POST to this path (query removed) is a chat request. */
    abstract boolean isChat(String path);

    /** The JSON answer to a GET probe of this path, or null when there is none (404). */
    String probeBody(String path) {
        return null;
    }

    /** Events sent before the first content event (possibly none). */
    abstract List<String> opening();

    /**
     * One content event.
     *
     * @param quoted       the text, already escaped as JSON string contents
     * @param extraMembers JSON members to add to the event's top-level object, each starting with a
     *                     comma, or empty
     */
    abstract String content(String quoted, String extraMembers);

    /** The events that finish a complete stream: finish reason, usage, end marker. */
    abstract List<String> closing(int outputTokens);

    /** An event whose JSON is cut off. */
    abstract String malformed();

    /** The dialect's error body for an HTTP error status. */
    abstract String errorBody(int status, String message);

    static String sse(String event, String data) {
        return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    }

    /** Escapes text as JSON string contents (quotes, backslashes and control characters). */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
