package dev.vernier.testkit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.testkit.LoopbackHttpServer.Exchange;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;

/**
 * A local HTTP server on 127.0.0.1 that streams like an LLM server, with exactly known timing.
 *
 * <p>It speaks four dialects (Anthropic and Gemini through {@link ReasoningStreams}):
 * <ul>
 *   <li>OpenAI Chat Completions: {@code POST /v1/chat/completions}. With {@code "stream": true} it
 *       answers {@code text/event-stream}: a role delta, one content delta per token, a chunk with
 *       {@code finish_reason} ({@code stop}, or {@code length} when the request's
 *       {@code max_tokens}/{@code max_completion_tokens} cut the answer short), then, when asked with
 *       {@code "stream_options": {"include_usage": true}}, a chunk with empty {@code choices} and a
 *       {@code usage} object, then {@code data: [DONE]}. Without streaming it answers one
 *       {@code chat.completion} object. {@code GET /v1/models} lists the model.</li>
 *   <li>Ollama: {@code POST /api/chat} streams NDJSON (streaming is Ollama's default), one line per
 *       token and a final {@code "done": true} line with {@code done_reason} and the duration fields
 *       in nanoseconds; {@code GET /api/tags} lists the model.</li>
 *   <li>Anthropic Messages: {@code POST /v1/messages} with {@code "stream": true}: message_start, a text
 *       block of one {@code text_delta} per token, message_delta with the stop reason and usage,
 *       message_stop.</li>
 *   <li>Gemini: {@code POST /v1beta/models/<model>:streamGenerateContent?alt=sse}: one event per token,
 *       the last with {@code finishReason} and {@code usageMetadata}.</li>
 * </ul>
 *
 * <p>Structured output: a request that asks for a JSON Schema in its dialect's field (OpenAI
 * {@code response_format} json_schema, Ollama {@code format}, Anthropic {@code output_config.format},
 * Gemini {@code responseJsonSchema}) is answered with {@link SimulatorConfig#jsonTokenTexts()}, one
 * token event each, on the same schedule ({@link AnswerTokens}).
 *
 * <p>Tool calls: a request that declares tools and whose last message is not a tool result is answered
 * with the calls of its {@link SimulatedToolCalls} (by default one call of the first declared tool), on
 * the schedule that class describes, in every dialect (Chat Completions {@code delta.tool_calls} and
 * Ollama {@code message.tool_calls}: {@link ToolCallStreams}; Anthropic {@code tool_use} blocks of
 * {@code input_json_delta} pieces: {@link AnthropicToolStreams}; Gemini whole {@code functionCall}
 * parts: {@link GeminiToolStreams}; a reasoning simulator signs the calls, with an Anthropic thinking
 * block or a Gemini thought signature, and refuses the results' request that does not send it back),
 * unless the request's tool choice is none; once the
 * conversation carries the tools' results, the normal text answer follows. A Chat Completions conversation
 * whose tool results do not answer the calls before them is refused with 400, as OpenAI refuses it.
 *
 * <p>With a {@link SimulatedReasoning} it reasons before it answers, in every dialect's own way
 * (OpenAI {@code reasoning_content} deltas, Ollama {@code thinking} lines, Anthropic thinking blocks,
 * Gemini thought parts; shown in full, as a summary, or hidden), on the schedule that class describes,
 * and bills the reasoning as output. Reasoning applies to streamed responses.
 *
 * <p>Timing: the role delta goes out with the response headers on arrival; content token {@code i}
 * (from 0) is written and flushed at {@code t0 + ttft + i * interTokenDelay}, where {@code t0} is
 * when the first bytes of its request line were read. Each write waits for its absolute deadline, so
 * delays do not drift: the thread parks until shortly before the deadline and spins the rest, so an event
 * leaves within microseconds of its time rather than after the scheduler's wake-up latency. Only a few
 * threads spin at once, and none when many streams wait for deadlines (they then park to the deadline
 * and leave about a tenth of a millisecond late: spinning would take cores from the writers and from a
 * client on the same machine); an event whose time has passed (zero delays) is written at once.
 * {@link #onStreamed} reports when each event actually left.
 *
 * <p>Transport: a small HTTP/1.1 server of its own on blocking sockets ({@link LoopbackHttpServer}):
 * {@code TCP_NODELAY}, persistent connections, one thread per connection (so many streams run at once),
 * {@code Content-Length} for whole responses and {@code Transfer-Encoding: chunked} for streams, with
 * every event sent as one chunk in one write. With a TLS identity
 * ({@link #StreamingSimulator(SimulatorConfig, SSLContext)}) the same server speaks HTTPS (the JDK's
 * {@code SSLSocket}; each event one TLS record).
 *
 * <p>Prompt tokens are counted as whitespace-separated words of all messages and the system prompt
 * (so a conversation's input grows with its history); completion tokens are the tokens streamed. A
 * message list the vendor would refuse (empty, a role the dialect does not know, such as
 * {@code system} inside Anthropic's {@code messages} or {@code assistant} in Gemini's {@code contents})
 * is answered 400 in the dialect's error format.
 */
public final class StreamingSimulator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonStringEncoder QUOTE = JsonStringEncoder.getInstance();
    /** How long before a deadline waiting turns from parking to spinning. */
    static final long SPIN_NANOS = 300_000;
    /** How long before a deadline an Ollama line is built (it carries the current time). */
    static final long PREPARE_NANOS = 1_000_000;
    /** Threads allowed to spin at once; the others park, so a thousand streams do not burn the CPUs. */
    private static final int MAX_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    /**
     * Above this many threads waiting for a deadline, none spins: deadlines then come so close together
     * that the spin slots never empty, and spinning would take cores from the threads that write (and
     * from a client measured on the same machine) to save each event about a tenth of a millisecond.
     */
    static final int SPIN_WHEN_WAITING_AT_MOST = 2 * Runtime.getRuntime().availableProcessors();

    private static final AtomicInteger spinners = new AtomicInteger();
    private static final AtomicInteger waiting = new AtomicInteger();

    private final SimulatorConfig config;
    private final SimulatedReasoning reasoning;
    private final ReasoningStreams reasoningStreams;
    private final SimulatedToolCalls toolCalls;
    private final ToolCallStreams toolCallStreams;
    private final String quotedModel;
    private final Random random;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private volatile String lastRequestBody;
    private volatile long lastArrivalNanos;
    private volatile Consumer<StreamTiming> timingListener;
    private LoopbackHttpServer server;
    private final SSLContext tls;

    /**
     * When the simulator actually did what it was scheduled to do for one streamed chat request (both
     * dialects), for measuring a client in the same JVM against the truth rather than against the
     * schedule. Times are {@link System#nanoTime()} readings.
     *
     * @param prompt       the content of the request's last message (a client can make it unique to
     *                     match its requests with these timings)
     * @param arrivalNanos when the first bytes of the request line were read ({@code t0})
     * @param contentNanos when each content token event was handed to the socket, in order
     */
    public record StreamTiming(String prompt, long arrivalNanos, long[] contentNanos) {}

    public StreamingSimulator(SimulatorConfig config) {
        this(config, null, SimulatedReasoning.NONE);
    }

    /**
     * A simulator that speaks HTTPS with {@code tls} (e.g. {@link TestCertificates#serverContext()}),
     * or plain HTTP when it is null; everything else is the same.
     */
    public StreamingSimulator(SimulatorConfig config, SSLContext tls) {
        this(config, tls, SimulatedReasoning.NONE);
    }

    /** A simulator that reasons before it answers, as {@code reasoning} says. */
    public StreamingSimulator(SimulatorConfig config, SimulatedReasoning reasoning) {
        this(config, null, reasoning);
    }

    /** A simulator over HTTPS ({@code tls}) or plain HTTP (null) that reasons as {@code reasoning} says. */
    public StreamingSimulator(SimulatorConfig config, SSLContext tls, SimulatedReasoning reasoning) {
        this(config, tls, reasoning, SimulatedToolCalls.DEFAULT);
    }

    /** A simulator that answers requests declaring tools with {@code toolCalls}. */
    public StreamingSimulator(SimulatorConfig config, SimulatedToolCalls toolCalls) {
        this(config, null, SimulatedReasoning.NONE, toolCalls);
    }

    /**
     * A simulator over HTTPS ({@code tls}) or plain HTTP (null) that reasons as {@code reasoning} says and
     * answers requests declaring tools with {@code toolCalls}.
     */
    public StreamingSimulator(
            SimulatorConfig config, SSLContext tls, SimulatedReasoning reasoning, SimulatedToolCalls toolCalls) {
        this.toolCalls = Objects.requireNonNull(toolCalls, "toolCalls");
        this.toolCallStreams = new ToolCallStreams(this, toolCalls);
        this.tls = tls;
        this.config = Objects.requireNonNull(config, "config");
        this.reasoning = Objects.requireNonNull(reasoning, "reasoning");
        this.random = new Random(config.seed());
        this.quotedModel = new String(QUOTE.quoteAsString(config.model()));
        this.reasoningStreams = new ReasoningStreams(this, reasoning);
    }

    /** The calls it answers requests declaring tools with ({@link SimulatedToolCalls#DEFAULT} unless given). */
    public SimulatedToolCalls toolCalls() {
        return toolCalls;
    }

    /** How the simulator reasons ({@link SimulatedReasoning#NONE} when it does not). */
    public SimulatedReasoning reasoning() {
        return reasoning;
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound port
     * @throws IOException when the port cannot be bound
     */
    public synchronized int start() throws IOException {
        if (server == null) {
            server = new LoopbackHttpServer(config.port(), this::route, tls);
        }
        return server.port();
    }

    /** The bound port; only valid after {@link #start()}. */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("simulator not started");
        }
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://...} when it speaks TLS. */
    public String baseUrl() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port();
    }

    /** Whether it speaks TLS. */
    public boolean tls() {
        return tls != null;
    }

    /** The OpenAI-compatible base URL, {@code http(s)://127.0.0.1:<port>/v1}. */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    /** Chat requests received so far (both dialects, including those answered with an error). */
    public int requestCount() {
        return requests.get();
    }

    /**
     * {@link System#nanoTime()} when the first bytes of the most recent chat request were read (its
     * {@code t0}, from which its events are scheduled),
     * for tests in the same JVM that want to separate client overhead from the simulated delays.
     */
    public long lastArrivalNanos() {
        return lastArrivalNanos;
    }

    /** The body of the most recent chat request, or null. */
    public String lastRequestBody() {
        return lastRequestBody;
    }

    public SimulatorConfig config() {
        return config;
    }

    /**
     * Reports every streamed chat response to {@code listener} once its last content event is written
     * and before the end of the stream is (so a client that has read a whole response finds its
     * timing reported); called on the connection's thread; null stops reporting. Off by default.
     */
    public void onStreamed(Consumer<StreamTiming> listener) {
        this.timingListener = listener;
    }

    /** Stops serving: closes the listening socket and every open connection (open streams are cut). */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private void route(Exchange exchange) throws IOException {
        switch (exchange.request().path()) {
            case "/v1/chat/completions" -> openAiChat(exchange);
            case "/v1/models" -> openAiModels(exchange);
            case "/api/chat" -> ollamaChat(exchange);
            case "/api/tags" -> ollamaTags(exchange);
            case "/v1/messages" -> reasoningStreams.anthropic(exchange);
            default -> {
                if (exchange.request().path().startsWith("/v1beta/models/")) {
                    reasoningStreams.gemini(exchange);
                } else {
                    sendJson(
                            exchange,
                            404,
                            error("no such endpoint: " + exchange.request().path(), "invalid_request_error"));
                }
            }
        }
    }

    // ---------------------------------------------------------------- OpenAI

    private void openAiChat(Exchange exchange) throws IOException {
        long t0 = exchange.request().arrivalNanos();
        lastArrivalNanos = t0;
        if (!"POST".equals(exchange.request().method())) {
            sendJson(exchange, 405, error("use POST", "invalid_request_error"));
            return;
        }
        JsonNode request = readRequest(exchange);
        if (request == null) {
            sendJson(exchange, 400, error("request body is not valid JSON", "invalid_request_error"));
            return;
        }
        String badRole = badRole(request.path("messages"), "role", CHAT_ROLES, false);
        if (badRole == null) {
            badRole = ToolCallStreams.badChatHistory(request);
        }
        if (badRole != null) {
            sendJson(exchange, 400, error(badRole, "invalid_request_error"));
            return;
        }
        if (shouldFail()) {
            sendJson(exchange, 500, error("simulated server error", "server_error"));
            return;
        }
        int limit = firstPositive(
                request.path("max_completion_tokens").asInt(0),
                request.path("max_tokens").asInt(0));
        AnswerTokens answer = AnswerTokens.of(config, AnswerTokens.openAi(request));
        int n = answer.sent(limit);
        String finish = n < answer.complete() ? "length" : "stop";
        int promptTokens = promptTokens(request.path("messages"));
        String id = "chatcmpl-sim" + ids.incrementAndGet();
        long created = Instant.now().getEpochSecond();
        if (ToolCallStreams.chatCompletionsCalls(request)) {
            toolCallStreams.openAi(exchange, request, t0, promptTokens, id);
            return;
        }
        if (reasoning.any() && request.path("stream").asBoolean(false)) {
            reasoningStreams.openAi(exchange, request, t0, answer, n, promptTokens, id);
            return;
        }

        if (!request.path("stream").asBoolean(false)) {
            waitUntil(t0
                    + config.ttft().toNanos()
                    + (long) (n - 1) * config.interTokenDelay().toNanos());
            ObjectNode body = JSON.createObjectNode();
            body.put("id", id)
                    .put("object", "chat.completion")
                    .put("created", created)
                    .put("model", config.model())
                    .put("system_fingerprint", "fp_sim");
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", joined(answer, n));
            choice.putNull("logprobs");
            choice.put("finish_reason", finish);
            body.set("usage", usage(promptTokens, n));
            sendJson(exchange, 200, body);
            return;
        }

        boolean includeUsage =
                request.path("stream_options").path("include_usage").asBoolean(false);
        exchange.startStream("text/event-stream; charset=utf-8", "Cache-Control: no-cache");
        ObjectNode role = JSON.createObjectNode().put("role", "assistant").put("content", "");
        exchange.writeChunk(sse(chunk(id, created, role, null, includeUsage)));
        long ttft = config.ttft().toNanos();
        long gap = config.interTokenDelay().toNanos();
        Consumer<StreamTiming> timings = timingListener;
        long[] written = timings == null ? null : new long[n];
        for (int i = 0; i < n; i++) {
            // built before the wait, so the write follows the deadline at once
            byte[] event = sse(contentChunk(id, created, answer.text(i), includeUsage));
            waitUntil(t0 + ttft + (long) i * gap);
            if (written != null) {
                written[i] = System.nanoTime();
            }
            exchange.writeChunk(event);
        }
        exchange.writeChunk(sse(chunk(id, created, JSON.createObjectNode(), finish, includeUsage)));
        if (includeUsage) {
            ObjectNode last = chunkBase(id, created);
            last.putArray("choices");
            last.set("usage", usage(promptTokens, n));
            exchange.writeChunk(sse(JSON.writeValueAsString(last)));
        }
        report(timings, request, t0, written); // before the end, so a client that read it all finds it reported
        exchange.writeLastChunk(sse("[DONE]"));
    }

    private void openAiModels(Exchange exchange) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        body.putArray("data")
                .addObject()
                .put("id", config.model())
                .put("object", "model")
                .put("created", 1_700_000_000L)
                .put("owned_by", "vernier-simulator");
        sendJson(exchange, 200, body);
    }

    private ObjectNode chunkBase(String id, long created) {
        ObjectNode chunk = JSON.createObjectNode();
        chunk.put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", config.model())
                .put("system_fingerprint", "fp_sim");
        return chunk;
    }

    /**
     * A content-delta chunk, written out directly: the same text {@link #chunk} makes with Jackson for
     * {@code {"content": text}}, at a fraction of the cost (this runs once per token; with zero delays
     * the simulator's CPU time is what limits a load test).
     */
    String contentChunk(String id, long created, String text, boolean withUsageField) {
        StringBuilder out = new StringBuilder(200 + text.length());
        out.append("{\"id\":\"");
        QUOTE.quoteAsString(id, out);
        out.append("\",\"object\":\"chat.completion.chunk\",\"created\":")
                .append(created)
                .append(",\"model\":\"")
                .append(quotedModel)
                .append("\",\"system_fingerprint\":\"fp_sim\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
        QUOTE.quoteAsString(text, out);
        out.append("\"},\"logprobs\":null,\"finish_reason\":null}]");
        if (withUsageField) {
            out.append(",\"usage\":null");
        }
        return out.append('}').toString();
    }

    String chunk(String id, long created, ObjectNode delta, String finishReason, boolean withUsageField)
            throws IOException {
        ObjectNode chunk = chunkBase(id, created);
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (withUsageField) {
            chunk.putNull("usage"); // the real API sends "usage": null on every chunk but the last
        }
        return JSON.writeValueAsString(chunk);
    }

    static ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode usage = JSON.createObjectNode();
        usage.put("prompt_tokens", promptTokens)
                .put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
        return usage;
    }

    static byte[] sse(String data) {
        return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- Ollama

    private void ollamaChat(Exchange exchange) throws IOException {
        long t0 = exchange.request().arrivalNanos();
        lastArrivalNanos = t0;
        if (!"POST".equals(exchange.request().method())) {
            sendJson(exchange, 405, JSON.createObjectNode().put("error", "use POST"));
            return;
        }
        JsonNode request = readRequest(exchange);
        if (request == null) {
            sendJson(exchange, 400, JSON.createObjectNode().put("error", "invalid JSON body"));
            return;
        }
        String badRole = badRole(request.path("messages"), "role", CHAT_ROLES, true);
        if (badRole != null) {
            sendJson(exchange, 400, JSON.createObjectNode().put("error", badRole));
            return;
        }
        if (shouldFail()) {
            sendJson(exchange, 500, JSON.createObjectNode().put("error", "simulated server error"));
            return;
        }
        int limit = firstPositive(request.path("options").path("num_predict").asInt(0), 0);
        AnswerTokens answer = AnswerTokens.of(config, AnswerTokens.ollama(request));
        int n = answer.sent(limit);
        String doneReason = n < answer.complete() ? "length" : "stop";
        int promptTokens = promptTokens(request.path("messages"));
        long ttft = config.ttft().toNanos();
        long gap = config.interTokenDelay().toNanos();
        if (ToolCallStreams.ollamaCalls(request)) {
            toolCallStreams.ollama(exchange, request, t0, promptTokens);
            return;
        }
        if (reasoning.any() && request.path("stream").asBoolean(true)) {
            reasoningStreams.ollama(exchange, request, t0, answer, n, promptTokens);
            return;
        }

        if (!request.path("stream").asBoolean(true)) {
            waitUntil(t0 + ttft + (long) (n - 1) * gap);
            ObjectNode body = ollamaLine(joined(answer, n), true);
            addOllamaStats(body, doneReason, t0, promptTokens, n, ttft, t0 + ttft);
            sendJson(exchange, 200, body);
            return;
        }

        exchange.startStream("application/x-ndjson");
        exchange.flush();
        Consumer<StreamTiming> timings = timingListener;
        long[] written = timings == null ? null : new long[n];
        long firstTokenAt = t0 + ttft;
        for (int i = 0; i < n; i++) {
            long deadline = t0 + ttft + (long) i * gap;
            // built just before the deadline so created_at is current, yet the write is not delayed
            waitUntil(deadline - PREPARE_NANOS);
            byte[] line = ndjson(ollamaLine(answer.text(i), false));
            waitUntil(deadline);
            long now = System.nanoTime();
            if (i == 0) {
                firstTokenAt = now;
            }
            if (written != null) {
                written[i] = now;
            }
            exchange.writeChunk(line);
        }
        ObjectNode last = ollamaLine("", true);
        addOllamaStats(last, doneReason, t0, promptTokens, n, ttft, firstTokenAt);
        report(timings, request, t0, written); // before the end, so a client that read it all finds it reported
        exchange.writeLastChunk(ndjson(last));
    }

    ObjectNode ollamaLine(String content, boolean done) {
        ObjectNode line = JSON.createObjectNode();
        line.put("model", config.model()).put("created_at", Instant.now().toString());
        line.putObject("message").put("role", "assistant").put("content", content);
        line.put("done", done);
        return line;
    }

    static void addOllamaStats(
            ObjectNode line, String doneReason, long t0, int promptTokens, int n, long ttft, long firstTokenAt) {
        long now = System.nanoTime();
        line.put("done_reason", doneReason);
        line.put("total_duration", now - t0);
        line.put("load_duration", 1_000_000L);
        line.put("prompt_eval_count", promptTokens);
        line.put("prompt_eval_duration", ttft);
        line.put("eval_count", n);
        line.put("eval_duration", Math.max(0, now - firstTokenAt));
    }

    private void ollamaTags(Exchange exchange) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode models = body.putArray("models");
        ObjectNode model = models.addObject();
        model.put("name", config.model())
                .put("model", config.model())
                .put("modified_at", "2026-01-01T00:00:00Z")
                .put("size", 1_000_000L)
                .put("digest", "0000000000000000000000000000000000000000000000000000000000000000");
        ObjectNode details = model.putObject("details");
        details.put("parent_model", "").put("format", "gguf").put("family", "sim");
        details.putArray("families").add("sim");
        details.put("parameter_size", "1M").put("quantization_level", "Q8_0");
        sendJson(exchange, 200, body);
    }

    /** The first {@code n} tokens of an answer as one text (a response that is not streamed). */
    private static String joined(AnswerTokens answer, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(answer.text(i));
        }
        return text.toString();
    }

    static byte[] ndjson(JsonNode line) throws IOException {
        return (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- shared

    JsonNode readRequest(Exchange exchange) throws IOException {
        requests.incrementAndGet();
        String body = exchange.request().bodyText();
        lastRequestBody = body;
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The listener of {@link #onStreamed}, or null. */
    Consumer<StreamTiming> timingListener() {
        return timingListener;
    }

    /** Notes a chat request's arrival ({@link #lastArrivalNanos()}) and returns it: its {@code t0}. */
    long arrived(Exchange exchange) {
        long t0 = exchange.request().arrivalNanos();
        lastArrivalNanos = t0;
        return t0;
    }

    /** A fresh number for a response id. */
    long nextId() {
        return ids.incrementAndGet();
    }

    private static void report(Consumer<StreamTiming> timings, JsonNode request, long t0, long[] written) {
        if (timings == null) {
            return;
        }
        JsonNode messages = request.path("messages");
        String prompt = messages.size() == 0
                ? ""
                : messages.get(messages.size() - 1).path("content").asText("");
        timings.accept(new StreamTiming(prompt, t0, written));
    }

    boolean shouldFail() {
        if (config.errorRate() <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < config.errorRate();
        }
    }

    private static ObjectNode error(String message, String type) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .putNull("code");
        return body;
    }

    static void sendJson(Exchange exchange, int status, JsonNode body) throws IOException {
        exchange.send(status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** The roles of Chat Completions and Ollama chat messages. */
    static final Set<String> CHAT_ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    /**
     * Why a list of messages is refused, as the vendor refuses it: an empty list (where the vendor
     * requires a message), or a role the dialect does not know; null when it is accepted.
     *
     * @param messages   the request's message list ({@code messages} or Gemini's {@code contents})
     * @param field      the role field of one message
     * @param roles      the roles the dialect knows
     * @param emptyAllowed whether an empty list is accepted (Ollama loads the model on one)
     */
    static String badRole(JsonNode messages, String field, Set<String> roles, boolean emptyAllowed) {
        if (!emptyAllowed && (!messages.isArray() || messages.isEmpty())) {
            return "messages: at least one message is required";
        }
        for (int i = 0; i < messages.size(); i++) {
            String role = messages.get(i).path(field).asText("");
            if (!roles.contains(role)) {
                return "messages." + i + "." + field + ": unexpected value '" + role + "', expected one of "
                        + new TreeSet<>(roles);
            }
        }
        return null;
    }

    static int promptTokens(JsonNode messages) {
        int count = 0;
        for (JsonNode message : messages) {
            String content = message.path("content").asText("").trim();
            if (!content.isEmpty()) {
                count += content.split("\\s+").length;
            }
        }
        return Math.max(1, count);
    }

    static int firstPositive(int a, int b) {
        if (a > 0) {
            return a;
        }
        return b > 0 ? b : Integer.MAX_VALUE;
    }

    /**
     * Waits until the absolute {@link System#nanoTime()} deadline: parks until {@link #SPIN_NANOS} before
     * it (parking overshoots by the scheduler's wake-up latency), then spins the rest when a spin slot is
     * free and few threads are waiting ({@link #SPIN_WHEN_WAITING_AT_MOST}), else parks again. Returns at
     * once, without parking or spinning, when the deadline has passed. Never accumulates error, since
     * every deadline is absolute.
     */
    static void waitUntil(long deadline) throws IOException {
        if (deadline - System.nanoTime() <= 0) {
            return;
        }
        waiting.incrementAndGet();
        try {
            waitFor(deadline);
        } finally {
            waiting.decrementAndGet();
        }
    }

    private static void waitFor(long deadline) throws IOException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (left > SPIN_NANOS) {
                LockSupport.parkNanos(left - SPIN_NANOS);
            } else if (waiting.get() <= SPIN_WHEN_WAITING_AT_MOST && spin(deadline)) {
                return;
            } else {
                LockSupport.parkNanos(left); // many streams due at once: do not starve the machine
            }
            if (Thread.interrupted()) {
                throw new InterruptedIOException("simulator stopping");
            }
        }
    }

    /** Spins to the deadline when a spin slot is free; false (at once) when none is. */
    private static boolean spin(long deadline) {
        try {
            if (spinners.incrementAndGet() > MAX_SPINNERS) {
                return false;
            }
            while (deadline - System.nanoTime() > 0) {
                Thread.onSpinWait();
            }
            return true;
        } finally {
            spinners.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------- command line

    /**
     * Runs the simulator until the process is stopped. Options: {@code --port N} (default 8089),
     * {@code --ttft-ms N}, {@code --itl-ms N}, {@code --tokens N}, {@code --error-rate X},
     * {@code --seed N}, {@code --model NAME}, {@code --reasoning-tokens N} with {@code --reasoning-mode
     * streamed|summary|hidden} and {@code --summary-events N} ({@link SimulatedReasoning}).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        SimulatorConfig config = SimulatorConfig.defaults().withPort(8089);
        Path caOut = null;
        int reasoningTokens = 0;
        SimulatedReasoning.Mode mode = SimulatedReasoning.Mode.STREAMED;
        int summaryEvents = 1;
        SimulatedReasoning reasoning;
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if ("--help".equals(flag) || "-h".equals(flag)) {
                    System.out.println(usage());
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                if (flag.equals("--tls-ca-out")) {
                    caOut = Path.of(value);
                    continue;
                }
                switch (flag) {
                    case "--reasoning-tokens" -> reasoningTokens = Integer.parseInt(value);
                    case "--reasoning-mode" -> mode = SimulatedReasoning.Mode.parse(value);
                    case "--summary-events" -> summaryEvents = Integer.parseInt(value);
                    default -> {}
                }
                if (flag.startsWith("--reasoning-") || flag.equals("--summary-events")) {
                    continue;
                }
                config = switch (flag) {
                    case "--port" -> config.withPort(Integer.parseInt(value));
                    case "--ttft-ms" -> config.withTtft(Duration.ofMillis(Long.parseLong(value)));
                    case "--itl-ms" -> config.withInterTokenDelay(Duration.ofMillis(Long.parseLong(value)));
                    case "--tokens" -> config.withTokens(Integer.parseInt(value));
                    case "--error-rate" -> config.withErrorRate(Double.parseDouble(value), config.seed());
                    case "--seed" -> config.withErrorRate(config.errorRate(), Long.parseLong(value));
                    case "--model" -> config.withModel(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                };
            }
            reasoning = new SimulatedReasoning(reasoningTokens, mode, summaryEvents);
        } catch (IllegalArgumentException e) {
            System.err.println("streaming-simulator: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        SSLContext tls = null;
        if (caOut != null) { // HTTPS with a CA made now, written where the client can trust it
            TestCertificates ca = TestCertificates.authority("Vernier simulator CA");
            ca.writeCaPem(caOut);
            tls = ca.serverContext();
        }
        StreamingSimulator simulator = new StreamingSimulator(config, tls, reasoning);
        simulator.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println("streaming simulator on " + simulator.baseUrl()
                + "  (OpenAI: /v1/chat/completions, /v1/models; Ollama: /api/chat, /api/tags; Anthropic:"
                + " /v1/messages; Gemini: /v1beta/models/<m>:streamGenerateContent)");
        System.out.println("model=" + config.model() + " ttft=" + config.ttft().toMillis() + "ms itl="
                + config.interTokenDelay().toMillis() + "ms tokens=" + config.tokens()
                + " error-rate=" + config.errorRate()
                + (reasoning.any()
                        ? " reasoning=" + reasoning.tokens() + " tokens "
                                + reasoning.mode().name().toLowerCase(java.util.Locale.ROOT)
                        : "")
                + "; Ctrl-C stops");
        stopped.await();
        TimeUnit.MILLISECONDS.sleep(10);
    }

    private static String usage() {
        return "usage: java -cp ... dev.vernier.testkit.StreamingSimulator [--port 8089] [--ttft-ms 200]"
                + " [--itl-ms 20] [--tokens 32] [--error-rate 0.0] [--seed 42] [--model sim-model]"
                + " [--reasoning-tokens 0] [--reasoning-mode streamed|summary|hidden] [--summary-events 1]"
                + " [--tls-ca-out ca.pem (HTTPS with a CA made at start, its certificate written there;"
                + " needs BouncyCastle on the class path)]";
    }

    /** The token texts a response of {@code n} tokens carries, in order (for assertions). */
    public List<String> expectedTokens(int n) {
        return IntStream.range(0, n).mapToObj(config::tokenText).toList();
    }
}
