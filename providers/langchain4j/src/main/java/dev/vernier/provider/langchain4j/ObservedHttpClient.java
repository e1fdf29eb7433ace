package dev.vernier.provider.langchain4j;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.CancellationUnsupportedHandle;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;

/**
 * A langchain4j {@link HttpClient} that passes every request to another one and, for a request sent
 * while an {@link ExchangeObserver} is bound to the sending thread, shows the observer each raw
 * event before langchain4j's listener parses it, any exception that listener throws (which
 * langchain4j's parsers log and drop), and the end of the body.
 */
final class ObservedHttpClient implements HttpClient {

    private final HttpClient delegate;

    ObservedHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        return delegate.execute(request);
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        ExchangeObserver observer = ExchangeObserver.current();
        delegate.execute(request, parser, observer == null ? listener : new Listener(listener, observer));
    }

    /** Shows the observer what passes to langchain4j's listener. */
    private static final class Listener implements ServerSentEventListener {
        private final ServerSentEventListener inner;
        private final ExchangeObserver observer;

        Listener(ServerSentEventListener inner, ExchangeObserver observer) {
            this.inner = inner;
            this.observer = observer;
        }

        @Override
        public void onOpen(SuccessfulHttpResponse response) {
            inner.onOpen(response);
        }

        @Override
        public void onEvent(ServerSentEvent event) {
            onEvent(event, new ServerSentEventContext(new CancellationUnsupportedHandle()));
        }

        @Override
        public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            observer.event(event.data(), context.parsingHandle());
            try {
                inner.onEvent(event, context);
            } catch (RuntimeException e) {
                observer.eventFailed(event.data(), e);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            inner.onError(throwable);
        }

        @Override
        public void onClose() {
            try {
                inner.onClose();
            } finally {
                observer.closed();
            }
        }
    }
}
