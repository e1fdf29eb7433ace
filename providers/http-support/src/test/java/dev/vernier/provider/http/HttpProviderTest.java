package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpProviderTest {

    private static final GenerationRequest REQUEST = new GenerationRequest("r1", "hi", null, 0.0, 10, null);
    private static final TokenSink SINK = new TokenSink() {
        @Override
        public void onChunk(String text, int tokens) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    record AcmeSettings(String model, TransportOptions transport) implements HttpProviderSettings {
    }

    /** Needs a key when {@code keyRequired}; {@code send} counts its calls and then does {@code outcome}. */
    static final class AcmeProvider extends HttpProvider<AcmeSettings> {
        final AtomicInteger sent = new AtomicInteger();
        private final boolean keyRequired;
        private final Runnable outcome;

        AcmeProvider(String apiKey, boolean keyRequired, Runnable outcome) {
            super("acme:m", new AcmeSettings("m", new TransportOptions(URI.create("http://127.0.0.1:9"),
                    Duration.ofSeconds(1), Duration.ZERO, 0, Duration.ofMillis(200))), apiKey,
                    s -> HttpFailures.of("acme", s.baseUrl(), "check the key"));
            this.keyRequired = keyRequired;
            this.outcome = outcome;
        }

        @Override
        public AccessMode accessMode() {
            return AccessMode.PROPRIETARY_API;
        }

        @Override
        public ModelFacts describe() {
            return null;
        }

        @Override
        protected String missingKey() {
            return keyRequired && apiKey == null ? noKey("set ACME_API_KEY") : null;
        }

        @Override
        protected CompletionStage<Completion> send(GenerationRequest request, TokenSink sink) {
            sent.incrementAndGet();
            outcome.run();
            return CompletableFuture.completedFuture(Completion.success(FinishReason.STOP, TokenCounts.UNKNOWN));
        }
    }

    private static Completion generate(AcmeProvider provider) throws Exception {
        return provider.generate(REQUEST, SINK).toCompletableFuture().get();
    }

    @Test
    void a_missing_required_key_makes_every_request_unavailable_without_sending_it() throws Exception {
        try (AcmeProvider provider = new AcmeProvider(null, true, () -> { })) {
            Completion completion = generate(provider);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.UNAVAILABLE);
            assertThat(completion.failure().retryable()).isFalse();
            assertThat(completion.failure().message()).isEqualTo("acme: no API key — set ACME_API_KEY");
            assertThat(provider.unavailableReason()).isEqualTo("acme: no API key — set ACME_API_KEY");
            assertThat(provider.sent).hasValue(0);
        }
    }

    @Test
    void with_the_key_or_without_a_required_one_requests_are_sent_and_the_provider_is_available() throws Exception {
        try (AcmeProvider keyed = new AcmeProvider("acme-key-123", true, () -> { });
             AcmeProvider keyless = new AcmeProvider(null, false, () -> { })) {
            assertThat(generate(keyed).succeeded()).isTrue();
            assertThat(generate(keyless).succeeded()).isTrue();
            assertThat(keyed.unavailableReason()).isNull();
            assertThat(keyless.unavailableReason()).isNull();
            assertThat(keyed.sent).hasValue(1);
            assertThat(keyless.sent).hasValue(1);
            assertThat(keyed.id()).isEqualTo("acme:m");
        }
    }

    @Test
    void an_exception_while_building_a_request_is_a_failed_completion_not_a_throw() throws Exception {
        try (AcmeProvider provider = new AcmeProvider("acme-key-123", true, () -> {
            throw new IllegalArgumentException("bad header value");
        })) {
            Completion completion = generate(provider);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.PROVIDER_ERROR);
            assertThat(completion.failure().message()).isEqualTo("IllegalArgumentException: bad header value");
        }
    }
}
