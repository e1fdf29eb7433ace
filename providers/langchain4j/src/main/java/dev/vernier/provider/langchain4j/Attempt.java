package dev.vernier.provider.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.Json;
import dev.vernier.provider.http.RetryAfter;
import java.net.http.HttpHeaders;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * One attempt of one request: the langchain4j handler that forwards each partial response to the
 * {@link TokenSink} as it arrives, and the {@link ExchangeObserver} of the HTTP exchange under it.
 * It ends exactly once ({@link #done}), with the first of: the complete response, an error (mapped
 * by {@link FailureMapping}), a failure the observer saw (an error event, an unparsable event, a
 * body that ended without a final message), the first-token limit, or the harness giving up. Once
 * ended, later callbacks are ignored and the stream is stopped (langchain4j's streaming handle, the
 * response body, the JDK exchange, or the blocking call's thread).
 */
final class Attempt implements StreamingChatResponseHandler, ExchangeObserver {

    /**
     * How the attempt ended.
     *
     * @param finishReason     why generation ended ({@link FinishReason#ERROR} on failure)
     * @param tokens           usage, or the content chunks as an estimate on failure
     * @param failure          null on success
     * @param contentChunks    content chunks streamed to the sink
     * @param retryAfterMillis the server's {@code Retry-After}, or -1
     */
    record Outcome(
            FinishReason finishReason, TokenCounts tokens, Failure failure, int contentChunks, long retryAfterMillis) {}

    private final ChatModelProvider provider;
    private final ChatRequest request;
    private final TokenSink sink;
    private final long startNanos = System.nanoTime();
    final CompletableFuture<Outcome> done = new CompletableFuture<>();

    private boolean finished;
    private volatile int contentChunks;
    private volatile int reasoningChunks;
    /** Whether the reasoning came whole (a non-streamed response), so its chunk count is no token count. */
    private volatile boolean wholeReasoning;

    private volatile int events;
    private volatile int status = -1;
    private volatile HttpHeaders headers;
    private volatile StreamingHandle streaming;
    private volatile ServerSentEventParsingHandle parsing;
    private volatile CompletableFuture<?> exchange;
    private volatile AutoCloseable body;
    private volatile Future<?> blockingCall;

    Attempt(ChatModelProvider provider, ChatRequest request, TokenSink sink) {
        this.provider = provider;
        this.request = request;
        this.sink = sink;
    }

    /** Sends the request; every outcome, even an exception thrown here, ends up in {@link #done}. */
    void start() {
        try {
            if (provider.streamingModel() != null) {
                ExchangeObserver.bind(this, () -> provider.streamingModel().chat(request, this));
            } else {
                blockingCall = provider.blockingCalls().submit(this::callBlocking);
            }
        } catch (RuntimeException e) {
            fail(provider.mapping().of(e));
        }
    }

    private void callBlocking() {
        try {
            ChatResponse[] response = new ChatResponse[1];
            ExchangeObserver.bind(
                    this, () -> response[0] = provider.blockingModel().chat(request));
            onWholeResponse(response[0]);
        } catch (RuntimeException e) {
            onError(e);
        }
    }

    /** A non-streamed response: its thinking and text go to the sink as one chunk each, now. */
    private void onWholeResponse(ChatResponse response) {
        AiMessage message = response == null ? null : response.aiMessage();
        synchronized (this) {
            if (finished) {
                return;
            }
            if (message != null
                    && message.thinking() != null
                    && !message.thinking().isEmpty()) {
                reasoningChunks++;
                wholeReasoning = true;
                sink.onReasoning(message.thinking(), 0);
            }
            if (message != null && message.text() != null && !message.text().isEmpty()) {
                contentChunks++;
                sink.onChunk(message.text(), 0);
            }
        }
        onCompleteResponse(response);
    }

    // ------------------------------------------------------------------ langchain4j's handler

    @Override
    public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
        streaming = context.streamingHandle();
        content(partial.text(), false);
    }

    @Override
    public void onPartialResponse(String partial) {
        content(partial, false);
    }

    @Override
    public void onPartialThinking(PartialThinking partial, PartialThinkingContext context) {
        streaming = context.streamingHandle();
        content(partial.text(), true);
    }

    @Override
    public void onPartialThinking(PartialThinking partial) {
        content(partial.text(), true);
    }

    private void content(String text, boolean reasoning) {
        if (sink.cancelled()) {
            fail(provider.mapping().failures().abandoned());
            return;
        }
        synchronized (this) {
            if (finished) {
                stop();
                return;
            }
            if (text == null || text.isEmpty()) {
                return;
            }
            if (reasoning) {
                reasoningChunks++;
                sink.onReasoning(text, 1);
            } else {
                contentChunks++;
                sink.onChunk(text, 1);
            }
        }
    }

    @Override
    public void onCompleteResponse(ChatResponse response) {
        FinishReason reason = response == null ? null : Conversions.finishReason(response.finishReason());
        if (reason == null && contentChunks == 0 && reasoningChunks == 0 && !hasOutput(response)) {
            fail(provider.mapping().failures().emptyBody());
            return;
        }
        if (reason == null && provider.finishReasonRequired()) {
            fail(provider.mapping().failures().malformed("the stream ended without a finish reason"));
            return;
        }
        end(new Outcome(
                reason == null ? FinishReason.UNKNOWN : reason,
                Conversions.withReasoning(
                        Conversions.tokens(response, provider.usageSource(), contentChunks + reasoningChunks),
                        reasoningChunks,
                        !wholeReasoning),
                null,
                contentChunks,
                -1));
    }

    private static boolean hasOutput(ChatResponse response) {
        AiMessage message = response == null ? null : response.aiMessage();
        return message != null
                && (message.text() != null && !message.text().isEmpty() || message.hasToolExecutionRequests());
    }

    @Override
    public void onError(Throwable error) {
        fail(provider.mapping().of(error));
    }

    // ------------------------------------------------------------------ the HTTP exchange under it

    @Override
    public void sending(CompletableFuture<?> response) {
        exchange = response;
        if (isFinished()) {
            stop();
        }
    }

    @Override
    public void responseHead(int statusCode, HttpHeaders responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
    }

    @Override
    public void body(AutoCloseable responseBody) {
        body = responseBody;
        if (isFinished()) {
            stop();
        }
    }

    /**
     * Counts the event; an event whose JSON carries a non-null {@code error} member (OpenAI's and
     * Ollama's way of failing inside a stream, which langchain4j passes over) ends the attempt as a
     * server error.
     */
    @Override
    public void event(String data, ServerSentEventParsingHandle handle) {
        parsing = handle;
        events++;
        if (data != null && data.contains("\"error\"")) {
            ObjectNode object = Json.object(data);
            JsonNode error = object == null ? null : object.get("error");
            if (error != null && !error.isNull()) {
                fail(provider.mapping().failures().streamError(HttpFailures.errorText(error)));
            }
        }
    }

    @Override
    public void eventFailed(String data, Throwable error) {
        fail(provider.mapping()
                .failures()
                .malformed("langchain4j could not read a chunk ("
                        + error.getClass().getSimpleName() + "): " + HttpFailures.clip(data == null ? "" : data)));
    }

    /** The body ended: an attempt still open now will never be completed by langchain4j. */
    @Override
    public void closed() {
        if (isFinished()) {
            return;
        }
        fail(
                events == 0
                        ? provider.mapping().failures().emptyBody()
                        : provider.mapping().failures().malformed("the stream ended without its final message"));
    }

    // ------------------------------------------------------------------ limits, checked by the provider's sweep

    /** Ends the attempt when the harness gave up or the first-token limit passed; false when it goes on. */
    boolean check(long nowNanos, long firstTokenNanos) {
        if (sink.cancelled()) {
            fail(provider.mapping().failures().abandoned());
            return true;
        }
        if (firstTokenNanos > 0 && contentChunks + reasoningChunks == 0 && nowNanos - startNanos >= firstTokenNanos) {
            fail(provider.mapping().failures().firstTokenTimeout(provider.firstTokenTimeout()));
            return true;
        }
        return isFinished();
    }

    /** Ends the attempt as abandoned (the provider is closing). */
    void abandon() {
        fail(provider.mapping().failures().abandoned());
    }

    // ------------------------------------------------------------------ ending

    private synchronized boolean isFinished() {
        return finished;
    }

    /** Ends the attempt with {@code failure}: the stream is stopped before the outcome is handed on. */
    private void fail(Failure failure) {
        long retryAfter = -1;
        HttpHeaders h = headers;
        if (h != null && status >= 400) {
            retryAfter = RetryAfter.millis(h);
        }
        if (claim()) {
            stop();
            done.complete(new Outcome(
                    FinishReason.ERROR, Conversions.chunksOnly(contentChunks), failure, contentChunks, retryAfter));
        }
    }

    private void end(Outcome outcome) {
        if (claim()) {
            done.complete(outcome);
        }
    }

    /** Marks the attempt ended; false when it already was. */
    private synchronized boolean claim() {
        if (finished) {
            return false;
        }
        finished = true;
        return true;
    }

    /** Stops whatever still runs for this attempt; each step is best effort. */
    private void stop() {
        StreamingHandle s = streaming;
        if (s != null) {
            quietly(s::cancel);
        }
        ServerSentEventParsingHandle p = parsing;
        if (p != null) {
            quietly(p::cancel);
        }
        CompletableFuture<?> e = exchange;
        if (e != null && !e.isDone()) {
            quietly(() -> e.cancel(true));
        }
        AutoCloseable b = body;
        if (b != null) {
            quietly(() -> {
                try {
                    b.close();
                } catch (Exception ignored) {
                    // closing a body that is already closed or broken
                }
            });
        }
        Future<?> call = blockingCall;
        if (call != null) {
            call.cancel(true);
        }
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException ignored) {
            // the stream is being abandoned; nothing more to report
        }
    }
}
