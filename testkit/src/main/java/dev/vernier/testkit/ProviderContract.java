package dev.vernier.testkit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.time.SystemClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance test every HTTP provider's tests extend. It runs the provider against a WireMock
 * server on 127.0.0.1 speaking the provider's {@link WireDialect}, and checks what every provider
 * must do: stream text in order and time it (through the real {@link Runner}), report usage with
 * its source and the finish reason, and turn every failure — HTTP statuses, refused and reset
 * connections, broken, empty, unfinished and stalled streams — into a {@link Completion} with the
 * right {@link FailureKind}, retried only when it should be, the key never in a message, and never
 * an exception.
 *
 * <p>A subclass supplies {@link #createProvider} and {@link #dialect()}; it may override
 * {@link #errorBody} when its API wraps errors differently. Provider-specific behaviour (extra usage
 * fields, in-stream error events, quota handling, ...) belongs in the subclass or another test class.
 *
 * <pre>{@code
 * class OllamaProviderContractTest extends ProviderContract {
 *     protected Provider createProvider(ContractSettings s) throws Exception {
 *         return new OllamaProviderFactory().create(new ProviderConfig("ollama", null, Map.of(
 *                 "model", "m", "base_url", s.serverUrl(),
 *                 "first_token_timeout_ms", s.firstTokenTimeout().toMillis(),
 *                 "max_retries", s.maxRetries(), "retry_backoff_ms", s.retryBackoff().toMillis()),
 *                 Path.of("."), Map.of("OLLAMA_API_KEY", s.apiKey())::get));
 *     }
 *     protected WireDialect dialect() {
 *         return new WireDialect("/api/chat", "application/x-ndjson", new WireDialect.Expected(...), ...);
 *     }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProviderContract {

    /** The fake key; not shaped like any vendor's key, so only registration can redact it. */
    public static final String FAKE_KEY = "vk-contract-5f2e9a7c1b3d4e6f";
    /** Retries the contract configures. */
    public static final int MAX_RETRIES = 2;
    /** First-token limit for the stall test. */
    public static final Duration SHORT_FIRST_TOKEN_TIMEOUT = Duration.ofMillis(300);

    private static final Duration DEFAULT_FIRST_TOKEN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration BACKOFF = Duration.ofMillis(10);
    private static final long CALL_LIMIT_SECONDS = 20;

    private WireMockServer server;
    private WireDialect dialect;
    private Provider provider;

    /**
     * Creates the provider under test through its real factory, configured from the settings.
     * Called for every test; the contract closes it.
     */
    protected abstract Provider createProvider(ContractSettings settings) throws Exception;

    /** The provider's wire format. */
    protected abstract WireDialect dialect();

    /**
     * An error body as the API would send it with {@code status}. The default is the common
     * {@code {"error":{"message":...}}}; the contract checks the provider surfaces {@code message}.
     */
    protected String errorBody(int status, String message) {
        return "{\"error\":{\"message\":\"" + message.replace("\"", "\\\"") + "\",\"type\":\"error_" + status + "\"}}";
    }

    /**
     * A complete non-streamed response (one JSON body, {@code application/json}) in the API's
     * documented format and what the provider must make of it, for providers that can be configured
     * not to stream ({@link ContractSettings#streaming()} false); null (the default) when the
     * provider always streams, which skips that check.
     */
    protected WireDialect.Expected nonStreamingResponse() {
        return null;
    }

    /** The settings the contract creates providers with; the server URL is the WireMock server's. */
    protected final ContractSettings settings() {
        return new ContractSettings(serverUrl(), FAKE_KEY, DEFAULT_FIRST_TOKEN_TIMEOUT, MAX_RETRIES, BACKOFF, true);
    }

    /** The WireMock server, for subclasses' own tests (reset before every test). */
    protected final WireMockServer server() {
        return server;
    }

    /** The provider created for the current test. */
    protected final Provider provider() {
        return provider;
    }

    /** {@code http://127.0.0.1:<port>} of the WireMock server. */
    protected final String serverUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    @BeforeAll
    final void startServer() {
        server =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        dialect = dialect();
    }

    @AfterAll
    final void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    final void createProviderForTest() throws Exception {
        server.resetAll();
        provider = createProvider(settings());
    }

    @AfterEach
    final void closeProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    // ------------------------------------------------------------------ helpers for subclasses too

    /** A fixed request: system "be brief", prompt "say something", temperature 0, seed 7. */
    protected static GenerationRequest request(int maxTokens) {
        return new GenerationRequest("contract-1", "say something", "be brief", 0.0, maxTokens, 7L);
    }

    /**
     * Calls the provider and waits for its completion; fails the test if {@code generate} throws or
     * its stage completes exceptionally (failures must be data).
     */
    protected static Completion call(Provider provider, RecordingSink sink) {
        try {
            return provider.generate(request(64), sink).toCompletableFuture().get(CALL_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return fail("generate must complete with a failed Completion, not exceptionally", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        } catch (Exception e) {
            return fail("generate threw or did not complete within " + CALL_LIMIT_SECONDS + " s", e);
        }
    }

    protected final Completion call(RecordingSink sink) {
        return call(provider, sink);
    }

    protected final Completion call() {
        return call(new RecordingSink());
    }

    /** Stubs every request to the dialect's path. */
    protected final void stub(ResponseDefinitionBuilder response) {
        server.stubFor(any(urlPathEqualTo(dialect.path())).willReturn(response));
    }

    /** A 200 answer with the dialect's content type and the body. */
    protected final ResponseDefinitionBuilder streamed(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", dialect.contentType())
                .withBody(body);
    }

    protected final ResponseDefinitionBuilder error(int status, String message) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(errorBody(status, message));
    }

    /** Stubs {@code first} for the first request and {@code then} for every later one. */
    protected final void stubFirstThen(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
        server.stubFor(any(urlPathEqualTo(dialect.path()))
                .inScenario("first-then")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first)
                .willSetStateTo("then"));
        server.stubFor(any(urlPathEqualTo(dialect.path()))
                .inScenario("first-then")
                .whenScenarioStateIs("then")
                .willReturn(then));
    }

    protected final void verifyRequests(int count) {
        server.verify(count, anyRequestedFor(urlPathEqualTo(dialect.path())));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ success

    @Test
    void streams_text_in_order_with_usage_and_finish_reason_timed_through_the_runner() throws Exception {
        WireDialect.Expected expected = dialect.success();
        // dribble the body out in small pieces over 300 ms so chunks arrive at distinct times
        stub(streamed(expected.body())
                .withChunkedDribbleDelay(Math.max(4, expected.body().length() / 16), 300));
        PlannedRequest planned = new PlannedRequest(0, provider.id(), "contract", "p", 0, false, request(64));
        Runner runner = new Runner(SystemClock.instance(), 1, Duration.ofSeconds(CALL_LIMIT_SECONDS));

        Runner.Outcome outcome = runner.run(new RunPlan(List.of(planned)), Map.of(provider.id(), provider), s -> {});

        assertThat(outcome.samples()).hasSize(1);
        Sample sample = outcome.samples().get(0);
        assertThat(sample.failure()).as("failure").isNull();
        assertThat(sample.text()).isEqualTo(expected.text());
        assertThat(sample.chunkNanos()).as("content chunks").hasSizeGreaterThanOrEqualTo(2);
        assertThat(sample.ttftNanos()).as("TTFT").isPositive().isLessThan(sample.e2eNanos());
        assertThat(sample.finishReason()).isEqualTo(expected.finishReason());
        assertThat(sample.tokens().input()).as("input tokens").isEqualTo(expected.inputTokens());
        assertThat(sample.tokens().output()).as("output tokens").isEqualTo(expected.outputTokens());
        assertThat(sample.tokens().inputSource()).isEqualTo(expected.usageSource());
        assertThat(sample.tokens().outputSource()).isEqualTo(expected.usageSource());
        assertThat(sample.attempts()).isEqualTo(1);
        verifyRequests(1);
    }

    @Test
    void falls_back_to_one_non_streamed_response_when_configured_not_to_stream() throws Exception {
        WireDialect.Expected expected = nonStreamingResponse();
        Assumptions.assumeTrue(expected != null, "this provider always streams");
        stub(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(expected.body()));

        try (Provider plain = createProvider(settings().withStreaming(false))) {
            RecordingSink sink = new RecordingSink();
            Completion completion = call(plain, sink);

            assertThat(completion.failure()).as("failure").isNull();
            assertThat(sink.chunks())
                    .as("the whole answer arrives as one chunk")
                    .containsExactly(expected.text());
            assertThat(completion.finishReason()).isEqualTo(expected.finishReason());
            assertThat(completion.tokens().input()).isEqualTo(expected.inputTokens());
            assertThat(completion.tokens().output()).isEqualTo(expected.outputTokens());
            assertThat(completion.tokens().outputSource()).isEqualTo(expected.usageSource());
            verifyRequests(1);
        }
    }

    // ------------------------------------------------------------------ HTTP statuses

    @Test
    void status_401_is_an_authentication_failure_not_retried_and_never_shows_the_key() {
        stub(error(401, "Incorrect API key provided: " + FAKE_KEY));

        Completion completion = call();

        assertThat(completion.failure()).isNotNull();
        assertThat(completion.failure().kind()).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(completion.failure().httpStatus()).isEqualTo(401);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.failure().message())
                .contains("Incorrect API key provided")
                .doesNotContain(FAKE_KEY);
        assertThat(completion.finishReason()).isEqualTo(FinishReason.ERROR);
        assertThat(completion.attempts()).isEqualTo(1);
        verifyRequests(1);
    }

    @Test
    void status_403_is_an_authentication_failure_not_retried_and_never_shows_the_key() {
        stub(error(403, "key " + FAKE_KEY + " may not use this model"));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(completion.failure().httpStatus()).isEqualTo(403);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.failure().message()).doesNotContain(FAKE_KEY);
        assertThat(completion.attempts()).isEqualTo(1);
        verifyRequests(1);
    }

    @Test
    void status_404_is_not_found_with_the_servers_reason() {
        stub(error(404, "The model `nope` does not exist"));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(completion.failure().httpStatus()).isEqualTo(404);
        assertThat(completion.failure().message()).contains("does not exist");
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void another_4xx_is_an_http_status_failure_not_retried() {
        stub(error(400, "bad request"));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(completion.failure().httpStatus()).isEqualTo(400);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.attempts()).isEqualTo(1);
        verifyRequests(1);
    }

    @Test
    void status_429_with_retry_after_is_retried_after_that_wait_and_then_succeeds() {
        stubFirstThen(
                error(429, "Rate limit reached").withHeader("Retry-After", "1"),
                streamed(dialect.success().body()));
        RecordingSink sink = new RecordingSink();

        long start = System.nanoTime();
        Completion completion = call(sink);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(completion.failure()).isNull();
        assertThat(completion.attempts()).isEqualTo(2);
        assertThat(sink.text()).isEqualTo(dialect.success().text());
        assertThat(elapsedMs).as("waited for Retry-After").isGreaterThanOrEqualTo(1_000);
        assertThat(completion.providerStats()).containsEntry("retry_wait_ms", 1000.0);
        verifyRequests(2);
    }

    @Test
    void a_retried_request_is_timed_from_its_successful_attempt() throws Exception {
        stubFirstThen(
                error(429, "Rate limit reached").withHeader("Retry-After", "1"),
                streamed(dialect.success().body()));
        PlannedRequest planned = new PlannedRequest(0, provider.id(), "contract", "p", 0, false, request(64));
        Runner runner = new Runner(SystemClock.instance(), 1, Duration.ofSeconds(CALL_LIMIT_SECONDS));

        Sample sample = runner.run(new RunPlan(List.of(planned)), Map.of(provider.id(), provider), s -> {})
                .samples()
                .get(0);

        assertThat(sample.failure()).isNull();
        assertThat(sample.attempts()).isEqualTo(2);
        assertThat(sample.queueNanos())
                .as("t_send - t_intended holds the failed attempt and its wait")
                .isGreaterThanOrEqualTo(1_000_000_000L);
        assertThat(sample.ttftNanos())
                .as("TTFT of the successful attempt, without the wait")
                .isPositive()
                .isLessThan(900_000_000L);
    }

    @Test
    void status_500_is_retried_and_the_second_attempt_succeeds() {
        stubFirstThen(error(500, "boom"), streamed(dialect.success().body()));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure()).isNull();
        assertThat(completion.attempts()).isEqualTo(2);
        assertThat(sink.text()).isEqualTo(dialect.success().text());
        verifyRequests(2);
    }

    @Test
    void status_503_every_time_exhausts_the_retries_as_a_retryable_server_error() {
        stub(error(503, "overloaded"));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().httpStatus()).isEqualTo(503);
        assertThat(completion.failure().retryable()).isTrue();
        assertThat(completion.attempts()).isEqualTo(MAX_RETRIES + 1);
        verifyRequests(MAX_RETRIES + 1);
    }

    // ------------------------------------------------------------------ connections

    @Test
    void a_closed_port_is_a_connection_failure_naming_the_server() throws Exception {
        int port = closedPort();
        try (Provider refused = createProvider(settings().withServerUrl("http://127.0.0.1:" + port))) {
            Completion completion = call(refused, new RecordingSink());

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(completion.failure().message()).contains("127.0.0.1:" + port);
            assertThat(completion.attempts()).isEqualTo(1);
        }
    }

    @Test
    void a_connection_reset_by_the_server_is_a_connection_failure() {
        stub(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void a_reset_after_content_has_streamed_is_a_connection_failure_keeping_the_chunks() throws Exception {
        try (ResettingServer resetting =
                        new ResettingServer(dialect.contentType(), dialect.unfinishedBody(), Duration.ofMillis(100));
                Provider cut = createProvider(settings().withServerUrl(resetting.url()))) {
            RecordingSink sink = new RecordingSink();

            Completion completion = call(cut, sink);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(sink.text()).isEqualTo(dialect.unfinishedText());
            assertThat(completion.attempts()).isEqualTo(1);
            assertThat(completion.tokens().output())
                    .as("output counted from the chunks")
                    .isEqualTo(sink.chunks().size());
        }
    }

    // ------------------------------------------------------------------ broken streams

    @Test
    void a_malformed_chunk_mid_stream_is_a_malformed_response_keeping_what_came_before() {
        stub(streamed(dialect.malformedBody()));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
        assertThat(sink.text()).isEqualTo(dialect.textBeforeBreak());
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void an_empty_200_body_is_an_empty_response() {
        stub(streamed(""));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.EMPTY_RESPONSE);
        assertThat(completion.failure().httpStatus()).isEqualTo(200);
    }

    @Test
    void a_stream_that_ends_without_a_finish_reason_is_a_malformed_response() {
        stub(streamed(dialect.unfinishedBody()));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
        assertThat(sink.text()).isEqualTo(dialect.unfinishedText());
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void a_server_that_stalls_past_the_first_token_limit_is_a_first_token_timeout() throws Exception {
        stub(streamed(dialect.success().body()).withFixedDelay(3_000));

        try (Provider impatient = createProvider(settings().withFirstTokenTimeout(SHORT_FIRST_TOKEN_TIMEOUT))) {
            long start = System.nanoTime();
            Completion completion = call(impatient, new RecordingSink());
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.FIRST_TOKEN_TIMEOUT);
            assertThat(completion.failure().message()).contains(SHORT_FIRST_TOKEN_TIMEOUT.toMillis() + " ms");
            assertThat(elapsedMs).isBetween(SHORT_FIRST_TOKEN_TIMEOUT.toMillis() - 50, 2_000L);
            assertThat(completion.attempts()).isEqualTo(1);
        }
    }
}
