package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.provider.http.SseLine.Kind;
import org.junit.jupiter.api.Test;

class SseLineTest {

    @Test
    void data_lines_carry_their_payload_without_the_optional_space() {
        assertThat(SseLine.parse("data: {\"a\":1}")).isEqualTo(new SseLine(Kind.DATA, "{\"a\":1}"));
        assertThat(SseLine.parse("data:{\"a\":1}")).isEqualTo(new SseLine(Kind.DATA, "{\"a\":1}"));
        assertThat(SseLine.parse("data:  two spaces").value()).isEqualTo(" two spaces");
    }

    @Test
    void done_marker_events_and_fillers_are_classified() {
        assertThat(SseLine.parse("data: [DONE]").kind()).isEqualTo(Kind.DONE);
        assertThat(SseLine.parse("data:[DONE] ").kind()).isEqualTo(Kind.DONE);
        assertThat(SseLine.parse("event: message_start")).isEqualTo(new SseLine(Kind.EVENT, "message_start"));
        assertThat(SseLine.parse("").kind()).isEqualTo(Kind.BOUNDARY);
        assertThat(SseLine.parse(": keep-alive").kind()).isEqualTo(Kind.COMMENT);
        assertThat(SseLine.parse("id: 7").kind()).isEqualTo(Kind.IGNORED_FIELD);
        assertThat(SseLine.parse("retry: 100").isFiller()).isTrue();
    }

    @Test
    void only_done_with_surrounding_whitespace_is_the_done_marker() {
        assertThat(SseLine.parse("data: \t[DONE]\t ").kind()).isEqualTo(Kind.DONE);
        assertThat(SseLine.parse("data: [DONE]x")).isEqualTo(new SseLine(Kind.DATA, "[DONE]x"));
        assertThat(SseLine.parse("data: [DONE").kind()).isEqualTo(Kind.DATA);
        assertThat(SseLine.parse("data: x[DONE]").kind()).isEqualTo(Kind.DATA);
        assertThat(SseLine.parse("data:")).isEqualTo(new SseLine(Kind.DATA, ""));
        assertThat(SseLine.parse("data: ")).isEqualTo(new SseLine(Kind.DATA, ""));
        assertThat(SseLine.parse("data:   ")).isEqualTo(new SseLine(Kind.DATA, "  "));
    }

    @Test
    void anything_else_is_invalid_and_kept_for_the_message() {
        assertThat(SseLine.parse("{\"not\":\"sse\"}")).isEqualTo(new SseLine(Kind.INVALID, "{\"not\":\"sse\"}"));
    }

    @Test
    void json_helpers_parse_objects_only_and_read_counts() {
        assertThat(Json.object("{\"a\":1}")).isNotNull();
        assertThat(Json.object("[1]")).isNull();
        assertThat(Json.object("{\"a\":")).isNull();
        assertThat(Json.object("")).isNull();
        assertThat(Json.count(Json.object("{\"n\":12}").get("n"))).isEqualTo(12);
        assertThat(Json.count(Json.object("{\"n\":\"12\"}").get("n"))).isEqualTo(-1);
        assertThat(Json.count(null)).isEqualTo(-1);
    }
}
