package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 response parser and line splitter of the own client, fed in pathological pieces. */
class Http1ResponseParserTest {

    private static final String MULTIBYTE = "h\u00e9llo \u2713 \ud834\udd1e \u00fc";

    /** Parses a response and splits its body into lines, as the client does for a 2xx body. */
    private static final class Recorder implements Http1ResponseParser.Handler {
        final Http1ResponseParser parser = new Http1ResponseParser();
        final LineSplitter splitter = new LineSplitter();
        final List<String> lines = new ArrayList<>();
        int status;
        HttpHeaders headers;
        int heads;

        Recorder() {
            parser.reset(this, false);
        }

        @Override
        public void head(int statusCode, java.util.function.Supplier<HttpHeaders> responseHeaders) {
            status = statusCode;
            headers = responseHeaders.get();
            heads++;
        }

        @Override
        public void body(byte[] bytes, int offset, int length) {
            splitter.feed(bytes, offset, length, this::line);
        }

        /** Feeds the bytes in pieces cut at {@code cuts} (ascending offsets). */
        Recorder feed(byte[] bytes, int... cuts) throws IOException {
            int from = 0;
            for (int cut : cuts) {
                assertThat(parser.feed(bytes, from, cut - from)).isEqualTo(cut - from);
                from = cut;
            }
            parser.feed(bytes, from, bytes.length - from);
            return this;
        }

        Recorder feedEachByte(byte[] bytes) throws IOException {
            for (int i = 0; i < bytes.length; i++) {
                // a fresh one-byte array each time, so nothing can rely on neighbouring bytes
                parser.feed(new byte[] {bytes[i]}, 0, 1);
            }
            return this;
        }

        void finish() {
            splitter.finish(this::line);
        }

        private void line(byte[] bytes, int offset, int length) {
            lines.add(new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static byte[] chunked(String head, String... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        for (String chunk : chunks) {
            byte[] data = chunk.getBytes(StandardCharsets.UTF_8);
            out.writeBytes((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(data);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static final String CHUNKED_HEAD =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" + "transfer-encoding: Chunked\r\n\r\n";

    /**
     * Lines cut mid-line, a CRLF split between chunks, a multi-byte character split between chunks,
     * a chunk extension and a trailer.
     */
    private static byte[] awkwardStream() {
        byte[] multi = ("data: " + MULTIBYTE + "\r\n").getBytes(StandardCharsets.UTF_8);
        int inCheckMark = ("data: h\u00e9llo ").getBytes(StandardCharsets.UTF_8).length + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CHUNKED_HEAD.getBytes(StandardCharsets.US_ASCII));
        chunk(out, "data: {\"a\":1}\r".getBytes(StandardCharsets.UTF_8), "");
        chunk(out, "\n\r\ndata: {\"b\"".getBytes(StandardCharsets.UTF_8), "");
        chunk(out, ":2}\n\n".getBytes(StandardCharsets.UTF_8), "");
        chunk(out, java.util.Arrays.copyOfRange(multi, 0, inCheckMark), ";ext=1");
        chunk(out, java.util.Arrays.copyOfRange(multi, inCheckMark, multi.length), "");
        chunk(out, "data: [DONE]".getBytes(StandardCharsets.UTF_8), "");
        out.writeBytes("0\r\nTrailer-X: y\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, byte[] data, String extension) {
        out.writeBytes((Integer.toHexString(data.length) + extension + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static final List<String> AWKWARD_LINES =
            List.of("data: {\"a\":1}", "", "data: {\"b\":2}", "", "data: " + MULTIBYTE, "data: [DONE]");

    @Test
    void a_chunked_stream_parses_to_the_same_lines_however_it_is_cut() throws IOException {
        byte[] bytes = awkwardStream();
        Recorder whole = new Recorder().feed(bytes);
        whole.finish();
        assertThat(whole.parser.done()).isTrue();
        assertThat(whole.lines).containsExactlyElementsOf(AWKWARD_LINES);
        for (int cut = 1; cut < bytes.length; cut++) {
            Recorder two = new Recorder().feed(bytes, cut);
            two.finish();
            assertThat(two.parser.done()).as("cut at %d", cut).isTrue();
            assertThat(two.lines).as("cut at %d", cut).containsExactlyElementsOf(AWKWARD_LINES);
            assertThat(two.status).isEqualTo(200);
        }
    }

    @Test
    void every_byte_in_its_own_read_still_gives_whole_lines_and_intact_utf8() throws IOException {
        Recorder recorder = new Recorder().feedEachByte(awkwardStream());
        recorder.finish();
        assertThat(recorder.parser.done()).isTrue();
        assertThat(recorder.parser.keepAlive()).isTrue();
        assertThat(recorder.lines).containsExactlyElementsOf(AWKWARD_LINES);
    }

    @Test
    void a_multibyte_character_split_across_reads_at_every_point_decodes_intact() {
        byte[] text = (MULTIBYTE + "\n" + MULTIBYTE).getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < text.length; cut++) {
            LineSplitter splitter = new LineSplitter();
            List<String> lines = new ArrayList<>();
            splitter.feed(text, 0, cut, into(lines));
            splitter.feed(text, cut, text.length - cut, into(lines));
            splitter.finish(into(lines));
            assertThat(lines).as("cut at %d", cut).containsExactly(MULTIBYTE, MULTIBYTE);
        }
    }

    @Test
    void a_crlf_split_across_reads_ends_one_line_not_two() {
        LineSplitter splitter = new LineSplitter();
        List<String> lines = new ArrayList<>();
        byte[] a = "one\r".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "\ntwo\rthree\n\nfour".getBytes(StandardCharsets.US_ASCII);
        splitter.feed(a, 0, a.length, into(lines));
        splitter.feed(b, 0, b.length, into(lines));
        assertThat(lines).containsExactly("one", "two", "three", "");
        splitter.finish(into(lines));
        assertThat(lines).containsExactly("one", "two", "three", "", "four");
    }

    @Test
    void an_empty_piece_between_a_cr_and_its_lf_does_not_split_the_terminator() {
        LineSplitter splitter = new LineSplitter();
        List<String> lines = new ArrayList<>();
        byte[] a = "one\r".getBytes(StandardCharsets.US_ASCII);
        byte[] b = "\ntwo\r\n".getBytes(StandardCharsets.US_ASCII);
        splitter.feed(a, 0, a.length, into(lines));
        splitter.feed(b, 0, 0, into(lines));
        splitter.feed(b, 0, b.length, into(lines));
        splitter.finish(into(lines));
        assertThat(lines).containsExactly("one", "two");
    }

    private static LineSplitter.Sink into(List<String> lines) {
        return (bytes, offset, length) -> lines.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    @Test
    void a_content_length_body_ends_at_its_length_and_leaves_following_bytes_unconsumed() throws IOException {
        byte[] bytes = ("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Length: 5\r\n\r\nhello"
                        + "HTTP/1.1 200")
                .getBytes(StandardCharsets.US_ASCII);
        Recorder recorder = new Recorder();
        int consumed = recorder.parser.feed(bytes, 0, bytes.length);
        assertThat(consumed).isEqualTo(bytes.length - "HTTP/1.1 200".length());
        assertThat(recorder.parser.done()).isTrue();
        assertThat(recorder.status).isEqualTo(429);
        assertThat(recorder.headers.firstValue("retry-after")).hasValue("3");
        assertThat(RetryAfter.millis(recorder.headers)).isEqualTo(3_000);
    }

    @Test
    void a_body_without_framing_lasts_until_the_connection_closes_and_is_not_reused() throws IOException {
        byte[] bytes = "HTTP/1.1 200 OK\nContent-Type: application/x-ndjson\n\n{\"a\":1}\n{\"b\":2}"
                .getBytes(StandardCharsets.US_ASCII);
        Recorder recorder = new Recorder().feedEachByte(bytes);
        assertThat(recorder.parser.done()).isFalse();
        recorder.parser.endOfInput();
        recorder.finish();
        assertThat(recorder.parser.done()).isTrue();
        assertThat(recorder.parser.keepAlive()).isFalse();
        assertThat(recorder.lines).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void an_interim_100_continue_is_skipped_and_an_empty_body_ends_at_once() throws IOException {
        byte[] bytes = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        Recorder recorder = new Recorder().feed(bytes, 10, 30);
        assertThat(recorder.heads).isEqualTo(1);
        assertThat(recorder.status).isEqualTo(200);
        assertThat(recorder.parser.done()).isTrue();
        assertThat(recorder.parser.keepAlive()).isFalse();
        assertThat(recorder.lines).isEmpty();
    }

    @Test
    void a_connection_closed_mid_chunk_is_an_error_not_a_short_body() throws IOException {
        byte[] bytes = chunked(CHUNKED_HEAD, "data: {\"a\":1}\n\n");
        Recorder recorder = new Recorder();
        recorder.parser.feed(bytes, 0, bytes.length - 7);
        assertThatThrownBy(recorder.parser::endOfInput).isInstanceOf(EOFException.class);
        Recorder nothing = new Recorder();
        assertThat(nothing.parser.receivedAny()).isFalse();
        assertThatThrownBy(nothing.parser::endOfInput)
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("before any response");
    }

    @Test
    void garbage_instead_of_a_status_line_or_chunk_size_is_a_protocol_error() {
        byte[] notHttp = "SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Recorder().feed(notHttp)).isInstanceOf(ProtocolException.class);
        for (String size : new String[] {"zz", "", "-5", "1 2", "12x", "1234567890abcdef0"}) {
            byte[] badChunk = (CHUNKED_HEAD + size + "\r\n").getBytes(StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> new Recorder().feed(badChunk)).as(size).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void chunk_sizes_are_hex_with_optional_spaces_and_extensions() throws IOException {
        String body = CHUNKED_HEAD + " A ;name=value\r\n0123456789\r\n0\r\n\r\n";
        Recorder recorder = new Recorder().feed(body.getBytes(StandardCharsets.US_ASCII));
        recorder.finish();
        assertThat(recorder.parser.done()).isTrue();
        assertThat(recorder.lines).containsExactly("0123456789");
    }

    @Test
    void framing_headers_match_in_any_case_repeat_and_combine_and_interim_headers_do_not_leak() throws IOException {
        byte[] bytes = ("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\nConnection: close\r\n\r\n"
                        + "HTTP/1.0 200 OK\r\nx-one:  a \r\nCONNECTION: Keep-Alive\r\nX-One: b\r\n"
                        + "transfer-ENCODING: gzip\r\nTransfer-Encoding: Chunked\r\n\r\n"
                        + "3\r\nhi\n\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        Recorder recorder = new Recorder().feedEachByte(bytes);
        recorder.finish();
        assertThat(recorder.heads).isEqualTo(1);
        assertThat(recorder.parser.done()).isTrue();
        assertThat(recorder.parser.keepAlive())
                .as("HTTP/1.0 with keep-alive, the 103's close not counted")
                .isTrue();
        assertThat(recorder.lines).containsExactly("hi");
        assertThat(recorder.headers.allValues("X-ONE")).containsExactly("a", "b");
        assertThat(recorder.headers.firstValue("link")).isEmpty();
        assertThat(recorder.headers.allValues("transfer-encoding")).containsExactly("gzip", "Chunked");
    }

    @Test
    void headers_asked_for_after_the_next_response_started_are_still_those_of_their_own_response() throws IOException {
        Http1ResponseParser parser = new Http1ResponseParser();
        List<java.util.function.Supplier<HttpHeaders>> heads = new ArrayList<>();
        Http1ResponseParser.Handler handler = new Http1ResponseParser.Handler() {
            @Override
            public void head(int status, java.util.function.Supplier<HttpHeaders> headers) {
                heads.add(headers);
            }

            @Override
            public void body(byte[] bytes, int offset, int length) {}
        };
        for (String value : new String[] {"first", "second"}) {
            parser.reset(handler, false);
            byte[] bytes = ("HTTP/1.1 503 Busy\r\nRetry-After: 1\r\nX-Which: " + value
                            + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            parser.feed(bytes, 0, bytes.length);
        }
        assertThat(heads.get(0).get().firstValue("x-which")).hasValue("first");
        assertThat(heads.get(1).get().firstValue("X-Which")).hasValue("second");
        assertThat(heads.get(0).get().map().keySet()).containsExactly("Content-Length", "Retry-After", "X-Which");
    }
}
