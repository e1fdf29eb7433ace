package dev.vernier.provider.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.NdjsonDecoder;
import dev.vernier.provider.http.StreamControl;
import dev.vernier.provider.http.StreamEnd;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ollama's streamed {@code /api/chat} body: one JSON object per line. Each {@code "done": false} line
 * carries {@code message.content} (usually one token), which goes to the sink at once; the final
 * {@code "done": true} line carries {@code done_reason}, the token counts {@code prompt_eval_count}
 * and {@code eval_count}, and the server's durations in nanoseconds ({@code load_duration},
 * {@code prompt_eval_duration}, {@code eval_duration}, {@code total_duration}). An {@code error}
 * member on any line is a server error. One instance per attempt.
 *
 * <p>Tool calls come whole in a line's {@code message.tool_calls} (several may share a line) and go to the
 * sink at once ({@link OllamaTools#report}). Ollama ends such an answer with {@code done_reason: "stop"}, as
 * any other; an answer that called a tool and stopped is reported as {@link FinishReason#TOOL_CALL}, as
 * OpenAI's {@code tool_calls} is, so that a report can tell the two apart ({@code length} stays
 * {@link FinishReason#LENGTH}).
 */
final class ChatStreamDecoder extends NdjsonDecoder {

    /** Provider stat: time the server spent loading the model for this request, ms. */
    static final String LOAD_MS = "load_duration_ms";
    /** Provider stat: time the server spent evaluating the prompt (prefill), ms. */
    static final String PROMPT_EVAL_MS = "prompt_eval_duration_ms";
    /** Provider stat: time the server spent generating the output tokens, ms. */
    static final String EVAL_MS = "eval_duration_ms";
    /** Provider stat: the server's total time for the request, ms. */
    static final String TOTAL_MS = "total_duration_ms";
    /** Provider stat: eval_count / eval_duration, tokens per second as the server measured it. */
    static final String SERVER_DECODE_TPS = "server_decode_tps";

    private static final double NANOS_PER_MS = 1_000_000.0;

    private ObjectNode last;
    private int thinkingChunks;
    private int toolCalls;

    @Override
    protected void onObject(ObjectNode object, StreamControl control) {
        JsonNode error = object.get("error");
        if (error != null && !error.isNull()) {
            control.fail(control.failures().streamError(HttpFailures.errorText(error)));
            return;
        }
        JsonNode message = object.path("message");
        JsonNode thinking = message.path("thinking");
        if (thinking.isTextual() && !thinking.asText().isEmpty()) {
            thinkingChunks++;
            control.reasoning(thinking.asText(), 1);
        }
        JsonNode content = message.path("content");
        if (content.isTextual() && !content.asText().isEmpty()) {
            control.content(content.asText(), 1);
        }
        toolCalls += OllamaTools.report(message.path("tool_calls"), toolCalls, control);
        if (object.path("done").asBoolean(false)) {
            last = object;
            control.done();
        }
    }

    @Override
    protected StreamEnd end(StreamControl control) {
        if (last == null) {
            return StreamEnd.failed(
                    control.failures().malformed("stream ended without its final \"done\": true object"));
        }
        TokenCounts tokens = tokens(last, control.contentChunks() + thinkingChunks + toolCalls);
        FinishReason reason = finishReason(last.path("done_reason").asText(null));
        return StreamEnd.success(
                toolCalls > 0 && reason == FinishReason.STOP ? FinishReason.TOOL_CALL : reason,
                thinkingChunks > 0 ? tokens.withVisibleReasoning(thinkingChunks, CountSource.CHUNK_COUNT) : tokens,
                stats(last));
    }

    static FinishReason finishReason(String doneReason) {
        if (doneReason == null) {
            return FinishReason.UNKNOWN; // servers before done_reason existed
        }
        return switch (doneReason) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            default -> FinishReason.UNKNOWN;
        };
    }

    /** The server's own counts; when it sends no eval_count, the streamed chunks as an estimate. */
    static TokenCounts tokens(JsonNode last, int contentChunks) {
        long input = Json.count(last.get("prompt_eval_count"));
        long output = Json.count(last.get("eval_count"));
        CountSource outputSource = CountSource.PROVIDER_NATIVE;
        if (output < 0) {
            output = contentChunks;
            outputSource = CountSource.CHUNK_COUNT;
        }
        return new TokenCounts(
                input, output, -1, -1, input >= 0 ? CountSource.PROVIDER_NATIVE : CountSource.UNKNOWN, outputSource);
    }

    /** The durations in milliseconds (only those the server sent), and the server's decode speed. */
    static Map<String, Double> stats(JsonNode last) {
        Map<String, Double> stats = new LinkedHashMap<>();
        putMillis(stats, LOAD_MS, last.get("load_duration"));
        putMillis(stats, PROMPT_EVAL_MS, last.get("prompt_eval_duration"));
        putMillis(stats, EVAL_MS, last.get("eval_duration"));
        putMillis(stats, TOTAL_MS, last.get("total_duration"));
        long evalCount = Json.count(last.get("eval_count"));
        long evalNanos = Json.count(last.get("eval_duration"));
        if (evalCount > 0 && evalNanos > 0) {
            stats.put(SERVER_DECODE_TPS, evalCount / (evalNanos / 1e9));
        }
        return stats;
    }

    private static void putMillis(Map<String, Double> stats, String key, JsonNode nanos) {
        long value = Json.count(nanos);
        if (value >= 0) {
            stats.put(key, value / NANOS_PER_MS);
        }
    }
}
