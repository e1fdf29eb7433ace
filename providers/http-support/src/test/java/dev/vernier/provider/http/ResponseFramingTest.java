package dev.vernier.provider.http;

import static dev.vernier.provider.http.ScriptedServer.ascii;
import static dev.vernier.provider.http.ScriptedServer.cut;
import static dev.vernier.provider.http.ScriptedServer.pieces;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.FailureKind;
import dev.vernier.testkit.RecordingSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How the transport reads responses however the bytes are framed and cut: Netty's HTTP/1.1 decoder
 * and the line splitter between it and the decoders, against raw bytes from a scripted server (what
 * the removed own parser's tests covered).
 */
class ResponseFramingTest {

    private static final String MULTIBYTE = "h\u00e9llo \u2713 \ud834\udd1e \u00fc";
    private static final String CHUNKED_HEAD =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

    private static String event(String text) {
        return "data: {\"choices\":[{\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
    }

    private static byte[] chunked(String... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(CHUNKED_HEAD));
        for (String chunk : chunks) {
            byte[] data = chunk.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ascii(Integer.toHexString(data.length) + "\r\n"));
            out.writeBytes(data);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("0\r\n\r\n"));
        return out.toByteArray();
    }

    private static Completion stream(ScriptedServer server, RecordingSink sink) throws Exception {
        try (StreamingHttp http = Chat.client(server.baseUrl(), ConnectionOptions.DEFAULTS)) {
            return http.stream(Chat.target(http, server.baseUrl()), Chat.body(4), Chat.Sse::new, sink)
                    .get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void a_chunked_stream_gives_the_same_chunks_however_it_is_cut() throws Exception {
        byte[] response = chunked(event("a") + event(MULTIBYTE), event("b"), "data: [DONE]\n\n");
        List<int[]> cuttings = new ArrayList<>();
        cuttings.add(new int[] {});
        cuttings.add(new int[] {CHUNKED_HEAD.length() - 1});
        cuttings.add(new int[] {CHUNKED_HEAD.length() + 2, CHUNKED_HEAD.length() + 20});
        int inMultibyte = new String(response, StandardCharsets.ISO_8859_1).indexOf('\u00c3') + 1; // inside \u00e9
        cuttings.add(new int[] {inMultibyte - 1, inMultibyte, inMultibyte + 1});
        cuttings.add(new int[] {response.length - 3, response.length - 1});
        for (int[] cuts : cuttings) {
            try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
                pieces(out, cut(response, cuts));
                return true;
            })) {
                RecordingSink sink = new RecordingSink();
                Completion completion = stream(server, sink);
                assertThat(completion.failure())
                        .as("cut at %s", Arrays.toString(cuts))
                        .isNull();
                assertThat(sink.chunks()).containsExactly("a", MULTIBYTE, "b");
            }
        }
    }

    @Test
    void every_byte_in_its_own_read_still_gives_whole_lines_and_intact_utf8() throws Exception {
        byte[] response = chunked(event(MULTIBYTE) + "data: [DONE]\n\n");
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
            for (byte b : response) {
                out.write(b);
                out.flush();
                Thread.sleep(0, 200_000);
            }
            return true;
        })) {
            RecordingSink sink = new RecordingSink();
            Completion completion = stream(server, sink);
            assertThat(completion.failure()).isNull();
            assertThat(sink.chunks()).containsExactly(MULTIBYTE);
        }
    }

    @Test
    void crlf_line_ends_split_across_reads_end_one_line_not_two() throws Exception {
        String body = "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\r\n\r\ndata: [DONE]\r\n\r\n";
        byte[] response = chunked(body);
        int cr = new String(response, StandardCharsets.ISO_8859_1).indexOf("}\r\n") + 2; // between \r and \n
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
            pieces(out, cut(response, cr));
            return true;
        })) {
            RecordingSink sink = new RecordingSink();
            assertThat(stream(server, sink).failure()).isNull();
            assertThat(sink.chunks()).containsExactly("x");
        }
    }

    @Test
    void a_content_length_body_ends_at_its_length_and_the_connection_is_reused() throws Exception {
        String body = event("x") + "data: [DONE]\n\n";
        byte[] response = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
                    pieces(out, cut(response, 30));
                    return true;
                });
                StreamingHttp http = Chat.client(server.baseUrl(), ConnectionOptions.DEFAULTS)) {
            for (int i = 0; i < 3; i++) {
                RecordingSink sink = new RecordingSink();
                Completion completion = http.stream(
                                Chat.target(http, server.baseUrl()), Chat.body(1), Chat.Sse::new, sink)
                        .get(10, TimeUnit.SECONDS);
                assertThat(completion.failure()).isNull();
                assertThat(sink.text()).isEqualTo("x");
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void a_body_without_framing_lasts_until_the_connection_closes_and_is_not_reused() throws Exception {
        byte[] response =
                ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n" + event("x") + "data: [DONE]\n\n");
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
                    pieces(out, response);
                    return false; // close: the end of the body
                });
                StreamingHttp http = Chat.client(server.baseUrl(), ConnectionOptions.DEFAULTS)) {
            for (int i = 0; i < 2; i++) {
                RecordingSink sink = new RecordingSink();
                Completion completion = http.stream(
                                Chat.target(http, server.baseUrl()), Chat.body(1), Chat.Sse::new, sink)
                        .get(10, TimeUnit.SECONDS);
                assertThat(completion.failure()).isNull();
                assertThat(sink.text()).isEqualTo("x");
            }
            assertThat(http.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void an_interim_100_continue_is_skipped() throws Exception {
        byte[] response = chunked(event("x"), "data: [DONE]\n\n");
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
            pieces(out, ascii("HTTP/1.1 100 Continue\r\n\r\n"), response);
            return true;
        })) {
            RecordingSink sink = new RecordingSink();
            assertThat(stream(server, sink).failure()).isNull();
            assertThat(sink.text()).isEqualTo("x");
        }
    }

    @Test
    void chunk_extensions_and_trailers_are_read_past() throws Exception {
        String data = event("x") + "data: [DONE]\n\n";
        byte[] response = ascii(CHUNKED_HEAD + Integer.toHexString(data.length()) + ";name=value\r\n" + data
                + "\r\n0\r\nX-Trailer: t\r\n\r\n");
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
            pieces(out, response);
            return true;
        })) {
            RecordingSink sink = new RecordingSink();
            assertThat(stream(server, sink).failure()).isNull();
            assertThat(sink.text()).isEqualTo("x");
        }
    }

    @Test
    void a_connection_closed_mid_chunk_is_a_connection_failure_keeping_what_came() throws Exception {
        String data = event("x");
        byte[] response = ascii(CHUNKED_HEAD + Integer.toHexString(data.length() + 100) + "\r\n" + data);
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
            pieces(out, response);
            Thread.sleep(50);
            return false;
        })) {
            RecordingSink sink = new RecordingSink();
            Completion completion = stream(server, sink);
            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(completion.failure().message()).contains("before the response ended");
            assertThat(sink.text()).isEqualTo("x");
        }
    }

    @Test
    void garbage_instead_of_a_status_line_is_a_protocol_failure() throws Exception {
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
            pieces(out, ascii("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
            Thread.sleep(50);
            return false;
        })) {
            RecordingSink sink = new RecordingSink();
            Completion completion = stream(server, sink);
            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(completion.failure().message()).contains("invalid HTTP response");
        }
    }

    @Test
    void an_error_status_body_is_read_whole_and_named_in_the_failure() throws Exception {
        byte[] response = chunked("{\"error\":{\"message\":\"model ", "not found\"}}");
        byte[] notFound = ascii(new String(response, StandardCharsets.ISO_8859_1).replace("200 OK", "404 Not Found"));
        try (ScriptedServer server = new ScriptedServer((i, request, out) -> {
            pieces(out, cut(notFound, 50));
            return true;
        })) {
            Completion completion = stream(server, new RecordingSink());
            assertThat(completion.failure().kind()).isEqualTo(FailureKind.NOT_FOUND);
            assertThat(completion.failure().message()).endsWith("model not found");
        }
    }
}
