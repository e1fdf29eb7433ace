package dev.vernier.provider.langchain4j;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import java.time.Duration;
import java.util.Objects;

/**
 * langchain4j's default HTTP client (the JDK one, {@code JdkHttpClient}), made observable by
 * Vernier: give it to a model's builder ({@code .httpClientBuilder(ObservedHttpClientBuilder.jdk())})
 * and a {@link ChatModelProvider} around that model can report what langchain4j alone does not
 * pass on: the {@code Retry-After} of a 429 (so retries wait as the server asks), an empty body, an
 * error event inside a stream, an event langchain4j could not parse, and a stream that ends without
 * its final message. The requests, threads and timeouts are langchain4j's and the JDK's, unchanged.
 * Without it a model is still measured; those cases then surface as langchain4j reports them.
 */
public final class ObservedHttpClientBuilder implements HttpClientBuilder {

    private final HttpClientBuilder delegate;
    private Duration fixedConnectTimeout;

    private ObservedHttpClientBuilder(HttpClientBuilder delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** langchain4j's JDK client over a JDK client whose response heads Vernier can see. */
    public static ObservedHttpClientBuilder jdk() {
        return new ObservedHttpClientBuilder(
                JdkHttpClient.builder().httpClientBuilder(TappedJdkHttpClient.tappedBuilder()));
    }

    /**
     * Another langchain4j HTTP client, observed at the event level only: response heads (and so
     * {@code Retry-After}) are seen only through {@link #jdk()}.
     */
    public static ObservedHttpClientBuilder wrapping(HttpClientBuilder other) {
        return new ObservedHttpClientBuilder(other);
    }

    /**
     * Keeps this connect timeout whatever the model's builder sets (langchain4j-open-ai and
     * langchain4j-ollama set one {@code timeout} for connecting and for waiting for the response;
     * Vernier's {@code connect_timeout_ms} means the first alone).
     */
    public ObservedHttpClientBuilder withFixedConnectTimeout(Duration timeout) {
        this.fixedConnectTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    @Override
    public Duration connectTimeout() {
        return fixedConnectTimeout != null ? fixedConnectTimeout : delegate.connectTimeout();
    }

    @Override
    public ObservedHttpClientBuilder connectTimeout(Duration timeout) {
        delegate.connectTimeout(timeout);
        return this;
    }

    @Override
    public Duration readTimeout() {
        return delegate.readTimeout();
    }

    @Override
    public ObservedHttpClientBuilder readTimeout(Duration timeout) {
        delegate.readTimeout(timeout);
        return this;
    }

    @Override
    public HttpClient build() {
        if (fixedConnectTimeout != null) {
            delegate.connectTimeout(fixedConnectTimeout);
        }
        return new ObservedHttpClient(delegate.build());
    }
}
