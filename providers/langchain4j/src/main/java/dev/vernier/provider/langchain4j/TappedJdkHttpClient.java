package dev.vernier.provider.langchain4j;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK {@link HttpClient} that langchain4j's default HTTP client ({@code JdkHttpClient}) drives,
 * with one addition: for a request sent while an {@link ExchangeObserver} is bound to the sending
 * thread, the observer sees the exchange start, every response head (status and headers, which
 * langchain4j drops for error answers) and the body stream. Everything else is the JDK client's
 * own behaviour: same executor, connection pool, HTTP version and timeouts.
 */
final class TappedJdkHttpClient extends HttpClient {

    private final HttpClient delegate;

    private TappedJdkHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /** A builder of the JDK's defaults whose {@code build()} returns a tapped client. */
    static HttpClient.Builder tappedBuilder() {
        return new Builder(HttpClient.newBuilder());
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        ExchangeObserver observer = ExchangeObserver.current();
        return delegate.send(request, observer == null ? handler : tap(handler, observer));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        ExchangeObserver observer = ExchangeObserver.current();
        if (observer == null) {
            return delegate.sendAsync(request, handler);
        }
        CompletableFuture<HttpResponse<T>> response = delegate.sendAsync(request, tap(handler, observer));
        observer.sending(response);
        response.thenAccept(r -> {
            if (r.body() instanceof AutoCloseable body) {
                observer.body(body);
            }
        });
        return response;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(
            HttpRequest request,
            HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(request, handler, pushPromiseHandler);
    }

    private static <T> HttpResponse.BodyHandler<T> tap(HttpResponse.BodyHandler<T> handler, ExchangeObserver observer) {
        return info -> {
            observer.responseHead(info.statusCode(), info.headers());
            return handler.apply(info);
        };
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    /** Passes every setting to the JDK's builder; {@link #build()} wraps what it builds. */
    private static final class Builder implements HttpClient.Builder {
        private final HttpClient.Builder jdk;

        Builder(HttpClient.Builder jdk) {
            this.jdk = jdk;
        }

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
            jdk.cookieHandler(cookieHandler);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            jdk.connectTimeout(duration);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext sslContext) {
            jdk.sslContext(sslContext);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
            jdk.sslParameters(sslParameters);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            jdk.executor(executor);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(Redirect policy) {
            jdk.followRedirects(policy);
            return this;
        }

        @Override
        public HttpClient.Builder version(Version version) {
            jdk.version(version);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            jdk.priority(priority);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector proxySelector) {
            jdk.proxy(proxySelector);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            jdk.authenticator(authenticator);
            return this;
        }

        @Override
        public HttpClient build() {
            return new TappedJdkHttpClient(jdk.build());
        }
    }
}
