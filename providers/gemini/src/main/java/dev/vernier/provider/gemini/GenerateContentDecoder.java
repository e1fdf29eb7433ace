package dev.vernier.provider.gemini;

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
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one {@code streamGenerateContent?alt=sse} body. Every {@code data:} line is a whole
 * {@code GenerateContentResponse}:
 * <ul>
 *   <li>{@code candidates[0].content.parts[].text}: output, one sink chunk per event (the parts of
 *       one event arrive together); parts marked {@code "thought": true} are thought summaries
 *       ({@code includeThoughts}), not the answer: they go to the sink as reasoning, one chunk per
 *       event; a part carrying only a {@code thoughtSignature} is nothing to read;</li>
 *   <li>{@code candidates[0].content.parts[].functionCall}: a tool call, always whole in one part
 *       ({@code name}, {@code args} object); it goes to the sink as a finished call at once, after the
 *       event's text, in part order (an event may hold several: parallel calls). The API gives most
 *       calls no id: they are numbered {@code call_0}, {@code call_1}, ... in the answer's order
 *       ({@link ToolCall#madeUpId}); an {@code id} the model does send is kept. There are no tool-call
 *       chunks: the call arrives whole, so the call is its own first output;</li>
 *   <li>{@code parts[].thoughtSignature} (thinking models): an opaque signature on a part, to be sent
 *       back on the same part in the history. A {@code functionCall} part's signature belongs to that call
 *       (of parallel calls only the first carries one; each step of sequential calls does); any other
 *       part's (a text part, often an empty one at the end of the stream) belongs to the answer's text,
 *       the last one seen kept. At the end of a complete answer that had any, they go to the sink as its
 *       replay state, the JSON object {@code {"functionCallSignatures":[{"call":0,"thoughtSignature":
 *       ...}, ...], "textSignature": ...}} ({@code call} the call's position in the answer; either key
 *       left out when it has nothing), which {@link GeminiContents} puts back;</li>
 *   <li>{@code candidates[0].finishReason}: usually on the last event. Gemini says {@code STOP} after
 *       tool calls too: an answer that made calls and stopped is reported as {@code TOOL_CALL}, as the
 *       other vendors say it;</li>
 *   <li>{@code usageMetadata}: on many events; the last one seen is kept;</li>
 *   <li>{@code promptFeedback.blockReason}: the prompt was blocked and nothing is generated;</li>
 *   <li>{@code error}: the request failed mid-stream.</li>
 * </ul>
 * There is no end marker: the stream ends with the body, and it is complete only if a finish reason
 * (or a block reason) was seen.
 */
final class GenerateContentDecoder extends SseDecoder {

    private FinishReason finishReason;
    private JsonNode usage;
    private int toolCalls;

    /** The signatures of function-call parts: call position in the answer, signature. */
    private final ArrayNode callSignatures = JsonNodeFactory.instance.arrayNode();

    /** The last signature on a part that is not a function call; null for none. */
    private String textSignature;

    @Override
    protected void onData(String payload, StreamControl control) {
        ObjectNode response = Json.object(payload);
        if (response == null) {
            control.fail(control.failures().malformed("malformed JSON in stream event: " + HttpFailures.clip(payload)));
            return;
        }
        if (response.hasNonNull("error")) {
            control.fail(streamError(response.get("error"), control.failures()));
            return;
        }
        if (response.path("usageMetadata").isObject()) {
            usage = response.get("usageMetadata");
        }
        JsonNode candidate = response.path("candidates").path(0);
        if (candidate.isObject()) {
            StringBuilder text = new StringBuilder();
            StringBuilder thoughts = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode part : candidate.path("content").path("parts")) {
                String signature = part.path("thoughtSignature").asText("");
                if (!signature.isEmpty()) {
                    if (part.path("functionCall").isObject()) {
                        callSignatures.addObject().put("call", toolCalls).put("thoughtSignature", signature);
                    } else {
                        textSignature = signature;
                    }
                }
                if (part.path("text").isTextual()) {
                    (part.path("thought").asBoolean(false) ? thoughts : text)
                            .append(part.get("text").asText());
                } else if (part.path("functionCall").isObject()) {
                    calls.add(call(part.get("functionCall")));
                }
            }
            if (!thoughts.isEmpty()) {
                control.reasoning(thoughts.toString(), 0);
            }
            control.content(text.toString(), 0);
            calls.forEach(control::toolCall);
            JsonNode finish = candidate.path("finishReason");
            if (finish.isTextual()) {
                finishReason = finishReason(finish.asText());
            }
        }
        if (response.path("promptFeedback").path("blockReason").isTextual()) {
            finishReason = FinishReason.CONTENT_FILTER;
        }
    }

    @Override
    protected StreamEnd end(StreamControl control) {
        if (finishReason == null) {
            return StreamEnd.failed(control.failures().malformed("stream ended without a finishReason"));
        }
        FinishReason reason =
                finishReason == FinishReason.STOP && toolCalls > 0 ? FinishReason.TOOL_CALL : finishReason;
        if (!callSignatures.isEmpty() || textSignature != null) {
            ObjectNode state = JsonNodeFactory.instance.objectNode();
            if (!callSignatures.isEmpty()) {
                state.set(GeminiContents.CALL_SIGNATURES, callSignatures);
            }
            if (textSignature != null) {
                state.put(GeminiContents.TEXT_SIGNATURE, textSignature);
            }
            control.replayState(state.toString());
        }
        return StreamEnd.success(reason, tokens(control.contentChunks()));
    }

    /** A {@code functionCall} part as the answer's next call: its id, or a made-up one; args as JSON text. */
    private ToolCall call(JsonNode functionCall) {
        int index = toolCalls++;
        JsonNode id = functionCall.path("id");
        JsonNode args = functionCall.path("args");
        return new ToolCall(
                id.isTextual() && !id.asText().isEmpty() ? id.asText() : ToolCall.madeUpId(index),
                functionCall.path("name").asText(""),
                args.isObject() ? args.toString() : "{}");
    }

    /**
     * From the last {@code usageMetadata}: input is {@code promptTokenCount} (which includes
     * {@code cachedContentTokenCount}, reported as cached input); output is
     * {@code candidatesTokenCount} plus {@code thoughtsTokenCount}, which Gemini counts on top of the
     * candidates and bills as output, with the thoughts also reported as reasoning. What streams of
     * the thoughts is a summary, so their visible size stays unknown (all thinking counts as hidden).
     * Counts the API leaves out are zero (it omits zero fields), except a missing candidates count
     * after text has streamed, which falls back to the chunk count as an estimate.
     */
    private TokenCounts tokens(int contentChunks) {
        if (usage == null) {
            return new TokenCounts(-1, contentChunks, -1, -1, CountSource.UNKNOWN, CountSource.CHUNK_COUNT);
        }
        long input = Json.count(usage.get("promptTokenCount"));
        long cached = Math.max(0, Json.count(usage.get("cachedContentTokenCount")));
        long thoughts = Math.max(0, Json.count(usage.get("thoughtsTokenCount")));
        long candidates = Json.count(usage.get("candidatesTokenCount"));
        long output;
        CountSource outputSource = CountSource.SERVER_USAGE;
        if (candidates >= 0 || contentChunks == 0) {
            output = Math.max(0, candidates) + thoughts;
        } else {
            output = contentChunks;
            outputSource = CountSource.CHUNK_COUNT;
        }
        return new TokenCounts(
                input,
                output,
                input >= 0 ? cached : -1,
                thoughts,
                input >= 0 ? CountSource.SERVER_USAGE : CountSource.UNKNOWN,
                outputSource);
    }

    static FinishReason finishReason(String reason) {
        return switch (reason) {
            case "STOP" -> FinishReason.STOP;
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
                FinishReason.CONTENT_FILTER;
            default -> FinishReason.UNKNOWN; // LANGUAGE, OTHER, MALFORMED_FUNCTION_CALL, FINISH_REASON_UNSPECIFIED, ...
        };
    }

    /**
     * An {@code error} object in the stream: {@code {"code":..., "message":..., "status":...}}. A
     * server-side or overload error ({@code code} 5xx, INTERNAL, UNAVAILABLE) is a retryable server
     * error and RESOURCE_EXHAUSTED (429) a retryable rate limit, recorded with the stream's status
     * 200 so the client retries only when no text has streamed yet; anything else is final.
     */
    static Failure streamError(JsonNode error, HttpFailures failures) {
        String status = error.path("status").asText("");
        int code = error.path("code").asInt(0);
        String detail = (status.isEmpty() ? "" : status + ": ") + HttpFailures.errorText(error);
        Failure failure = failures.streamError(detail);
        if (code == 429 || status.equals("RESOURCE_EXHAUSTED")) {
            return new Failure(FailureKind.RATE_LIMITED, 200, true, failure.message());
        }
        if (code >= 500 || status.equals("INTERNAL") || status.equals("UNAVAILABLE")) {
            return new Failure(FailureKind.SERVER_ERROR, 200, true, failure.message());
        }
        return failure;
    }
}
