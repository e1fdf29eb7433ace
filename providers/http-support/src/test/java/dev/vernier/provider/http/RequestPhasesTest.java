package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the transport tells the sink about each attempt: connection phases, then the request write, then output. */
class RequestPhasesTest {

    @Test
    void a_new_connection_reports_its_phases_then_the_write_moments_before_the_first_chunk() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults()
                        .withTtft(Duration.ofMillis(30))
                        .withInterTokenDelay(Duration.ofMillis(1))
                        .withTokens(3));
                StreamingHttp http = Chat.client(startAndBase(simulator), ConnectionOptions.DEFAULTS)) {
            String base = simulator.openAiBaseUrl();
            RecordingSink first = new RecordingSink();
            Completion completion = http.stream(Chat.target(http, base), Chat.body(3), Chat.Sse::new, first)
                    .get(10, TimeUnit.SECONDS);
            assertThat(completion.failure()).isNull();
            assertThat(first.events()).containsExactly("connection", "writing", "written", "chunk");
            ConnectionPhases phases = first.connections().get(0);
            assertThat(phases.reused()).isFalse();
            assertThat(phases.dnsNanos()).as("an IP address is not looked up").isEqualTo(-1);
            assertThat(phases.connectNanos()).isPositive().isLessThan(TimeUnit.SECONDS.toNanos(2));
            assertThat(phases.tlsNanos()).as("plain http").isEqualTo(-1);
            assertThat(phases.waitNanos()).isGreaterThanOrEqualTo(0).isLessThan(TimeUnit.SECONDS.toNanos(1));
            assertThat(first.writingNanos()).isLessThanOrEqualTo(first.writtenNanos());
            long ttftFromWrite = first.nanos().get(0) - first.writingNanos();
            assertThat(ttftFromWrite)
                    .as("the first chunk comes at least the server's 30 ms after the write began")
                    .isBetween(TimeUnit.MILLISECONDS.toNanos(29), TimeUnit.SECONDS.toNanos(5));

            RecordingSink second = new RecordingSink();
            assertThat(http.stream(Chat.target(http, base), Chat.body(3), Chat.Sse::new, second)
                            .get(10, TimeUnit.SECONDS)
                            .failure())
                    .isNull();
            ConnectionPhases reused = second.connections().get(0);
            assertThat(reused.reused()).isTrue();
            assertThat(reused.dnsNanos()).isEqualTo(-1);
            assertThat(reused.connectNanos()).isEqualTo(-1);
            assertThat(reused.tlsNanos()).isEqualTo(-1);
            assertThat(second.events()).containsExactly("connection", "writing", "written", "chunk");
        }
    }

    @Test
    void a_host_name_is_resolved_and_its_lookup_timed() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(
                        SimulatorConfig.defaults().withTtft(Duration.ZERO).withTokens(2));
                StreamingHttp http = Chat.client(startAndBase(simulator), ConnectionOptions.DEFAULTS)) {
            String base = "http://localhost:" + simulator.port() + "/v1";
            RecordingSink sink = new RecordingSink();
            Completion completion = http.stream(Chat.target(http, base), Chat.body(2), Chat.Sse::new, sink)
                    .get(10, TimeUnit.SECONDS);
            assertThat(completion.failure()).isNull();
            assertThat(sink.connections().get(0).dnsNanos()).isPositive();
        }
    }

    @Test
    void a_retried_attempt_reports_its_own_connection_after_the_attempt_starts() throws Exception {
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
                    String body = "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\ndata: [DONE]\n\n";
                    out.write(ScriptedServer.ascii(
                            i == 0
                                    ? "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
                                    : "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
                    out.flush();
                    return true;
                });
                StreamingHttp http = new StreamingHttp(
                        new StreamSettings(
                                URI.create(server.baseUrl()),
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(5),
                                RetryPolicy.standard(1).withBaseDelay(Duration.ofMillis(10))),
                        HttpFailures.of("test", URI.create(server.baseUrl()), ""))) {
            RecordingSink sink = new RecordingSink();
            Completion completion = http.stream(Chat.target(http, server.baseUrl()), Chat.body(1), Chat.Sse::new, sink)
                    .get(10, TimeUnit.SECONDS);
            assertThat(completion.failure()).isNull();
            assertThat(completion.attempts()).isEqualTo(2);
            assertThat(sink.events())
                    .containsExactly(
                            "connection",
                            "writing",
                            "written",
                            "attempt 2",
                            "connection",
                            "writing",
                            "written",
                            "chunk");
            assertThat(sink.connections()).extracting(ConnectionPhases::reused).containsExactly(false, true);
        }
    }

    private static String startAndBase(StreamingSimulator simulator) throws Exception {
        simulator.start();
        return simulator.openAiBaseUrl();
    }
}
