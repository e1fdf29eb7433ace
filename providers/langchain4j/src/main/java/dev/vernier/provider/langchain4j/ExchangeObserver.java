package dev.vernier.provider.langchain4j;

import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import java.net.http.HttpHeaders;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP layer under a langchain4j model tells one attempt, beyond what langchain4j's
 * {@code StreamingChatResponseHandler} passes on: the response head of every answer (so a 429's
 * {@code Retry-After} is not lost), the raw events (so an empty body or an error event is seen),
 * events langchain4j's own listener failed on (langchain4j-ollama drops those silently), and the end
 * of the body (after which a handler that was never completed will not be). Calls come from the
 * thread that sends the request and from the HTTP client's threads.
 *
 * <p>An observer is bound to the calling thread with {@link #bind} while the model's {@code chat}
 * method runs: langchain4j's HTTP clients start the exchange on that thread, and
 * {@link ObservedHttpClient} and {@link TappedJdkHttpClient} pick the observer up there.
 */
interface ExchangeObserver {

    /** The exchange was started; {@code response} completes with the response head. */
    void sending(CompletableFuture<?> response);

    /** A response head arrived (any status). */
    void responseHead(int status, HttpHeaders headers);

    /** The response body is open for reading: closing it stops the stream. */
    void body(AutoCloseable body);

    /** A raw event (an SSE {@code data} payload or an NDJSON line), before langchain4j parses it. */
    void event(String data, ServerSentEventParsingHandle parsing);

    /** langchain4j's own listener threw on this event; the stream goes on without it. */
    void eventFailed(String data, Throwable error);

    /** The body ended normally, after langchain4j's listener saw its end. */
    void closed();

    /** The observer of the current thread's request, or null when none is bound. */
    static ExchangeObserver current() {
        return Binding.CURRENT.get();
    }

    /** Runs {@code action} with {@code observer} bound to this thread, then restores the previous one. */
    static void bind(ExchangeObserver observer, Runnable action) {
        ExchangeObserver previous = Binding.CURRENT.get();
        Binding.CURRENT.set(observer);
        try {
            action.run();
        } finally {
            if (previous == null) {
                Binding.CURRENT.remove();
            } else {
                Binding.CURRENT.set(previous);
            }
        }
    }

    /** Holder of the thread binding (interfaces cannot have private fields). */
    final class Binding {
        private static final ThreadLocal<ExchangeObserver> CURRENT = new ThreadLocal<>();

        private Binding() {}
    }
}
