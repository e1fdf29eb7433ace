package dev.vernier.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.RefusedParameters;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.api.ToolCall;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.HttpProvider;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.JsonCursor;
import dev.vernier.provider.http.SseDecoder;
import dev.vernier.provider.http.StreamControl;
import dev.vernier.provider.http.StreamEnd;
import dev.vernier.provider.http.StreamingHttp;
import dev.vernier.provider.http.WarmupAnswer;
import dev.vernier.provider.http.WholeJsonDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Streams Chat Completions from OpenAI or an OpenAI-compatible server. The transport (no thread per
 * stream, first-token timeout, retries, failure mapping) is {@link StreamingHttp}; this class knows
 * only the request body and the chunk format ({@link ChunkDecoder}). Id, key guard and closing are
 * {@link HttpProvider}'s.
 *
 * <p>Reasoning: the body follows {@link OpenAiSettings#style()} ({@code max_tokens} and
 * {@code temperature}, or {@code max_completion_tokens} and no temperature) and carries
 * {@code reasoning_effort} when the suite sets an effort. A {@code reasoning_content} (DeepSeek, vLLM
 * before 0.10, llama.cpp's server, LM Studio) or {@code reasoning} (vLLM, OpenRouter) delta goes to
 * the sink as reasoning; such a stream is the model's whole reasoning, so its tokens count as visible:
 * the usage block's {@code reasoning_tokens} when sent, else one per reasoning delta
 * ({@code CHUNK_COUNT}). OpenAI's own API streams no reasoning; its {@code reasoning_tokens} are
 * billed and hidden. A request the API refuses with 400 for a parameter it names becomes a failure
 * saying which suite option to change ({@link RefusedParameters}).
 *
 * <p>Tools: the request declares them natively ({@link ChatTools}); streamed {@code delta.tool_calls}
 * pieces reach the sink at once and each call is reported as soon as it is whole
 * ({@link StreamedToolCalls}); a response that is not streamed reports its {@code message.tool_calls}.
 * {@code finish_reason: "tool_calls"} is {@link FinishReason#TOOL_CALL}.
 */
public final class OpenAiProvider extends HttpProvider<OpenAiSettings> {

    private final RefusedParameters refused;

    /**
     * @param id       provider id
     * @param settings parsed options
     * @param apiKey   the key, or null when none was configured (fine for most self-hosted servers)
     */
    public OpenAiProvider(String id, OpenAiSettings settings, String apiKey) {
        super(
                id,
                settings,
                apiKey,
                s -> HttpFailures.of(
                                OpenAiProviderFactory.TYPE,
                                s.baseUrl(),
                                "check the key in " + s.apiKeyEnv() + " or api_key_file")
                        // an exhausted quota is reported as 429 too, but waiting will not help
                        .withQuotaMarkers("insufficient_quota"));
        this.refused = refusedParameters(settings);
    }

    /** What to change when the API refuses one of the parameters this provider sends. */
    static RefusedParameters refusedParameters(OpenAiSettings settings) {
        RefusedParameters r = RefusedParameters.none()
                .with("seed", "remove 'seed' from the suite's 'defaults' (this model takes none)")
                .with(
                        "response_format",
                        "fit the schema to the vendor's strict subset (OpenAI: every object lists all its properties"
                                + " in 'required' and sets 'additionalProperties: false'), or add 'response_format:"
                                + " none' to this provider");
        if (settings.style() == OpenAiSettings.ParameterStyle.CHAT) {
            String toReasoning = "set 'parameter_style: reasoning' on this provider (Vernier then sends"
                    + " max_completion_tokens and no temperature, as OpenAI's reasoning models require)";
            r = r.with("max_tokens", toReasoning).with("temperature", toReasoning);
        } else {
            r = r.with(
                    "max_completion_tokens",
                    "set 'parameter_style: chat' on this provider (Vernier then sends max_tokens and temperature,"
                            + " as OpenAI-compatible servers expect)");
        }
        r = r.with(
                        "tool_choice",
                        "give 'tool_choice' a value this server or model takes (vLLM, for one, needs"
                                + " --enable-auto-tool-choice and a --tool-call-parser to honour 'auto'), or leave"
                                + " this provider out of the prompts that set it")
                .with(
                        "tools",
                        "use a model and server that take tools (a server needs its tool-call parser on), or"
                                + " leave this provider out of the prompts that declare 'tools'");
        if (settings.reasoning() != null && settings.reasoning().effort() != null) {
            r = r.with(
                    "reasoning_effort",
                    "remove 'reasoning.effort' from this provider, or give a level the model accepts (some"
                            + " models take no reasoning effort at all)");
        }
        return r;
    }

    @Override
    public AccessMode accessMode() {
        return settings.accessMode();
    }

    @Override
    public ModelFacts describe() {
        DataDestination goes;
        if (settings.accessMode() == AccessMode.PROPRIETARY_API) {
            goes = DataDestination.VENDOR;
        } else {
            goes = settings.onThisMachine() ? DataDestination.THIS_MACHINE : DataDestination.OWN_SERVER;
        }
        return new ModelFacts(
                settings.model(),
                settings.openWeights(),
                null,
                null,
                null,
                goes,
                "OpenAI Chat Completions API at " + settings.baseUrl()
                        + "; output tokens from the server's usage block when sent, else one per content chunk");
    }

    @Override
    public String unavailableReason() {
        if (settings.isOpenAi()) {
            return missingKey();
        }
        Map<String, String> headers = apiKey == null ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
        return http.probe(settings.modelsUri(), headers, settings.baseUrl().toString(), "start it");
    }

    /** Only OpenAI's own API is known to need a key; other servers are probed instead. */
    @Override
    protected String requiredKeyHint() {
        return settings.isOpenAi() ? "set " + settings.apiKeyEnv() : null;
    }

    @Override
    protected CompletionStage<Completion> send(GenerationRequest request, TokenSink sink) {
        return (settings.stream()
                        ? http.stream(target(), requestBody(request), ChunkDecoder::new, sink)
                        : http.stream(target(), requestBody(request), CompletionDecoder::new, sink))
                .thenApply(refused::explain);
    }

    /**
     * A Chat Completions stream as the API sends it with {@code include_usage}: a role chunk, one chunk
     * per token, a finish chunk, the usage chunk and {@code [DONE]}.
     */
    @Override
    protected WarmupAnswer warmupAnswer(int tokens) {
        String head = "data: {\"id\":\"chatcmpl-w\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                + "\"model\":\"w\",\"choices\":[";
        List<String> writes = new ArrayList<>();
        writes.add(head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]}\n\n");
        for (int t = 0; t < tokens; t++) {
            writes.add(head + "{\"index\":0,\"delta\":{\"content\":\"" + WarmupAnswer.piece(t)
                    + "\"},\"finish_reason\":null}]}\n\n");
        }
        writes.add(head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        writes.add(head + "],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":" + tokens + ",\"total_tokens\":"
                + (tokens + 3) + "}}\n\n");
        writes.add("data: [DONE]\n\n");
        return new WarmupAnswer("text/event-stream", writes);
    }

    @Override
    protected URI sendUri() {
        return settings.chatCompletionsUri();
    }

    @Override
    protected Map<String, String> sendHeaders() {
        return jsonHeadersWithBearer(settings.stream() ? "text/event-stream" : "application/json");
    }

    /**
     * The Chat Completions body, written with Jackson's streaming generator (no tree: this runs per
     * request): {@code max_tokens} and {@code temperature} in the chat style, {@code max_completion_tokens}
     * and no temperature in the reasoning style; {@code reasoning_effort} when an effort is set; the
     * declared tools, assistant tool calls and tool results as {@link ChatTools} writes them.
     */
    byte[] requestBody(GenerationRequest request) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(256 + request.prompt().length());
        try (JsonGenerator json = Json.mapper().getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("model", settings.model());
            json.writeArrayFieldStart("messages");
            for (Message m : request.messages()) {
                ChatTools.message(json, m);
            }
            json.writeEndArray();
            if (request.tools() != null) {
                ChatTools.declare(json, request.tools());
            }
            if (settings.style() == OpenAiSettings.ParameterStyle.CHAT) {
                json.writeNumberField("temperature", request.temperature());
                json.writeNumberField("max_tokens", request.maxTokens());
            } else {
                json.writeNumberField("max_completion_tokens", request.maxTokens());
            }
            if (settings.reasoning() != null && settings.reasoning().effort() != null) {
                json.writeStringField(
                        "reasoning_effort", settings.reasoning().effort().word());
            }
            if (request.seed() != null) {
                json.writeNumberField("seed", request.seed());
            }
            if (request.responseSchema() != null) {
                responseFormat(json, request.responseSchema());
            }
            json.writeBooleanField("stream", settings.stream());
            if (settings.stream()) {
                json.writeObjectFieldStart("stream_options");
                json.writeBooleanField("include_usage", true);
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise request body", e);
        }
        return out.toByteArray();
    }

    /**
     * Structured Outputs as the Chat Completions reference describes them: {@code response_format} of
     * type {@code json_schema} with the schema's name, the schema, and {@code strict: true} (decoding is
     * constrained to the schema; OpenAI then accepts only its documented subset of JSON Schema).
     * OpenAI-compatible servers (vLLM, llama.cpp's server, LM Studio) take the same field.
     */
    private static void responseFormat(JsonGenerator json, ResponseSchema schema) throws IOException {
        json.writeObjectFieldStart("response_format");
        json.writeStringField("type", "json_schema");
        json.writeObjectFieldStart("json_schema");
        json.writeStringField("name", schema.name());
        json.writeFieldName("schema");
        json.writeRawValue(schema.json());
        json.writeBooleanField("strict", true);
        json.writeEndObject();
        json.writeEndObject();
    }

    private static final class ChunkDecoder extends SseDecoder {
        private final JsonCursor cursor = new JsonCursor(new byte[0], 0, 0);
        private FinishReason finishReason;
        private JsonNode usage;
        private int reasoningChunks;
        private final StreamedToolCalls toolCalls = new StreamedToolCalls();

        @Override
        protected void onData(String payload, StreamControl control) {
            byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
            onData(bytes, 0, bytes.length, control);
        }

        @Override
        protected void onData(byte[] bytes, int offset, int length, StreamControl control) {
            Chunk chunk = Chunk.parse(cursor.reset(bytes, offset, length));
            if (chunk == null) {
                control.fail(control.failures()
                        .malformed("malformed JSON in stream chunk: "
                                + HttpFailures.clip(new String(bytes, offset, length, StandardCharsets.UTF_8))));
                return;
            }
            if (chunk.error != null) {
                control.fail(control.failures().streamError(HttpFailures.errorText(chunk.error)));
                return;
            }
            if (chunk.reasoning != null && !chunk.reasoning.isEmpty()) {
                reasoningChunks++;
                control.reasoning(chunk.reasoning, 1);
            }
            if (chunk.content != null) {
                control.content(chunk.content, 1);
            }
            if (chunk.toolCalls != null) {
                toolCalls.onDelta(chunk.toolCalls, control);
            }
            if (chunk.finish != null) {
                toolCalls.finish(control); // the answer is over: its calls are whole
                finishReason = finishReasonOf(chunk.finish);
            }
            if (chunk.usage != null) {
                usage = chunk.usage;
            }
        }

        @Override
        protected StreamEnd end(StreamControl control) {
            if (!control.isDone() && finishReason == null) {
                return StreamEnd.failed(control.failures().malformed("stream ended without finish_reason or [DONE]"));
            }
            toolCalls.finish(control); // [DONE] or the end of the body without a finish reason
            // a finish reason without [DONE] is tolerated
            return StreamEnd.success(
                    finishReason == null ? FinishReason.UNKNOWN : finishReason,
                    usageCounts(usage, control.contentChunks() + toolCalls.pieces(), reasoningChunks));
        }
    }

    /** The parts of one {@code chat.completion.chunk} the decoder uses; null fields were absent or not of their type. */
    static final class Chunk {
        /** The {@code error} value when present and not null. */
        JsonNode error;
        /** {@code choices[0].delta.content} when a string. */
        String content;
        /** {@code choices[0].delta.reasoning_content}, else {@code choices[0].delta.reasoning}, when a string. */
        String reasoning;
        /** {@code choices[0].finish_reason} when a string. */
        String finish;
        /** {@code choices[0].delta.tool_calls} when an array. */
        JsonNode toolCalls;
        /** {@code usage} when an object. */
        JsonNode usage;

        private static final JsonCursor.Name CHOICES = JsonCursor.Name.of("choices");
        private static final JsonCursor.Name USAGE = JsonCursor.Name.of("usage");
        private static final JsonCursor.Name ERROR = JsonCursor.Name.of("error");
        private static final JsonCursor.Name DELTA = JsonCursor.Name.of("delta");
        private static final JsonCursor.Name FINISH_REASON = JsonCursor.Name.of("finish_reason");
        private static final JsonCursor.Name CONTENT = JsonCursor.Name.of("content");
        private static final JsonCursor.Name REASONING_CONTENT = JsonCursor.Name.of("reasoning_content");
        private static final JsonCursor.Name REASONING = JsonCursor.Name.of("reasoning");
        private static final JsonCursor.Name TOOL_CALLS = JsonCursor.Name.of("tool_calls");

        /**
         * The chunk, or null when the payload is not a JSON object. Walks the text with a
         * {@link JsonCursor} (this runs for every token); {@code usage} and {@code error}, which come
         * once per stream, are read as Jackson trees.
         */
        static Chunk parse(String payload) {
            if (payload == null) {
                return null;
            }
            return parse(new JsonCursor(payload));
        }

        /** {@link #parse(String)} of the text the cursor is at, read in place. */
        static Chunk parse(JsonCursor cursor) {
            Chunk chunk = new Chunk();
            try {
                cursor.beginObject();
                while (cursor.nextField()) {
                    if (cursor.fieldIs(CHOICES)) {
                        chunk.choices(cursor);
                    } else if (cursor.fieldIs(USAGE)) {
                        chunk.usage = cursor.atObject() ? cursor.readTree() : skip(cursor);
                    } else if (cursor.fieldIs(ERROR)) {
                        chunk.error = cursor.atNull() ? skip(cursor) : cursor.readTree();
                    } else {
                        cursor.skipValue();
                    }
                }
                return chunk;
            } catch (JsonCursor.Malformed | RuntimeException e) {
                return null;
            }
        }

        /** {@code choices}: only element 0, when it is an object, is read. */
        private void choices(JsonCursor cursor) throws JsonCursor.Malformed {
            content = null;
            reasoning = null;
            finish = null;
            toolCalls = null;
            if (!cursor.atArray()) {
                cursor.skipValue();
                return;
            }
            cursor.beginArray();
            if (cursor.nextElement()) {
                if (cursor.atObject()) {
                    choice(cursor);
                } else {
                    cursor.skipValue();
                }
                while (cursor.nextElement()) {
                    cursor.skipValue();
                }
            }
        }

        private void choice(JsonCursor cursor) throws JsonCursor.Malformed {
            cursor.beginObject();
            while (cursor.nextField()) {
                if (cursor.fieldIs(DELTA)) {
                    content = null;
                    reasoning = null;
                    toolCalls = null;
                    if (cursor.atObject()) {
                        delta(cursor);
                    } else {
                        cursor.skipValue();
                    }
                } else if (cursor.fieldIs(FINISH_REASON)) {
                    finish = cursor.atString() ? cursor.readString() : skip(cursor);
                } else {
                    cursor.skipValue();
                }
            }
        }

        private void delta(JsonCursor cursor) throws JsonCursor.Malformed {
            String reasoningContent = null;
            String reasoningField = null;
            cursor.beginObject();
            while (cursor.nextField()) {
                if (cursor.fieldIs(CONTENT)) {
                    content = cursor.atString() ? cursor.readString() : skip(cursor);
                } else if (cursor.fieldIs(REASONING_CONTENT)) {
                    reasoningContent = cursor.atString() ? cursor.readString() : skip(cursor);
                } else if (cursor.fieldIs(REASONING)) {
                    reasoningField = cursor.atString() ? cursor.readString() : skip(cursor);
                } else if (cursor.fieldIs(TOOL_CALLS)) {
                    // a tool call's pieces are few beside its tokens of text: read as a tree
                    toolCalls = cursor.atArray() ? cursor.readTree() : skip(cursor);
                } else {
                    cursor.skipValue();
                }
            }
            // a server sending both (vLLM during its rename) sends the same text twice: take it once
            reasoning = reasoningContent != null && !reasoningContent.isEmpty() ? reasoningContent : reasoningField;
        }

        private static <T> T skip(JsonCursor cursor) throws JsonCursor.Malformed {
            cursor.skipValue();
            return null;
        }
    }

    /**
     * A non-streamed {@code chat.completion}: the body's lines are collected and parsed when it
     * ends; the message content goes to the sink as one chunk, so TTFT equals E2E by construction.
     */
    private static final class CompletionDecoder extends WholeJsonDecoder {

        @Override
        protected StreamEnd onBody(ObjectNode completion, StreamControl control) {
            if (completion.hasNonNull("error")) {
                return StreamEnd.failed(
                        control.failures().streamError(HttpFailures.errorText(completion.get("error"))));
            }
            JsonNode choice = completion.path("choices").path(0);
            JsonNode content = choice.path("message").path("content");
            if (!choice.isObject() || !choice.path("finish_reason").isTextual()) {
                return StreamEnd.failed(control.failures().malformed("response has no choice with a finish_reason"));
            }
            JsonNode message = choice.path("message");
            JsonNode thought = message.path("reasoning_content").isTextual()
                            && !message.path("reasoning_content").asText().isEmpty()
                    ? message.path("reasoning_content")
                    : message.path("reasoning");
            int reasoningChunks = 0;
            if (thought.isTextual() && !thought.asText().isEmpty()) {
                reasoningChunks = 1;
                control.reasoning(thought.asText(), 0);
            }
            if (content.isTextual()) {
                control.content(content.asText(), 0);
            }
            wholeToolCalls(message.path("tool_calls"), control);
            JsonNode usage = completion.path("usage").isObject() ? completion.get("usage") : null;
            return StreamEnd.success(
                    finishReasonOf(choice.path("finish_reason").asText()),
                    usageCounts(usage, control.contentChunks(), reasoningChunks));
        }
    }

    /**
     * The {@code message.tool_calls} of a response that was not streamed: every call is whole, reported in
     * order; arguments are the JSON text the model wrote (a server sending an object gets its compact text).
     */
    static void wholeToolCalls(JsonNode calls, StreamControl control) {
        int position = 0;
        for (JsonNode call : calls) {
            JsonNode function = call.path("function");
            JsonNode arguments = function.path("arguments");
            String id = call.path("id").asText("");
            control.toolCall(new ToolCall(
                    id.isEmpty() ? ToolCall.madeUpId(position) : id,
                    function.path("name").asText(""),
                    arguments.isTextual()
                            ? arguments.asText()
                            : arguments.isMissingNode() ? "" : arguments.toString()));
            position++;
        }
    }

    /**
     * Token counts from an OpenAI usage block; without one, the chunk count as an estimate. When
     * reasoning streamed (the whole reasoning, on the servers that stream it), its visible count is
     * the usage's {@code reasoning_tokens}, else one per reasoning chunk.
     */
    static TokenCounts usageCounts(JsonNode usage, int contentChunks, int reasoningChunks) {
        TokenCounts counts = usageCounts(usage, contentChunks + reasoningChunks);
        if (reasoningChunks == 0) {
            return counts;
        }
        return counts.reasoning() >= 0
                ? counts.withVisibleReasoning(counts.reasoning(), counts.outputSource())
                : counts.withVisibleReasoning(reasoningChunks, CountSource.CHUNK_COUNT);
    }

    private static TokenCounts usageCounts(JsonNode usage, int contentChunks) {
        if (usage == null) {
            return new TokenCounts(-1, contentChunks, -1, -1, CountSource.UNKNOWN, CountSource.CHUNK_COUNT);
        }
        long input = Json.count(usage.path("prompt_tokens"));
        long output = Json.count(usage.path("completion_tokens"));
        long cached = Json.count(usage.path("prompt_tokens_details").path("cached_tokens"));
        long reasoning = Json.count(usage.path("completion_tokens_details").path("reasoning_tokens"));
        CountSource outputSource = CountSource.SERVER_USAGE;
        if (output < 0) {
            output = contentChunks;
            outputSource = CountSource.CHUNK_COUNT;
        }
        return new TokenCounts(
                input,
                output,
                cached,
                reasoning,
                input >= 0 ? CountSource.SERVER_USAGE : CountSource.UNKNOWN,
                outputSource);
    }

    private static FinishReason finishReasonOf(String text) {
        return switch (text) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALL;
            default -> FinishReason.UNKNOWN;
        };
    }
}
