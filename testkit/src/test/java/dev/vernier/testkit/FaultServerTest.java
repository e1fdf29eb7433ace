package dev.vernier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fault server's own behaviour: fault plans, key extraction, and what goes on the wire. */
@Timeout(20)
class FaultServerTest {

    @Test
    void a_random_plan_faults_about_its_share_of_arrivals_the_same_way_for_the_same_seed() {
        FaultPlan plan = FaultPlan.random(0.05, 7, List.of(Fault.SERVER_ERROR, Fault.RESET_MID_STREAM));
        long faulted = LongStream.range(0, 100_000)
                .filter(i -> plan.faultFor(i, 1) != Fault.NONE)
                .count();
        assertThat(faulted).isBetween(4_700L, 5_300L);
        FaultPlan again = FaultPlan.random(0.05, 7, List.of(Fault.SERVER_ERROR, Fault.RESET_MID_STREAM));
        FaultPlan other = FaultPlan.random(0.05, 8, List.of(Fault.SERVER_ERROR, Fault.RESET_MID_STREAM));
        List<Fault> first =
                LongStream.range(0, 2_000).mapToObj(i -> plan.faultFor(i, 1)).toList();
        assertThat(LongStream.range(0, 2_000)
                        .mapToObj(i -> again.faultFor(i, 1))
                        .toList())
                .isEqualTo(first);
        assertThat(LongStream.range(0, 2_000)
                        .mapToObj(i -> other.faultFor(i, 1))
                        .toList())
                .isNotEqualTo(first);
        assertThat(first).contains(Fault.SERVER_ERROR, Fault.RESET_MID_STREAM);
    }

    @Test
    void a_first_attempt_plan_spares_retries() {
        FaultPlan plan = FaultPlan.firstAttempt(Fault.RATE_LIMITED_SHORT);
        assertThat(plan.faultFor(0, 1)).isEqualTo(Fault.RATE_LIMITED_SHORT);
        assertThat(plan.faultFor(1, 2)).isEqualTo(Fault.NONE);
    }

    @Test
    void lone_surrogates_and_nuls_go_out_as_json_escapes_and_pairs_as_utf8() {
        assertThat(FaultServer.quote("a\ud83d")).isEqualTo("a\\ud83d");
        assertThat(FaultServer.quote("\ude00b")).isEqualTo("\\ude00b");
        assertThat(FaultServer.quote("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
        assertThat(FaultServer.quote("x\u0000\"")).isEqualTo("x\\u0000\\\"");
    }

    @Test
    void the_echoed_key_is_read_from_whichever_header_or_query_the_dialect_uses() throws IOException {
        try (FaultServer server = new FaultServer(FaultDialect.GEMINI, FaultPlan.always(Fault.ECHO_KEY))) {
            String response = post(server, "/v1beta/models/m:streamGenerateContent?alt=sse&key=k-query", "");
            assertThat(response).contains("\"text\":\"k-query\"").contains("\"finishReason\":\"STOP\"");
            post(server, "/v1beta/models/m:streamGenerateContent?alt=sse", "x-goog-api-key: k-goog\r\n");
            assertThat(server.keysSeen()).containsExactlyInAnyOrder("k-query", "k-goog");
        }
        try (FaultServer server = new FaultServer(FaultDialect.ANTHROPIC, FaultPlan.always(Fault.ECHO_KEY))) {
            post(server, "/v1/messages", "x-api-key: k-anthropic\r\n");
            assertThat(server.keysSeen()).containsExactly("k-anthropic");
        }
    }

    @Test
    void refused_closes_the_listener_so_the_next_connection_is_refused() throws IOException {
        try (FaultServer server = new FaultServer(FaultDialect.OPENAI, FaultPlan.always(Fault.REFUSED))) {
            String probe = get(server, "/v1/models");
            assertThat(probe).startsWith("HTTP/1.1 200").contains("fault-model");
            try {
                post(server, "/v1/chat/completions", "");
            } catch (SocketException reset) {
                // the reset may surface as an exception rather than an empty read
            }
            try (Socket ignored = new Socket("127.0.0.1", server.port())) {
                throw new AssertionError("connected after REFUSED");
            } catch (ConnectException expected) {
                assertThat(expected).hasMessageContaining("refused");
            }
        }
    }

    @Test
    void a_normal_ollama_stream_ends_with_its_done_line_and_a_last_chunk() throws IOException {
        try (FaultServer server = new FaultServer(FaultDialect.OLLAMA, FaultPlan.always(Fault.NONE))) {
            String response = post(server, "/api/chat", "");
            assertThat(response)
                    .contains("application/x-ndjson")
                    .contains("\"content\":\" server\"")
                    .contains("\"done\":true")
                    .endsWith("0\r\n\r\n");
        }
    }

    private static String get(FaultServer server, String target) throws IOException {
        return exchange(server, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    }

    private static String post(FaultServer server, String target, String headers) throws IOException {
        String body = "{\"prompt\":\"hi\"}";
        return exchange(
                server,
                "POST " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers + "Content-Length: "
                        + body.length() + "\r\n\r\n" + body);
    }

    /** Sends a request and reads until the server closes or the last chunk has arrived. */
    private static String exchange(FaultServer server, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder text = new StringBuilder();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (text.toString().endsWith("0\r\n\r\n")) {
                    break;
                }
            }
            return text.toString();
        }
    }
}
