package dev.vernier.provider.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every way a request can go wrong ends as a classified failure, never as an exception. */
class OpenAiProviderFailureTest {

    private static final String PATH = "/v1/chat/completions";
    private WireMockServer wiremock;
    private Provider provider;

    @BeforeEach
    void start() throws Exception {
        wiremock = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wiremock.start();
        provider = Providers.local(baseUrl(), "max_retries", 2);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + wiremock.port() + "/v1";
    }

    @AfterEach
    void stop() {
        provider.close();
        wiremock.stop();
    }

    private static String chunk(String content, String finish) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{" + (content == null ? "" : "\"content\":\"" + content + "\"")
                + "},\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    private static String goodStream() {
        return chunk("Hello", null) + chunk(" world", null) + chunk(null, "stop")
                + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":3},\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\n"
                + "data: [DONE]\n\n";
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    private Completion call(RecordingSink sink) throws Exception {
        return Providers.run(provider, sink, 64);
    }

    private Completion call() throws Exception {
        return call(new RecordingSink());
    }

    @Test
    void a_well_formed_stream_yields_text_usage_with_cached_and_reasoning_tokens() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(sse(goodStream())));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.succeeded()).isTrue();
        assertThat(sink.text()).isEqualTo("Hello world");
        assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(completion.tokens().input()).isEqualTo(5);
        assertThat(completion.tokens().output()).isEqualTo(2);
        assertThat(completion.tokens().cachedInput()).isEqualTo(3);
        assertThat(completion.tokens().reasoning()).isEqualTo(1);
    }

    @Test
    void a_stream_without_usage_counts_content_chunks_as_an_estimate() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(sse(
                chunk("a", null) + chunk("b", null) + chunk("c", "length") + "data: [DONE]\n\n")));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(completion.tokens().output()).isEqualTo(3);
        assertThat(completion.tokens().outputSource()).isEqualTo(dev.vernier.core.api.CountSource.ESTIMATE);
        assertThat(completion.tokens().input()).isEqualTo(-1);
    }

    @Test
    void status_401_is_an_authentication_failure_not_retried_and_never_shows_the_key() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + Providers.FAKE_KEY
                        + ". You can find your API key at https://platform.openai.com/account/api-keys.\","
                        + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(completion.failure().httpStatus()).isEqualTo(401);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.failure().message()).contains("Incorrect API key").doesNotContain(Providers.FAKE_KEY)
                .doesNotContain("1234567890abcdef");
        assertThat(completion.attempts()).isEqualTo(1);
        wiremock.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void status_403_is_an_authentication_failure() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(403).withBody("forbidden")));

        assertThat(call().failure().kind()).isEqualTo(FailureKind.AUTHENTICATION);
    }

    @Test
    void status_404_is_not_found() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(404)
                .withBody("{\"error\":{\"message\":\"The model `nope` does not exist\",\"type\":\"invalid_request_error\"}}")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.NOT_FOUND);
        assertThat(completion.failure().message()).contains("does not exist");
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void status_400_is_an_http_status_failure_not_retried() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(400).withBody("{\"error\":\"bad\"}")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.HTTP_STATUS);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void status_429_with_retry_after_is_retried_after_the_given_seconds_and_then_succeeds() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")
                        .withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"))
                .willSetStateTo("allowed"));
        wiremock.stubFor(post(urlEqualTo(PATH)).inScenario("rate").whenScenarioStateIs("allowed")
                .willReturn(sse(goodStream())));

        long start = System.nanoTime();
        Completion completion = call();
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.attempts()).isEqualTo(2);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(1000);
        assertThat(completion.providerStats()).containsEntry("retry_wait_ms", 1000.0);
    }

    @Test
    void status_429_for_an_exhausted_quota_is_not_retried() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(429)
                .withBody("{\"error\":{\"message\":\"You exceeded your current quota\",\"code\":\"insufficient_quota\"}}")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(completion.failure().retryable()).isFalse();
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void status_500_is_retried_and_the_second_attempt_succeeds() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}"))
                .willSetStateTo("healthy"));
        wiremock.stubFor(post(urlEqualTo(PATH)).inScenario("flaky").whenScenarioStateIs("healthy")
                .willReturn(sse(goodStream())));

        Completion completion = call();

        assertThat(completion.succeeded()).isTrue();
        assertThat(completion.attempts()).isEqualTo(2);
    }

    @Test
    void status_503_every_time_exhausts_the_retries_as_a_server_error() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503).withBody("overloaded")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().httpStatus()).isEqualTo(503);
        assertThat(completion.failure().retryable()).isTrue();
        assertThat(completion.attempts()).isEqualTo(3);
        wiremock.verify(3, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void a_closed_port_is_a_connection_failure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (Provider refused = Providers.local("http://127.0.0.1:" + closedPort + "/v1")) {
            Completion completion = Providers.run(refused, new RecordingSink(), 16);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(completion.failure().message()).contains("127.0.0.1:" + closedPort);
            assertThat(completion.attempts()).isEqualTo(1);
        }
    }

    @Test
    void a_connection_reset_by_the_server_is_a_connection_failure() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(call().failure().kind()).isEqualTo(FailureKind.CONNECTION);
    }

    @Test
    void a_reset_after_content_has_streamed_is_a_connection_failure_keeping_the_chunks() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    for (String text : new String[] {"one", " two"}) {
                        byte[] event = chunk(text, null).getBytes(StandardCharsets.UTF_8);
                        out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(event);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    Thread.sleep(100);
                    socket.setSoLinger(true, 0); // close with RST
                } catch (Exception e) {
                    // test server: the assertion below tells what went wrong
                }
            });
            serverThread.start();
            try (Provider resetting = Providers.local("http://127.0.0.1:" + server.getLocalPort() + "/v1")) {
                RecordingSink sink = new RecordingSink();

                Completion completion = Providers.run(resetting, sink, 16);

                assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
                assertThat(sink.text()).isEqualTo("one two");
                assertThat(completion.attempts()).isEqualTo(1);
                assertThat(completion.tokens().output()).isEqualTo(2);
            }
            serverThread.join(2000);
        }
    }

    @Test
    void a_malformed_chunk_mid_stream_is_a_malformed_response() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(sse(chunk("fine", null)
                + "data: {\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"bro\n\n" + chunk(null, "stop") + "data: [DONE]\n\n")));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
        assertThat(sink.chunks()).containsExactly("fine");
        assertThat(completion.attempts()).isEqualTo(1);
    }

    @Test
    void an_empty_200_body_is_an_empty_response() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody("")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.EMPTY_RESPONSE);
        assertThat(completion.failure().httpStatus()).isEqualTo(200);
    }

    @Test
    void a_stream_that_ends_without_finish_reason_or_done_is_a_malformed_response() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(sse(chunk("half", null) + chunk(" an answer", null))));
        RecordingSink sink = new RecordingSink();

        Completion completion = call(sink);

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
        assertThat(completion.failure().message()).contains("without finish_reason");
        assertThat(sink.text()).isEqualTo("half an answer");
    }

    @Test
    void an_error_event_inside_the_stream_is_a_server_error() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(sse(chunk("x", null)
                + "data: {\"error\":{\"message\":\"The server had an error while processing your request\"}}\n\n")));

        Completion completion = call();

        assertThat(completion.failure().kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(completion.failure().message()).contains("server had an error");
    }

    @Test
    void a_server_that_stalls_past_the_first_token_limit_is_a_first_token_timeout() throws Exception {
        wiremock.stubFor(post(urlEqualTo(PATH)).willReturn(sse(goodStream()).withFixedDelay(2_000)));

        try (Provider impatient = Providers.local(baseUrl(), "first_token_timeout_ms", 300)) {
            long start = System.nanoTime();
            Completion completion = Providers.run(impatient, new RecordingSink(), 64);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.FIRST_TOKEN_TIMEOUT);
            assertThat(completion.failure().message()).contains("300 ms");
            assertThat(elapsedMs).isBetween(250L, 1_500L);
            assertThat(completion.attempts()).isEqualTo(1);
        }
    }
}
