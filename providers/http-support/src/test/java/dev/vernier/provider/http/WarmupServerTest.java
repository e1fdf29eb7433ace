package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class WarmupServerTest {

    private static final String BODY = "{\"messages\":[{\"role\":\"user\",\"content\":\"warm up\"}]}";

    @Test
    void answers_a_connection_in_turn_with_a_bare_head_nodes_head_and_a_vendors_head() throws Exception {
        List<String> heads = new ArrayList<>();
        try (WarmupServer server = new WarmupServer(null)) {
            URI base = URI.create(server.httpBase());
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                for (int i = 0; i < 3; i++) {
                    String response = exchange(socket);
                    heads.add(response.substring(0, response.indexOf("\r\n\r\n") + 2));
                }
            }
        }

        assertThat(heads)
                .allSatisfy(h -> assertThat(h)
                        .startsWith("HTTP/1.1 200 OK\r\n")
                        .containsIgnoringCase("content-type: text/event-stream\r\n")
                        .containsIgnoringCase("transfer-encoding: chunked\r\n"));
        assertThat(heads.get(0)).doesNotContainIgnoringCase("connection:").doesNotContainIgnoringCase("date:");
        assertThat(heads.get(1))
                .contains("Connection: keep-alive\r\n")
                .contains("Keep-Alive: timeout=60\r\n")
                .contains("Cache-Control: no-cache\r\n")
                .contains("Date: ");
        assertThat(heads.get(2))
                .contains("connection: Keep-Alive\r\n")
                .contains("transfer-encoding: chunked\r\n")
                .contains("server: cloudflare\r\n")
                .contains("x-request-id: req_")
                .contains("set-cookie: ");
    }

    @Test
    void the_pieces_of_a_warm_up_answer_make_lines_of_every_length_modulo_eight() {
        Set<Integer> remainders = new TreeSet<>();
        for (int t = 0; t < WarmupServer.TOKENS; t++) {
            String piece = WarmupAnswer.piece(t);
            assertThat(piece).isNotEmpty().hasSizeLessThanOrEqualTo(12).doesNotContain("\"", "\\", "\n");
            remainders.add(piece.length() % 8);
        }
        assertThat(remainders).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void frames_a_connections_bodies_in_turn_as_written_as_node_ends_and_as_a_proxy_rechunks_the_same_events()
            throws Exception {
        List<List<String>> chunks = new ArrayList<>();
        try (WarmupServer server = new WarmupServer(null)) {
            URI base = URI.create(server.httpBase());
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                for (int i = 0; i < 9; i++) {
                    chunks.add(chunks(exchange(socket)));
                }
            }
        }

        String body = String.join("", chunks.get(0));
        assertThat(body).startsWith("data: {").endsWith("data: [DONE]\n\n");
        assertThat(chunks).allSatisfy(c -> assertThat(String.join("", c)).isEqualTo(body));
        List<String> written = chunks.get(0); // responses 0 to 2: every write its own chunk
        assertThat(written).allSatisfy(c -> assertThat(c).startsWith("data: ").endsWith("\n\n"));
        List<String> nodeLike = chunks.get(3); // 3 to 5: the ending events in one chunk
        assertThat(nodeLike).hasSize(written.size() - 2);
        String end = nodeLike.get(nodeLike.size() - 1);
        assertThat(end.split("data: ", -1)).hasSize(4); // three events
        assertThat(end).contains("\"usage\"").endsWith("data: [DONE]\n\n");
        List<String> rechunked = chunks.get(6); // 6 to 8: every write cut in two
        assertThat(rechunked).hasSize(2 * written.size());
        assertThat(rechunked.get(0)).doesNotContain("\n");
    }

    /** The payloads of a chunked response's chunks, in order (the last, empty one left out). */
    private static List<String> chunks(String response) {
        List<String> payloads = new ArrayList<>();
        int at = response.indexOf("\r\n\r\n") + 4;
        while (true) {
            int lineEnd = response.indexOf("\r\n", at);
            int size = Integer.parseInt(response.substring(at, lineEnd), 16);
            if (size == 0) {
                return payloads;
            }
            payloads.add(response.substring(lineEnd + 2, lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
    }

    /** Sends one request on the socket and reads its whole chunked response. */
    private static String exchange(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        while (!response.toString(StandardCharsets.UTF_8).endsWith("\r\n0\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed before the response ended: " + response);
            }
            response.write(b);
        }
        return response.toString(StandardCharsets.UTF_8);
    }
}
