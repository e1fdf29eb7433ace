package dev.vernier.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.ToolCall;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.SseDecoder;
import dev.vernier.provider.http.StreamControl;
import dev.vernier.provider.http.StreamEnd;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes one Messages API event stream. Each event is an {@code event:} line and one {@code data:}
 * line whose JSON repeats the name in {@code type}:
 * <ul>
 *   <li>{@code message_start}: the message with empty content and the first usage
 *       ({@code input_tokens}, {@code cache_read_input_tokens}, {@code cache_creation_input_tokens});</li>
 *   <li>{@code content_block_start} / {@code content_block_delta} / {@code content_block_stop}:
 *       {@code text_delta} deltas are the answer; {@code thinking_delta} deltas (extended thinking) go
 *       to the sink as reasoning; citation deltas are not text anyone reads and are skipped. A
 *       {@code thinking} block whose text never comes (display omitted) or a {@code redacted_thinking}
 *       block means the model reasoned unseen;</li>
 *   <li>the thinking blocks are also kept whole, in block order, to be sent back: a {@code thinking}
 *       block as its text (the {@code thinking_delta} pieces joined; empty when display is omitted) and
 *       its {@code signature} (the {@code signature_delta} that comes just before the block's stop), a
 *       {@code redacted_thinking} block as its {@code data} (whole in its {@code content_block_start}).
 *       At the end of a complete answer that had any, they go to the sink as its replay state, the JSON
 *       array {@code [{"type":"thinking","thinking":...,"signature":...}, {"type":"redacted_thinking",
 *       "data":...}, ...]}, the blocks exactly as the API wants them back ({@link AnthropicTurns});</li>
 *   <li>a {@code tool_use} block is one tool call: its {@code content_block_start} carries the id and
 *       name (and an empty {@code input}), its {@code input_json_delta} deltas the arguments in
 *       {@code partial_json} pieces, and its {@code content_block_stop} ends it. The name and each piece
 *       go to the sink as tool-call chunks at once (so the first of them is the first output), and the
 *       whole call at the block's stop, with the pieces joined ({@code {}} when none carried text).
 *       Calls are numbered 0, 1, ... in the order their blocks start (parallel calls; text or thinking
 *       blocks before them do not count);</li>
 *   <li>{@code message_delta}: {@code delta.stop_reason} and cumulative {@code usage}
 *       (later counts replace earlier ones);</li>
 *   <li>{@code message_stop}: the end; {@code ping}: keep-alive; {@code error}: the request failed
 *       mid-stream. Unknown event types are ignored, as the API documents new ones may appear.</li>
 * </ul>
 * A stream that ends before both {@code message_delta}'s stop reason and {@code message_stop} is
 * malformed.
 *
 * <p>Token counts: {@code output_tokens} is everything billed, the full thinking included (Claude 4
 * streams a summary of it, Claude 3.7 all of it); the API gives no thinking count, so the reasoning
 * count is unknown and, when thinking streamed, so is its visible size. When the model thought and
 * showed nothing, the visible count is 0 (so the harness knows part of the output is hidden).
 */
final class MessageEventDecoder extends SseDecoder {

    private boolean thought;
    private int thinkingChunks;

    /** The tool_use blocks still open, by block index. */
    private final Map<Integer, OpenCall> openCalls = new HashMap<>();

    private int toolCalls;

    /** The thinking and redacted_thinking blocks, by block index (so in the answer's order). */
    private final Map<Integer, ThinkingBlock> thinkingBlocks = new TreeMap<>();

    /** A thinking block to send back: its type, its text or data, and its signature (thinking only). */
    private record ThinkingBlock(String type, StringBuilder thinking, StringBuilder signature, String data) {}

    /** A tool_use block being streamed: the call's number in the answer, its id and name, the pieces so far. */
    private record OpenCall(int index, String id, String name, StringBuilder arguments) {}

    /** Provider stat: prompt tokens written to the cache (billed above the base input price). */
    static final String CACHE_WRITE_STAT = "cache_creation_input_tokens";

    private FinishReason finishReason;
    private long inputTokens = -1;
    private long cacheRead = -1;
    private long cacheWrite = -1;
    private long outputTokens = -1;

    @Override
    protected void onData(String payload, StreamControl control) {
        ObjectNode event = Json.object(payload);
        if (event == null) {
            control.fail(control.failures().malformed("malformed JSON in event data: " + HttpFailures.clip(payload)));
            return;
        }
        switch (event.path("type").asText("")) {
            case "message_start" -> usage(event.path("message").path("usage"), false);
            case "content_block_delta" -> {
                JsonNode delta = event.path("delta");
                String type = delta.path("type").asText();
                if ("text_delta".equals(type) && delta.path("text").isTextual()) {
                    control.content(delta.get("text").asText(), 0);
                } else if ("thinking_delta".equals(type)
                        && delta.path("thinking").isTextual()) {
                    String text = delta.get("thinking").asText();
                    ThinkingBlock block = thinkingBlocks.get(event.path("index").asInt(-1));
                    if (block != null && block.thinking() != null) {
                        block.thinking().append(text);
                    }
                    reasoning(text, control);
                } else if ("signature_delta".equals(type)
                        && delta.path("signature").isTextual()) {
                    ThinkingBlock block = thinkingBlocks.get(event.path("index").asInt(-1));
                    if (block != null && block.signature() != null) {
                        block.signature().append(delta.get("signature").asText());
                    }
                } else if ("input_json_delta".equals(type)
                        && delta.path("partial_json").isTextual()) {
                    OpenCall call = openCalls.get(event.path("index").asInt(-1));
                    if (call != null) {
                        String piece = delta.get("partial_json").asText();
                        call.arguments().append(piece);
                        control.toolCallChunk(call.index(), piece);
                    }
                }
            }
            case "content_block_start" -> {
                // a block starts empty; should a server put text in it, that text is output too
                JsonNode block = event.path("content_block");
                String type = block.path("type").asText();
                if ("text".equals(type) && block.path("text").isTextual()) {
                    control.content(block.get("text").asText(), 0);
                } else if ("thinking".equals(type)) {
                    String text = block.path("thinking").asText("");
                    thinkingBlocks.put(
                            event.path("index").asInt(-1),
                            new ThinkingBlock(
                                    type,
                                    new StringBuilder(text),
                                    new StringBuilder(block.path("signature").asText("")),
                                    null));
                    reasoning(text, control);
                } else if ("redacted_thinking".equals(type)) {
                    thought = true;
                    thinkingBlocks.put(
                            event.path("index").asInt(-1),
                            new ThinkingBlock(
                                    type, null, null, block.path("data").asText("")));
                } else if ("tool_use".equals(type)) {
                    OpenCall call = new OpenCall(
                            toolCalls++,
                            block.path("id").asText(""),
                            block.path("name").asText(""),
                            new StringBuilder());
                    openCalls.put(event.path("index").asInt(-1), call);
                    control.toolCallChunk(call.index(), call.name());
                }
            }
            case "content_block_stop" -> {
                OpenCall call = openCalls.remove(event.path("index").asInt(-1));
                if (call != null) {
                    String arguments = call.arguments().toString();
                    control.toolCall(new ToolCall(call.id(), call.name(), arguments.isEmpty() ? "{}" : arguments));
                }
            }
            case "message_delta" -> {
                JsonNode stop = event.path("delta").path("stop_reason");
                if (stop.isTextual()) {
                    finishReason = finishReason(stop.asText());
                }
                usage(event.path("usage"), true);
            }
            case "message_stop" -> control.done();
            case "error" -> control.fail(streamError(event.path("error"), control.failures()));
            default -> {
                // ping, and event types added after this was written
            }
        }
    }

    /** The thinking blocks as the assistant message must carry them back. */
    private ArrayNode replayState() {
        ArrayNode blocks = JsonNodeFactory.instance.arrayNode();
        for (ThinkingBlock b : thinkingBlocks.values()) {
            ObjectNode block = blocks.addObject().put("type", b.type());
            if (b.data() != null) {
                block.put("data", b.data());
            } else {
                block.put("thinking", b.thinking().toString())
                        .put("signature", b.signature().toString());
            }
        }
        return blocks;
    }

    private void reasoning(String text, StreamControl control) {
        thought = true;
        if (!text.isEmpty()) {
            thinkingChunks++;
            control.reasoning(text, 0);
        }
    }

    @Override
    protected StreamEnd end(StreamControl control) {
        if (finishReason == null && !control.isDone()) {
            return StreamEnd.failed(control.failures()
                    .malformed("stream ended without a stop_reason (no message_delta) and without message_stop"));
        }
        if (!thinkingBlocks.isEmpty()) {
            control.replayState(replayState().toString());
        }
        Map<String, Double> stats = new HashMap<>();
        if (cacheWrite >= 0) {
            stats.put(CACHE_WRITE_STAT, (double) cacheWrite);
        }
        return StreamEnd.success(
                finishReason == null ? FinishReason.UNKNOWN : finishReason, tokens(control.contentChunks()), stats);
    }

    /**
     * Counts present in a usage object replace earlier ones (message_delta's usage is cumulative). The
     * output count is taken from {@code message_delta} only: {@code message_start} carries a
     * placeholder (1) before anything was generated, which must not stand for the answer when the
     * final usage lacks it.
     */
    private void usage(JsonNode usage, boolean fromMessageDelta) {
        if (!usage.isObject()) {
            return;
        }
        inputTokens = replace(inputTokens, usage.get("input_tokens"));
        cacheRead = replace(cacheRead, usage.get("cache_read_input_tokens"));
        cacheWrite = replace(cacheWrite, usage.get("cache_creation_input_tokens"));
        if (fromMessageDelta) {
            outputTokens = replace(outputTokens, usage.get("output_tokens"));
        }
    }

    private static long replace(long current, JsonNode value) {
        long count = Json.count(value);
        return count >= 0 ? count : current;
    }

    /**
     * Anthropic's {@code input_tokens} excludes cached prompt tokens; here input is the whole prompt
     * (uncached + cache reads + cache writes), as in the other providers, with cache reads as
     * {@code cachedInput}.
     */
    private TokenCounts tokens(int contentChunks) {
        long input = inputTokens < 0 ? -1 : inputTokens + Math.max(0, cacheRead) + Math.max(0, cacheWrite);
        long output = outputTokens;
        CountSource outputSource = CountSource.SERVER_USAGE;
        if (output < 0) {
            output = contentChunks;
            outputSource = CountSource.CHUNK_COUNT;
        }
        TokenCounts counts = new TokenCounts(
                input,
                output,
                cacheRead,
                -1,
                input >= 0 ? CountSource.SERVER_USAGE : CountSource.UNKNOWN,
                outputSource);
        // thought unseen: none of it visible; thought shown: a summary (Claude 4) or uncounted, so unknown
        return thought && thinkingChunks == 0 ? counts.withVisibleReasoning(0, CountSource.CHUNK_COUNT) : counts;
    }

    static FinishReason finishReason(String stopReason) {
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALL;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.UNKNOWN; // pause_turn and reasons added later
        };
    }

    /**
     * An {@code error} event: {@code {"type":"error","error":{"type":...,"message":...}}}. An
     * overloaded or internal API error is retryable like the 529 / 500 it stands for, and a rate
     * limit like a 429; the status is recorded as the 200 the stream came with, so the client retries
     * it only when no text has streamed yet. Anything else is a final server error.
     */
    static Failure streamError(JsonNode error, HttpFailures failures) {
        String type = error.path("type").asText("");
        String detail = (type.isEmpty() ? "" : type + ": ") + HttpFailures.errorText(error);
        Failure failure = failures.streamError(detail);
        return switch (type) {
            case "overloaded_error", "api_error" -> new Failure(FailureKind.SERVER_ERROR, 200, true, failure.message());
            case "rate_limit_error" -> new Failure(FailureKind.RATE_LIMITED, 200, true, failure.message());
            default -> failure;
        };
    }
}
