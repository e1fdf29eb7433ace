package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FailureKind;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** {@link StreamingHttp} over its Netty transport, against the testkit's streaming simulator and raw sockets. */
class StreamingHttpTest {

    private static final int TOKENS = 16;

    private static StreamingHttp client(String baseUrl) {
        URI base = URI.create(baseUrl);
        StreamSettings settings =
                new StreamSettings(base, Duration.ofSeconds(2), Duration.ofSeconds(5), RetryPolicy.standard(0));
        return new StreamingHttp(settings, HttpFailures.of("test", base, ""));
    }

    private static byte[] chatBody() {
        return Chat.body(TOKENS);
    }

    private static HttpRequest chat(String baseUrl) {
        byte[] body = chatBody();
        return HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer not-a-key")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static StreamingSimulator simulator(Duration ttft, Duration gap) throws IOException {
        StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(ttft)
                .withInterTokenDelay(gap)
                .withTokens(TOKENS));
        simulator.start();
        return simulator;
    }

    @Test
    void sequential_streams_reuse_one_kept_alive_connection() throws Exception {
        try (StreamingSimulator simulator = simulator(Duration.ofMillis(2), Duration.ofMillis(1));
                StreamingHttp http = client(simulator.openAiBaseUrl())) {
            String expected = String.join("", simulator.expectedTokens(TOKENS));
            for (int i = 0; i < 10; i++) {
                RecordingSink sink = new RecordingSink();
                Completion completion = http.stream(chat(simulator.openAiBaseUrl()), Chat.Sse::new, sink)
                        .get(10, TimeUnit.SECONDS);
                assertThat(completion.failure()).as("request %d", i).isNull();
                assertThat(sink.text()).isEqualTo(expected);
                assertThat(sink.chunks()).hasSize(TOKENS);
            }
            assertThat(simulator.requestCount()).isEqualTo(10);
            assertThat(http.connectionsOpened()).as("connections opened").isEqualTo(1);
        }
    }

    @Test
    void sixty_four_concurrent_streams_all_complete_in_order() throws Exception {
        try (StreamingSimulator simulator = simulator(Duration.ofMillis(50), Duration.ofMillis(5));
                StreamingHttp http = client(simulator.openAiBaseUrl())) {
            String expected = String.join("", simulator.expectedTokens(TOKENS));
            for (int round = 0; round < 2; round++) {
                List<RecordingSink> sinks = new ArrayList<>();
                List<CompletableFuture<Completion>> results = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    RecordingSink sink = new RecordingSink();
                    sinks.add(sink);
                    results.add(http.stream(chat(simulator.openAiBaseUrl()), Chat.Sse::new, sink));
                }
                for (int i = 0; i < 64; i++) {
                    Completion completion = results.get(i).get(20, TimeUnit.SECONDS);
                    assertThat(completion.failure()).as("stream %d", i).isNull();
                    assertThat(completion.attempts()).isEqualTo(1);
                    assertThat(sinks.get(i).text()).as("stream %d", i).isEqualTo(expected);
                }
            }
            assertThat(simulator.requestCount()).isEqualTo(128);
            // At most 64 streams are open at once, so 128 requests need at most 64 connections plus a
            // few replaced ones; fewer than 64 is fine (on a loaded machine early streams of a round
            // can finish before its last requests are sent, and their connections are reused).
            assertThat(http.connectionsOpened())
                    .as("the second round reuses the first round's connections")
                    .isBetween(1L, 80L);
        }
    }

    @Test
    void a_pooled_connection_the_server_closed_is_replaced_without_failing_the_request() throws Exception {
        // answers each connection's first request, then closes it 50 ms later without reading more: the
        // next request, sent at once on the pooled connection, gets no answer there and must be sent
        // again on a fresh connection rather than fail
        String response = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 45\r\n\r\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}"; // 45 bytes, no [DONE] needed below
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        readHead(socket.getInputStream());
                        OutputStream out = socket.getOutputStream();
                        out.write(response.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(50);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            serving.setDaemon(true);
            serving.start();
            String base = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
            try (StreamingHttp http = client(base)) {
                for (int i = 0; i < 3; i++) {
                    RecordingSink sink = new RecordingSink();
                    Completion completion =
                            http.stream(chat(base), Chat.Sse::new, sink).get(10, TimeUnit.SECONDS);
                    // no [DONE]: the decoder calls it malformed, but the body itself arrived intact
                    assertThat(completion.failure()).isNotNull();
                    assertThat(completion.failure().kind())
                            .as("request %d", i)
                            .isEqualTo(FailureKind.MALFORMED_RESPONSE);
                    assertThat(sink.text()).isEqualTo("x");
                    assertThat(completion.attempts())
                            .as("the resend is not a retry of the attempt")
                            .isEqualTo(1);
                }
                assertThat(http.connectionsOpened()).isEqualTo(3);
            }
        }
    }

    @Test
    void a_closed_port_is_a_connection_failure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port + "/v1";
        try (StreamingHttp http = client(base)) {
            Completion completion =
                    http.stream(chat(base), Chat.Sse::new, new RecordingSink()).get(10, TimeUnit.SECONDS);
            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(completion.failure().retryable()).isFalse();
            assertThat(http.probe(URI.create(base + "/models"), Map.of(), base, "start it"))
                    .contains("no server at " + base);
        }
    }

    @Test
    void probe_finds_a_running_server() throws Exception {
        try (StreamingSimulator simulator = simulator(Duration.ofMillis(1), Duration.ofMillis(1));
                StreamingHttp http = client(simulator.openAiBaseUrl())) {
            assertThat(http.probe(
                            URI.create(simulator.openAiBaseUrl() + "/models"),
                            Map.of(),
                            simulator.openAiBaseUrl(),
                            "start it"))
                    .isNull();
        }
    }

    @Test
    void a_body_left_open_after_the_end_marker_ends_the_stream_after_the_grace() throws Exception {
        String chunked = chunk("data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n") + chunk("data: [DONE]\n\n");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicReference<Socket> held =
                    holdOpen(server, CHUNKED_HEAD + chunked); // the closing 0-size chunk never comes
            String base = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
            try (StreamingHttp http = client(base)) {
                RecordingSink sink = new RecordingSink();
                long start = System.nanoTime();
                Completion completion =
                        http.stream(chat(base), Chat.Sse::new, sink).get(10, TimeUnit.SECONDS);
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(completion.failure()).isNull();
                assertThat(sink.text()).isEqualTo("x");
                assertThat(elapsedMs)
                        .as("one second of grace, checked every %d ms", StreamingHttp.SWEEP_MS)
                        .isBetween(1_000L, 1_000L + StreamingHttp.SWEEP_MS + 1_000L);
            } finally {
                closeQuietly(held.get());
            }
        }
    }

    @Test
    void a_stream_the_harness_abandons_stops_within_a_sweep_of_it() throws Exception {
        String chunked = chunk("data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n"); // then silence
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            AtomicReference<Socket> held = holdOpen(server, CHUNKED_HEAD + chunked);
            String base = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
            try (StreamingHttp http = client(base)) {
                RecordingSink sink = new RecordingSink();
                CompletableFuture<Completion> result = http.stream(chat(base), Chat.Sse::new, sink);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (sink.chunks().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(sink.text()).isEqualTo("x");
                assertThat(result).isNotDone();
                long cancelledAt = System.nanoTime();
                sink.cancel();
                Completion completion = result.get(10, TimeUnit.SECONDS);
                long elapsedMs = (System.nanoTime() - cancelledAt) / 1_000_000;
                assertThat(completion.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
                assertThat(completion.failure().message()).contains("abandoned by the harness");
                assertThat(elapsedMs).isLessThan(StreamingHttp.SWEEP_MS + 1_000L);
            } finally {
                closeQuietly(held.get());
            }
        }
    }

    @Test
    void a_prepared_target_sends_byte_for_byte_what_the_same_jdk_request_description_sends_and_streams_alike()
            throws Exception {
        String answer = CHUNKED_HEAD + chunk("data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n")
                + chunk("data: [DONE]\n\n") + "0\r\n\r\n";
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    while (true) {
                        String request = ScriptedServer.read(in);
                        if (request == null) {
                            return;
                        }
                        received.add(request);
                        out.write(answer.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException e) {
                    // the client closed
                }
            });
            serving.setDaemon(true);
            serving.start();
            String base = "http://127.0.0.1:" + server.getLocalPort() + "/v1";
            HttpRequest jdkRequest = chat(base);
            byte[] body = chatBody();
            try (StreamingHttp http = client(base)) {
                StreamingHttp.Target target = http.target(
                        URI.create(base + "/chat/completions"),
                        Map.of(
                                "Content-Type",
                                "application/json",
                                "Accept",
                                "text/event-stream",
                                "Authorization",
                                "Bearer not-a-key"));
                RecordingSink viaJdk = new RecordingSink();
                RecordingSink viaTarget = new RecordingSink();
                Completion first =
                        http.stream(jdkRequest, Chat.Sse::new, viaJdk).get(10, TimeUnit.SECONDS);
                Completion second =
                        http.stream(target, body, Chat.Sse::new, viaTarget).get(10, TimeUnit.SECONDS);
                assertThat(first.failure()).isNull();
                assertThat(second.failure()).isNull();
                assertThat(viaTarget.text()).isEqualTo(viaJdk.text()).isEqualTo("x");
                assertThat(received).hasSize(2);
                assertThat(received.get(1))
                        .isEqualTo(received.get(0))
                        .startsWith("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:" + server.getLocalPort()
                                + "\r\n")
                        .contains("Content-Length: " + body.length + "\r\n")
                        .endsWith("\r\n\r\n" + new String(body, StandardCharsets.UTF_8));
                assertThat(http.connectionsOpened()).isEqualTo(1);
            }
        }
    }

    @Test
    void a_target_refuses_a_header_value_with_a_line_break_so_nothing_can_be_smuggled_into_the_head() throws Exception {
        try (StreamingHttp http = client("http://127.0.0.1:9/v1")) {
            Assertions.assertThatThrownBy(() -> http.target(
                            URI.create("http://127.0.0.1:9/v1/x"), Map.of("Authorization", "Bearer k\r\nX-Evil: 1")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static final String CHUNKED_HEAD =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static String chunk(String data) {
        return Integer.toHexString(data.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + data + "\r\n";
    }

    /** Accepts one connection, answers its request with {@code response} and keeps it open (the socket, to close). */
    private static AtomicReference<Socket> holdOpen(ServerSocket server, String response) {
        AtomicReference<Socket> held = new AtomicReference<>();
        Thread serving = new Thread(() -> {
            try {
                Socket socket = server.accept();
                held.set(socket);
                readHead(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the test fails on its own assertions
            }
        });
        serving.setDaemon(true);
        serving.start();
        return held;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        // the request body (Content-Length) is left unread; closing the socket discards it
    }
}
