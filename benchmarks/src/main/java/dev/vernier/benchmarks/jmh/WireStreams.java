package dev.vernier.benchmarks.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.provider.http.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic response bodies in the wire formats the providers decode, already split into lines (what
 * the transport hands a decoder). Token texts cycle through a fixed list that includes characters
 * JSON has to escape and non-ASCII text, so the parser does the work a real stream makes it do.
 */
final class WireStreams {

    private static final String[] WORDS = {
        " The",
        " quick",
        " brown",
        " fox",
        " jumps",
        " over",
        " the",
        " lazy",
        " dog",
        ".",
        "\n",
        " \"quoted\"",
        " caf\u00e9",
        " na\u00efve",
        " 42",
        ",",
        " tab\there",
        " \u65e5\u672c",
        " back\\slash",
        " end"
    };

    private WireStreams() {}

    /** The text of token {@code i} (1-based tokens are {@code token(0)}, {@code token(1)}, ...). */
    static String token(int i) {
        return WORDS[i % WORDS.length];
    }

    /**
     * An OpenAI Chat Completions stream with {@code stream_options.include_usage}: a role chunk with
     * empty content, {@code tokens} content chunks, a chunk with {@code finish_reason}, a usage chunk
     * with empty {@code choices}, then {@code data: [DONE]}; every event followed by a blank line.
     */
    static List<String> openAiSse(int tokens) {
        List<String> lines = new ArrayList<>(2 * tokens + 10);
        addEvent(lines, openAiChunk(delta("assistant", ""), null));
        for (int i = 0; i < tokens; i++) {
            addEvent(lines, openAiChunk(delta(null, token(i)), null));
        }
        addEvent(lines, openAiChunk(Json.mapper().createObjectNode(), "stop"));
        ObjectNode usageChunk = chunkHeader();
        usageChunk.putArray("choices");
        ObjectNode usage = usageChunk.putObject("usage");
        usage.put("prompt_tokens", 26);
        usage.put("completion_tokens", tokens);
        usage.put("total_tokens", 26 + tokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
        addEvent(lines, usageChunk.toString());
        lines.add("data: [DONE]");
        lines.add("");
        return List.copyOf(lines);
    }

    /**
     * An Ollama {@code /api/chat} stream: {@code tokens} objects with {@code "done": false} and one
     * token of {@code message.content} each, then the final {@code "done": true} object with the
     * counts and durations.
     */
    static List<String> ollamaNdjson(int tokens) {
        List<String> lines = new ArrayList<>(tokens + 1);
        for (int i = 0; i < tokens; i++) {
            ObjectNode line = ollamaHeader(i);
            line.putObject("message").put("role", "assistant").put("content", token(i));
            line.put("done", false);
            lines.add(line.toString());
        }
        ObjectNode last = ollamaHeader(tokens);
        last.putObject("message").put("role", "assistant").put("content", "");
        last.put("done_reason", "stop");
        last.put("done", true);
        last.put("total_duration", 5_873_200_125L);
        last.put("load_duration", 12_551_083L);
        last.put("prompt_eval_count", 26);
        last.put("prompt_eval_duration", 41_123_000L);
        last.put("eval_count", tokens);
        last.put("eval_duration", 5_810_000_042L);
        lines.add(last.toString());
        return List.copyOf(lines);
    }

    private static void addEvent(List<String> lines, String json) {
        lines.add("data: " + json);
        lines.add("");
    }

    private static ObjectNode chunkHeader() {
        ObjectNode chunk = Json.mapper().createObjectNode();
        chunk.put("id", "chatcmpl-9zYxWvUtSrQpOnMlKjIhGfEdCbA");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1_731_000_000L);
        chunk.put("model", "gpt-4.1-mini-2025-04-14");
        chunk.put("system_fingerprint", "fp_6b68a8204b");
        return chunk;
    }

    private static ObjectNode delta(String role, String content) {
        ObjectNode delta = Json.mapper().createObjectNode();
        if (role != null) {
            delta.put("role", role);
        }
        delta.put("content", content);
        return delta;
    }

    private static String openAiChunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = chunkHeader();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return chunk.toString();
    }

    private static ObjectNode ollamaHeader(int i) {
        ObjectNode line = Json.mapper().createObjectNode();
        line.put("model", "llama3.2:1b");
        line.put(
                "created_at",
                String.format("2024-11-05T10:00:%02d.%09dZ", (i / 1000) % 60, (i * 5_810_017L) % 1_000_000_000L));
        return line;
    }
}
