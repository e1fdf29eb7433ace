package dev.vernier.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.testkit.LoopbackHttpServer.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The streamed responses of a {@link StreamingSimulator} that reasons ({@link SimulatedReasoning}), in
 * four dialects: OpenAI Chat Completions ({@code reasoning_content} deltas), Ollama /api/chat
 * ({@code message.thinking} lines), Anthropic Messages ({@code thinking_delta} events in a thinking
 * block closed by a {@code signature_delta}) and Gemini streamGenerateContent (parts with
 * {@code "thought": true}). Anthropic and Gemini are answered here with or without reasoning. One
 * schedule for all ({@link SimulatedReasoning}); each event is built before its deadline and written
 * at it, in one chunk. An Anthropic or Gemini request that declares tools and does not end with a tool
 * result is answered with tool calls instead ({@link AnthropicToolStreams}, {@link GeminiToolStreams}).
 */
final class ReasoningStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamingSimulator simulator;
    private final SimulatorConfig config;
    private final SimulatedReasoning configured;

    ReasoningStreams(StreamingSimulator simulator, SimulatedReasoning configured) {
        this.simulator = simulator;
        this.config = simulator.config();
        this.configured = configured;
    }

    /** One dialect's bytes for each part of a streamed response. */
    private interface Format {
        /** The content type of the stream. */
        String contentType();

        /** Written with the response head, before any event (opening the reasoning); empty for none. */
        default byte[] open() throws IOException {
            return new byte[0];
        }

        /** Reasoning event {@code k}. */
        byte[] reasoning(int k, String text) throws IOException;

        /**
         * Written right after the last reasoning event (right after {@link #open()} without one):
         * what closes the reasoning and opens the answer; empty for none.
         */
        default byte[] afterReasoning() throws IOException {
            return new byte[0];
        }

        /** Answer token {@code j}. */
        byte[] answer(int j, String text) throws IOException;

        /** The end: finish reason, usage, end marker. */
        byte[] close(int answerTokens, boolean cut) throws IOException;
    }

    // ---------------------------------------------------------------- the schedule

    /**
     * Streams the response: reasoning events at their slots, then {@code answerTokens} answer
     * tokens after all {@code reasoning.tokens()} reasoning slots, then the end.
     */
    private void stream(
            Exchange exchange,
            Format format,
            SimulatedReasoning reasoning,
            long t0,
            AnswerTokens answer,
            int answerTokens,
            String prompt)
            throws IOException {
        boolean cut = answerTokens < answer.complete();
        exchange.startStream(format.contentType(), "Cache-Control: no-cache");
        byte[] open = format.open();
        if (open.length > 0) {
            exchange.writeChunk(open);
        } else {
            exchange.flush();
        }
        long base = t0 + config.ttft().toNanos();
        long gap = config.interTokenDelay().toNanos();
        for (int k = 0; k < reasoning.events(); k++) {
            byte[] event = format.reasoning(k, reasoning.text(k));
            StreamingSimulator.waitUntil(base + reasoning.eventSlot(k) * gap);
            exchange.writeChunk(event);
        }
        // the events that only close the reasoning and open the answer go out at once, so the first
        // answer event carries nothing but its token (as the first reasoning event does)
        exchange.writeChunk(format.afterReasoning());
        Consumer<StreamingSimulator.StreamTiming> timings = simulator.timingListener();
        long[] written = timings == null ? null : new long[answerTokens];
        for (int j = 0; j < answerTokens; j++) {
            byte[] event = format.answer(j, answer.text(j));
            StreamingSimulator.waitUntil(base + (reasoning.tokens() + (long) j) * gap);
            if (written != null) {
                written[j] = System.nanoTime();
            }
            exchange.writeChunk(event);
        }
        if (timings != null) {
            timings.accept(new StreamingSimulator.StreamTiming(prompt, t0, written));
        }
        exchange.writeLastChunk(format.close(answerTokens, cut));
    }

    static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static byte[] sse(String event, JsonNode data) throws IOException {
        String head = event == null ? "" : "event: " + event + "\n";
        return (head + "data: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String lastContent(JsonNode messages) {
        return messages.size() == 0
                ? ""
                : messages.get(messages.size() - 1).path("content").asText("");
    }

    // ---------------------------------------------------------------- OpenAI

    /** A streamed chat completion that reasons first ({@code reasoning_content} deltas). */
    void openAi(Exchange exchange, JsonNode request, long t0, AnswerTokens answer, int n, int promptTokens, String id)
            throws IOException {
        boolean includeUsage =
                request.path("stream_options").path("include_usage").asBoolean(false);
        long created = Instant.now().getEpochSecond();
        SimulatedReasoning reasoning =
                configured.forEffort(request.path("reasoning_effort").asText(null));
        Format format = new Format() {
            @Override
            public String contentType() {
                return "text/event-stream; charset=utf-8";
            }

            @Override
            public byte[] open() throws IOException {
                ObjectNode role =
                        JSON.createObjectNode().put("role", "assistant").put("content", "");
                return StreamingSimulator.sse(simulator.chunk(id, created, role, null, includeUsage));
            }

            @Override
            public byte[] reasoning(int k, String text) throws IOException {
                ObjectNode delta = JSON.createObjectNode().put("reasoning_content", text);
                return StreamingSimulator.sse(simulator.chunk(id, created, delta, null, includeUsage));
            }

            @Override
            public byte[] answer(int j, String text) {
                return StreamingSimulator.sse(simulator.contentChunk(id, created, text, includeUsage));
            }

            @Override
            public byte[] close(int answerTokens, boolean length) throws IOException {
                StringBuilder end = new StringBuilder();
                end.append("data: ")
                        .append(simulator.chunk(
                                id, created, JSON.createObjectNode(), length ? "length" : "stop", includeUsage))
                        .append("\n\n");
                if (includeUsage) {
                    ObjectNode last = JSON.createObjectNode();
                    last.put("id", id)
                            .put("object", "chat.completion.chunk")
                            .put("created", created)
                            .put("model", config.model());
                    last.putArray("choices");
                    ObjectNode usage = last.putObject("usage");
                    int completion = answerTokens + reasoning.tokens();
                    usage.put("prompt_tokens", promptTokens)
                            .put("completion_tokens", completion)
                            .put("total_tokens", promptTokens + completion);
                    usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoning.tokens());
                    end.append("data: ").append(JSON.writeValueAsString(last)).append("\n\n");
                }
                end.append("data: [DONE]\n\n");
                return end.toString().getBytes(StandardCharsets.UTF_8);
            }
        };
        stream(exchange, format, reasoning, t0, answer, n, lastContent(request.path("messages")));
    }

    // ---------------------------------------------------------------- Ollama

    /** A streamed /api/chat answer that thinks first ({@code message.thinking} lines). */
    void ollama(Exchange exchange, JsonNode request, long t0, AnswerTokens answer, int n, int promptTokens)
            throws IOException {
        JsonNode think = request.path("think");
        SimulatedReasoning reasoning = configured.forEffort(think.isTextual() ? think.asText() : null);
        Format format = new Format() {
            @Override
            public String contentType() {
                return "application/x-ndjson";
            }

            @Override
            public byte[] reasoning(int k, String text) throws IOException {
                ObjectNode line = simulator.ollamaLine("", false);
                ((ObjectNode) line.path("message")).put("thinking", text);
                return StreamingSimulator.ndjson(line);
            }

            @Override
            public byte[] answer(int j, String text) throws IOException {
                return StreamingSimulator.ndjson(simulator.ollamaLine(text, false));
            }

            @Override
            public byte[] close(int answerTokens, boolean length) throws IOException {
                ObjectNode last = simulator.ollamaLine("", true);
                StreamingSimulator.addOllamaStats(
                        last,
                        length ? "length" : "stop",
                        t0,
                        promptTokens,
                        answerTokens + reasoning.tokens(),
                        config.ttft().toNanos(),
                        t0 + config.ttft().toNanos());
                return StreamingSimulator.ndjson(last);
            }
        };
        stream(exchange, format, reasoning, t0, answer, n, lastContent(request.path("messages")));
    }

    // ---------------------------------------------------------------- Anthropic

    /** {@code POST /v1/messages}: a streamed message, thinking first when the simulator reasons. */
    void anthropic(Exchange exchange) throws IOException {
        long t0 = simulator.arrived(exchange);
        if (!"POST".equals(exchange.request().method())) {
            anthropicError(exchange, 405, "invalid_request_error", "use POST");
            return;
        }
        JsonNode request = simulator.readRequest(exchange);
        if (request == null) {
            anthropicError(exchange, 400, "invalid_request_error", "request body is not valid JSON");
            return;
        }
        if (!request.path("stream").asBoolean(false)) {
            anthropicError(exchange, 400, "invalid_request_error", "this simulator answers streamed requests only");
            return;
        }
        String badRole =
                StreamingSimulator.badRole(request.path("messages"), "role", Set.of("user", "assistant"), false);
        if (badRole != null) {
            anthropicError(exchange, 400, "invalid_request_error", badRole);
            return;
        }
        if (simulator.shouldFail()) {
            anthropicError(exchange, 500, "api_error", "simulated server error");
            return;
        }
        int limit = StreamingSimulator.firstPositive(request.path("max_tokens").asInt(0), 0);
        AnswerTokens answer = AnswerTokens.of(config, AnswerTokens.anthropic(request));
        int n = answer.sent(limit);
        int promptTokens = StreamingSimulator.promptTokens(request.path("messages"))
                + (request.path("system").isTextual()
                        ? words(request.path("system").asText())
                        : 0);
        SimulatedReasoning reasoning = configured.forEffort(
                request.path("output_config").path("effort").asText(null));
        String missingThinking = reasoning.any() ? AnthropicToolStreams.missingThinking(request) : null;
        if (missingThinking != null) {
            anthropicError(exchange, 400, "invalid_request_error", missingThinking);
            return;
        }
        if (AnthropicToolStreams.calls(request)) {
            AnthropicToolStreams.stream(
                    simulator, exchange, request, t0, promptTokens, simulator.toolCalls(), reasoning.any());
            return;
        }
        String id = "msg_sim" + simulator.nextId();
        int textIndex = reasoning.any() ? 1 : 0;
        Format format = new Format() {
            @Override
            public String contentType() {
                return "text/event-stream; charset=utf-8";
            }

            @Override
            public byte[] open() throws IOException {
                ObjectNode data = JSON.createObjectNode().put("type", "message_start");
                ObjectNode message = data.putObject("message");
                message.put("id", id)
                        .put("type", "message")
                        .put("role", "assistant")
                        .put("model", config.model());
                message.putArray("content");
                message.putNull("stop_reason");
                message.putNull("stop_sequence");
                message.putObject("usage").put("input_tokens", promptTokens).put("output_tokens", 1);
                byte[] start = sse("message_start", data);
                return reasoning.any() ? concat(start, blockStart(0, "thinking")) : start;
            }

            @Override
            public byte[] reasoning(int k, String text) throws IOException {
                ObjectNode data = JSON.createObjectNode()
                        .put("type", "content_block_delta")
                        .put("index", 0);
                data.putObject("delta").put("type", "thinking_delta").put("thinking", text);
                return sse("content_block_delta", data);
            }

            @Override
            public byte[] afterReasoning() throws IOException {
                byte[] opening = concat(blockStart(textIndex, "text"), sse("ping", pingNode()));
                if (!reasoning.any()) {
                    return opening;
                }
                ObjectNode signature = JSON.createObjectNode()
                        .put("type", "content_block_delta")
                        .put("index", 0);
                signature.putObject("delta").put("type", "signature_delta").put("signature", "EqQBCgIYAhIMsim");
                ObjectNode stop = JSON.createObjectNode()
                        .put("type", "content_block_stop")
                        .put("index", 0);
                return concat(concat(sse("content_block_delta", signature), sse("content_block_stop", stop)), opening);
            }

            @Override
            public byte[] answer(int j, String text) throws IOException {
                ObjectNode data = JSON.createObjectNode()
                        .put("type", "content_block_delta")
                        .put("index", textIndex);
                data.putObject("delta").put("type", "text_delta").put("text", text);
                return sse("content_block_delta", data);
            }

            @Override
            public byte[] close(int answerTokens, boolean length) throws IOException {
                ObjectNode stop = JSON.createObjectNode()
                        .put("type", "content_block_stop")
                        .put("index", textIndex);
                ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
                delta.putObject("delta")
                        .put("stop_reason", length ? "max_tokens" : "end_turn")
                        .putNull("stop_sequence");
                delta.putObject("usage").put("output_tokens", answerTokens + reasoning.tokens());
                return concat(
                        concat(sse("content_block_stop", stop), sse("message_delta", delta)),
                        sse("message_stop", JSON.createObjectNode().put("type", "message_stop")));
            }
        };
        stream(exchange, format, reasoning, t0, answer, n, lastContent(request.path("messages")));
    }

    /** An Anthropic {@code content_block_start} of an empty block of {@code type} ({@code thinking} or {@code text}). */
    private static byte[] blockStart(int index, String type) throws IOException {
        ObjectNode data =
                JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        data.putObject("content_block").put("type", type).put(type, "");
        return sse("content_block_start", data);
    }

    private static ObjectNode pingNode() {
        return JSON.createObjectNode().put("type", "ping");
    }

    private static void anthropicError(Exchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        StreamingSimulator.sendJson(exchange, status, body);
    }

    // ---------------------------------------------------------------- Gemini

    /** {@code POST /v1beta/models/<model>:streamGenerateContent?alt=sse}, thought summaries first. */
    void gemini(Exchange exchange) throws IOException {
        long t0 = simulator.arrived(exchange);
        if (!"POST".equals(exchange.request().method())
                || !exchange.request().path().endsWith(":streamGenerateContent")) {
            geminiError(exchange, 404, "NOT_FOUND", "this simulator serves POST .../models/<m>:streamGenerateContent");
            return;
        }
        JsonNode request = simulator.readRequest(exchange);
        if (request == null) {
            geminiError(exchange, 400, "INVALID_ARGUMENT", "request body is not valid JSON");
            return;
        }
        String badRole = StreamingSimulator.badRole(request.path("contents"), "role", Set.of("user", "model"), false);
        if (badRole != null) {
            geminiError(exchange, 400, "INVALID_ARGUMENT", badRole);
            return;
        }
        if (simulator.shouldFail()) {
            geminiError(exchange, 500, "INTERNAL", "simulated server error");
            return;
        }
        int limit = StreamingSimulator.firstPositive(
                request.path("generationConfig").path("maxOutputTokens").asInt(0), 0);
        AnswerTokens answer = AnswerTokens.of(config, AnswerTokens.gemini(request));
        int n = answer.sent(limit);
        int promptTokens = 0;
        String prompt = "";
        for (JsonNode content : request.path("contents")) {
            for (JsonNode part : content.path("parts")) {
                promptTokens += words(part.path("text").asText(""));
                prompt = part.path("text").asText("");
            }
        }
        for (JsonNode part : request.path("systemInstruction").path("parts")) {
            promptTokens += words(part.path("text").asText(""));
        }
        int inputTokens = Math.max(1, promptTokens);
        SimulatedReasoning reasoning = configured.forEffort(request.path("generationConfig")
                .path("thinkingConfig")
                .path("thinkingLevel")
                .asText(null));
        String missingSignature = reasoning.any() ? GeminiToolStreams.missingSignature(request) : null;
        if (missingSignature != null) {
            geminiError(exchange, 400, "INVALID_ARGUMENT", missingSignature);
            return;
        }
        if (GeminiToolStreams.calls(request)) {
            GeminiToolStreams.stream(
                    simulator, exchange, request, t0, inputTokens, simulator.toolCalls(), reasoning.any());
            return;
        }
        Format format = new Format() {
            @Override
            public String contentType() {
                return "text/event-stream";
            }

            private ObjectNode event(String text, boolean thought) {
                ObjectNode data = JSON.createObjectNode();
                ObjectNode candidate = data.putArray("candidates").addObject();
                ObjectNode content = candidate.putObject("content");
                ObjectNode part = content.putArray("parts").addObject().put("text", text);
                if (thought) {
                    part.put("thought", true);
                }
                content.put("role", "model");
                candidate.put("index", 0);
                data.put("modelVersion", config.model());
                return data;
            }

            @Override
            public byte[] reasoning(int k, String text) throws IOException {
                return sse(null, event(text, true));
            }

            @Override
            public byte[] answer(int j, String text) throws IOException {
                return sse(null, event(text, false));
            }

            @Override
            public byte[] close(int answerTokens, boolean length) throws IOException {
                ObjectNode last = event("", false);
                ((ObjectNode) last.path("candidates").get(0)).put("finishReason", length ? "MAX_TOKENS" : "STOP");
                ObjectNode usage = last.putObject("usageMetadata");
                usage.put("promptTokenCount", inputTokens).put("candidatesTokenCount", answerTokens);
                if (reasoning.any()) {
                    usage.put("thoughtsTokenCount", reasoning.tokens());
                }
                usage.put("totalTokenCount", inputTokens + answerTokens + reasoning.tokens());
                return sse(null, last);
            }
        };
        stream(exchange, format, reasoning, t0, answer, n, prompt);
    }

    private static void geminiError(Exchange exchange, int status, String code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", status).put("message", message).put("status", code);
        StreamingSimulator.sendJson(exchange, status, body);
    }

    private static int words(String text) {
        String t = text.trim();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}
