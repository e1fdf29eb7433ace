package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.core.api.FailureKind;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https through the transport against the testkit's TLS simulator, whose certificate comes from a CA made here. */
class TlsTransportTest {

    private static final int TOKENS = 8;
    private static TestCertificates ca;

    @TempDir
    static Path dir;

    @BeforeAll
    static void authority() {
        ca = TestCertificates.authority("Vernier test CA");
    }

    private static StreamingSimulator tlsSimulator(SSLContext identity) throws Exception {
        StreamingSimulator simulator = new StreamingSimulator(
                SimulatorConfig.defaults()
                        .withTtft(Duration.ofMillis(5))
                        .withInterTokenDelay(Duration.ofMillis(1))
                        .withTokens(TOKENS),
                identity);
        simulator.start();
        return simulator;
    }

    private static Completion send(StreamingHttp http, String base, RecordingSink sink) throws Exception {
        return http.stream(Chat.target(http, base), Chat.body(TOKENS), Chat.Sse::new, sink)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void streams_over_https_from_a_server_of_a_private_ca_given_as_ca_file_and_reuses_the_session() throws Exception {
        Path caFile = ca.writeCaPem(dir.resolve("ca.pem"));
        try (StreamingSimulator simulator = tlsSimulator(ca.serverContext());
                StreamingHttp http =
                        Chat.client(simulator.openAiBaseUrl(), ConnectionOptions.DEFAULTS.withCaFile(caFile))) {
            String base = simulator.openAiBaseUrl();
            assertThat(base).startsWith("https://127.0.0.1:");
            String expected = String.join("", simulator.expectedTokens(TOKENS));
            RecordingSink first = new RecordingSink();
            Completion completion = send(http, base, first);
            assertThat(completion.failure()).isNull();
            assertThat(first.text()).isEqualTo(expected);
            ConnectionPhases phases = first.connections().get(0);
            assertThat(phases.reused()).isFalse();
            assertThat(phases.connectNanos()).isPositive();
            assertThat(phases.tlsNanos()).as("the handshake is its own phase").isPositive();
            assertThat(first.events()).containsExactly("connection", "writing", "written", "chunk");

            RecordingSink second = new RecordingSink();
            assertThat(send(http, base, second).failure()).isNull();
            assertThat(second.text()).isEqualTo(expected);
            assertThat(second.connections().get(0).reused()).isTrue();
            assertThat(second.connections().get(0).tlsNanos()).isEqualTo(-1);
            assertThat(http.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void a_burst_of_new_connections_is_set_up_a_group_at_a_time_and_every_stream_completes() throws Exception {
        Path caFile = ca.writeCaPem(dir.resolve("ca-burst.pem"));
        try (StreamingSimulator simulator = tlsSimulator(ca.serverContext());
                StreamingHttp http =
                        Chat.client(simulator.openAiBaseUrl(), ConnectionOptions.DEFAULTS.withCaFile(caFile))) {
            String base = simulator.openAiBaseUrl();
            List<CompletableFuture<Completion>> results = new ArrayList<>();
            for (int i = 0; i < 3 * Transport.MAX_DIALS; i++) {
                results.add(
                        http.stream(Chat.target(http, base), Chat.body(TOKENS), Chat.Sse::new, new RecordingSink()));
            }
            for (CompletableFuture<Completion> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS).failure()).isNull();
            }
            assertThat(http.mostDialing()).isEqualTo(Transport.MAX_DIALS);
        }
    }

    @Test
    void a_certificate_from_an_unknown_ca_fails_as_a_connection_failure_not_retried_that_names_ca_file()
            throws Exception {
        try (StreamingSimulator simulator = tlsSimulator(ca.serverContext());
                StreamingHttp http = Chat.client(simulator.openAiBaseUrl(), ConnectionOptions.DEFAULTS)) {
            Completion completion = send(http, simulator.openAiBaseUrl(), new RecordingSink());
            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(completion.failure().retryable()).isFalse();
            assertThat(completion.failure().message())
                    .startsWith("test: TLS with 127.0.0.1:" + simulator.port() + " failed")
                    .contains("ca_file");
            assertThat(simulator.requestCount()).isZero();
        }
    }

    @Test
    void a_certificate_for_another_host_is_refused_even_from_a_trusted_ca() throws Exception {
        Path caFile = ca.writeCaPem(dir.resolve("ca-other.pem"));
        try (StreamingSimulator simulator = tlsSimulator(ca.serverContext("api.example.com"));
                StreamingHttp http =
                        Chat.client(simulator.openAiBaseUrl(), ConnectionOptions.DEFAULTS.withCaFile(caFile))) {
            Completion completion = send(http, simulator.openAiBaseUrl(), new RecordingSink());
            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(completion.failure().retryable()).isFalse();
            assertThat(simulator.requestCount()).isZero();
        }
    }
}
