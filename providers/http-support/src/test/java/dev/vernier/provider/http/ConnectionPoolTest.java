package dev.vernier.provider.http;

import static dev.vernier.provider.http.ScriptedServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The transport's keep-alive pool: the per-host cap, the idle timeout, servers that close kept-alive connections. */
class ConnectionPoolTest {

    private static final int TOKENS = 4;

    private static StreamingSimulator simulator(Duration ttft) throws Exception {
        StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(ttft)
                .withInterTokenDelay(Duration.ofMillis(1))
                .withTokens(TOKENS));
        simulator.start();
        return simulator;
    }

    private static Completion send(StreamingHttp http, String base, RecordingSink sink) throws Exception {
        return http.stream(Chat.target(http, base), Chat.body(TOKENS), Chat.Sse::new, sink)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void at_the_per_host_cap_requests_wait_for_a_connection_and_the_wait_is_reported() throws Exception {
        try (StreamingSimulator simulator = simulator(Duration.ofMillis(100));
                StreamingHttp http = Chat.client(
                        simulator.openAiBaseUrl(), ConnectionOptions.DEFAULTS.withMaxConnectionsPerHost(2))) {
            String base = simulator.openAiBaseUrl();
            List<RecordingSink> sinks = new ArrayList<>();
            List<CompletableFuture<Completion>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RecordingSink sink = new RecordingSink();
                sinks.add(sink);
                results.add(http.stream(Chat.target(http, base), Chat.body(TOKENS), Chat.Sse::new, sink));
            }
            for (CompletableFuture<Completion> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS).failure()).isNull();
            }
            assertThat(http.connectionsOpened()).as("never more than the cap").isEqualTo(2);
            List<ConnectionPhases> phases =
                    sinks.stream().map(s -> s.connections().get(0)).toList();
            assertThat(phases).filteredOn(p -> !p.reused()).hasSize(2);
            // four waited for one of the two, each at least one response (100 ms TTFT) long
            assertThat(phases)
                    .filteredOn(ConnectionPhases::reused)
                    .hasSize(4)
                    .allSatisfy(p -> assertThat(p.waitNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(80)));
        }
    }

    @Test
    void an_idle_connection_is_closed_after_the_idle_timeout_and_the_next_request_opens_a_new_one() throws Exception {
        try (StreamingSimulator simulator = simulator(Duration.ofMillis(1));
                StreamingHttp http = Chat.client(
                        simulator.openAiBaseUrl(),
                        ConnectionOptions.DEFAULTS.withIdleTimeout(Duration.ofMillis(200)))) {
            String base = simulator.openAiBaseUrl();
            assertThat(send(http, base, new RecordingSink()).failure()).isNull();
            assertThat(http.idleConnections()).isEqualTo(1);
            RecordingSink soon = new RecordingSink();
            assertThat(send(http, base, soon).failure()).isNull();
            assertThat(soon.connections().get(0).reused())
                    .as("within the idle timeout")
                    .isTrue();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (http.idleConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(http.idleConnections()).as("closed by the idle timeout").isZero();
            RecordingSink later = new RecordingSink();
            assertThat(send(http, base, later).failure()).isNull();
            assertThat(later.connections().get(0).reused()).isFalse();
            assertThat(http.connectionsOpened()).isEqualTo(2);
        }
    }

    /** A keep-alive answer with one content chunk "x" and [DONE]. */
    private static final byte[] RESPONSE =
            ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 61"
                    + "\r\n\r\ndata: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\ndata: [DONE]\n\n");

    /** Answers with {@link #RESPONSE}, then closes the connection {@code closeAfterMs} later without reading more. */
    private static ScriptedServer closingServer(long closeAfterMs) throws Exception {
        return new ScriptedServer((i, request, out) -> {
            out.write(RESPONSE);
            out.flush();
            Thread.sleep(closeAfterMs);
            return false;
        });
    }

    @Test
    void a_kept_alive_connection_the_server_closed_between_requests_is_not_reused_and_nothing_fails() throws Exception {
        // keep-alive answers, then the server closes the connection 20 ms later (as a server's own idle
        // timeout does); the client's next request comes after the close
        try (ScriptedServer server = closingServer(20);
                StreamingHttp http = Chat.client(server.baseUrl(), ConnectionOptions.DEFAULTS)) {
            for (int i = 0; i < 3; i++) {
                RecordingSink sink = new RecordingSink();
                Completion completion = send(http, server.baseUrl(), sink);
                assertThat(completion.failure()).as("request %d", i).isNull();
                assertThat(completion.attempts()).isEqualTo(1);
                assertThat(sink.text()).isEqualTo("x");
                Thread.sleep(150);
            }
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void a_request_sent_on_a_connection_the_server_is_closing_is_sent_again_on_a_fresh_one_as_the_same_attempt()
            throws Exception {
        // answers each connection's first request, then closes it 50 ms later without reading more: the
        // next request, sent at once on the pooled connection, gets no answer there
        try (ScriptedServer server = closingServer(50);
                StreamingHttp http = Chat.client(server.baseUrl(), ConnectionOptions.DEFAULTS)) {
            for (int i = 0; i < 3; i++) {
                RecordingSink sink = new RecordingSink();
                Completion completion = send(http, server.baseUrl(), sink);
                assertThat(completion.failure()).as("request %d", i).isNull();
                assertThat(completion.attempts())
                        .as("the resend is not a retry")
                        .isEqualTo(1);
                assertThat(sink.text()).isEqualTo("x");
                assertThat(sink.events()).doesNotContain("attempt 2");
                if (i > 0) {
                    assertThat(sink.connections())
                            .as("first the pooled connection, then a fresh one")
                            .extracting(ConnectionPhases::reused)
                            .containsExactly(true, false);
                }
            }
            assertThat(http.connectionsOpened()).isEqualTo(3);
        }
    }
}
