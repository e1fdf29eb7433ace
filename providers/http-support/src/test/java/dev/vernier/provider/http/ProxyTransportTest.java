package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FailureKind;
import dev.vernier.testkit.HttpProxyServer;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import dev.vernier.testkit.TestCertificates;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests through a real HTTP proxy on 127.0.0.1 (the testkit's): CONNECT tunnels for https, forwarding for http. */
class ProxyTransportTest {

    private static final int TOKENS = 6;

    @TempDir
    Path dir;

    private static StreamingSimulator simulator(SSLContext tls) throws Exception {
        StreamingSimulator simulator = new StreamingSimulator(
                SimulatorConfig.defaults()
                        .withTtft(Duration.ofMillis(2))
                        .withInterTokenDelay(Duration.ofMillis(1))
                        .withTokens(TOKENS),
                tls);
        simulator.start();
        return simulator;
    }

    private static Completion send(StreamingHttp http, String base, RecordingSink sink) throws Exception {
        return http.stream(Chat.target(http, base), Chat.body(TOKENS), Chat.Sse::new, sink)
                .get(10, TimeUnit.SECONDS);
    }

    private static ProxyRules proxyOption(String url, Map<String, String> env) throws Exception {
        return ProxyRules.parse(url, env::get);
    }

    @Test
    void https_goes_through_one_connect_tunnel_that_is_kept_alive() throws Exception {
        TestCertificates ca = TestCertificates.authority("proxy test CA");
        Path caFile = ca.writeCaPem(dir.resolve("ca.pem"));
        try (HttpProxyServer proxy = HttpProxyServer.start();
                StreamingSimulator simulator = simulator(ca.serverContext());
                StreamingHttp http = Chat.client(
                        simulator.openAiBaseUrl(),
                        ConnectionOptions.DEFAULTS
                                .withCaFile(caFile)
                                .withProxies(proxyOption(proxy.url(), Map.of())))) {
            String expected = String.join("", simulator.expectedTokens(TOKENS));
            for (int i = 0; i < 3; i++) {
                RecordingSink sink = new RecordingSink();
                Completion completion = send(http, simulator.openAiBaseUrl(), sink);
                assertThat(completion.failure()).isNull();
                assertThat(sink.text()).isEqualTo(expected);
                if (i == 0) {
                    assertThat(sink.connections().get(0).tlsNanos())
                            .as("tunnel and handshake")
                            .isPositive();
                }
            }
            assertThat(proxy.tunnels()).isEqualTo(1);
            assertThat(proxy.targets()).containsExactly("127.0.0.1:" + simulator.port());
            assertThat(simulator.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void http_is_forwarded_with_its_absolute_url_and_proxy_credentials() throws Exception {
        try (HttpProxyServer proxy = HttpProxyServer.startWithCredentials("alice", "s3cret-proxy-pass");
                StreamingSimulator simulator = simulator(null);
                StreamingHttp http = Chat.client(
                        simulator.openAiBaseUrl(),
                        ConnectionOptions.DEFAULTS.withProxies(
                                proxyOption("http://alice:s3cret-proxy-pass@127.0.0.1:" + proxy.port(), Map.of())))) {
            for (int i = 0; i < 2; i++) {
                RecordingSink sink = new RecordingSink();
                assertThat(send(http, simulator.openAiBaseUrl(), sink).failure())
                        .isNull();
                assertThat(sink.text()).isEqualTo(String.join("", simulator.expectedTokens(TOKENS)));
            }
            assertThat(proxy.forwarded()).isEqualTo(2);
            assertThat(proxy.refused()).isZero();
            assertThat(proxy.connections()).as("kept alive through the proxy").isEqualTo(1);
        }
    }

    @Test
    void a_tunnel_the_proxy_refuses_for_want_of_credentials_fails_the_request_without_showing_them() throws Exception {
        TestCertificates ca = TestCertificates.authority("proxy test CA");
        try (HttpProxyServer proxy = HttpProxyServer.startWithCredentials("alice", "right");
                StreamingSimulator simulator = simulator(ca.serverContext());
                StreamingHttp http = Chat.client(
                        simulator.openAiBaseUrl(),
                        ConnectionOptions.DEFAULTS.withProxies(
                                proxyOption("http://alice:wrong-pass-123@127.0.0.1:" + proxy.port(), Map.of())))) {
            Completion completion = send(http, simulator.openAiBaseUrl(), new RecordingSink());
            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(completion.failure().message()).contains("407").doesNotContain("wrong-pass-123");
            assertThat(proxy.refused()).isEqualTo(1);
            assertThat(simulator.requestCount()).isZero();
        }
    }

    @Test
    void no_proxy_hosts_are_reached_directly_and_the_others_through_the_proxy() throws Exception {
        try (HttpProxyServer proxy = HttpProxyServer.start();
                StreamingSimulator simulator = simulator(null)) {
            ProxyRules rules = proxyOption(proxy.url(), Map.of("NO_PROXY", "example.com, localhost"));
            String direct = "http://localhost:" + simulator.port() + "/v1";
            String proxied = simulator.openAiBaseUrl();
            try (StreamingHttp http = Chat.client(direct, ConnectionOptions.DEFAULTS.withProxies(rules))) {
                assertThat(send(http, direct, new RecordingSink()).failure()).isNull();
                assertThat(proxy.connections()).as("localhost is in NO_PROXY").isZero();
                assertThat(send(http, proxied, new RecordingSink()).failure()).isNull();
                assertThat(proxy.forwarded()).as("127.0.0.1 is not").isEqualTo(1);
            }
        }
    }

    @Test
    void a_proxy_that_is_not_running_is_a_connection_failure_naming_the_proxy() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (StreamingSimulator simulator = simulator(null);
                StreamingHttp http = Chat.client(
                        simulator.openAiBaseUrl(),
                        ConnectionOptions.DEFAULTS.withProxies(proxyOption("http://127.0.0.1:" + port, Map.of())))) {
            Completion completion = send(http, simulator.openAiBaseUrl(), new RecordingSink());
            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(completion.failure().message()).contains("proxy http://127.0.0.1:" + port);
        }
    }
}
