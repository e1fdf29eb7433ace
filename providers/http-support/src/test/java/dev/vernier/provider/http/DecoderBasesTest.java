package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.ToolCall;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSE and NDJSON decoder bases, driven line by line with a recording control. */
class DecoderBasesTest {

    /** Records what a decoder does. */
    private static final class Control implements StreamControl {
        final List<String> content = new ArrayList<>();
        Failure failure;
        boolean done;

        @Override
        public void content(String text, int tokens) {
            content.add(text);
        }

        @Override
        public void reasoning(String text, int tokens) {
            content.add("reasoning: " + text);
        }

        @Override
        public void toolCallChunk(int index, String fragment) {
            content.add("tool call " + index + ": " + fragment);
        }

        @Override
        public void toolCall(ToolCall call) {
            content.add("tool call: " + call.name() + " " + call.arguments());
        }

        @Override
        public void replayState(String opaqueJson) {
            content.add("replay state: " + opaqueJson);
        }

        @Override
        public int contentChunks() {
            return content.size();
        }

        @Override
        public void fail(Failure f) {
            failure = f;
        }

        @Override
        public void done() {
            done = true;
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public HttpFailures failures() {
            return HttpFailures.of("t", URI.create("http://localhost:1"), "");
        }
    }

    private static final class TextSse extends SseDecoder {
        final List<String> events = new ArrayList<>();

        @Override
        protected void onData(String payload, StreamControl control) {
            control.content(Json.object(payload).path("t").asText(), 1);
        }

        @Override
        protected void onEvent(String name, StreamControl control) {
            events.add(name);
        }

        @Override
        protected StreamEnd end(StreamControl control) {
            return StreamEnd.success(FinishReason.STOP, TokenCounts.UNKNOWN);
        }
    }

    private static final class TextNdjson extends NdjsonDecoder {
        @Override
        protected void onObject(ObjectNode object, StreamControl control) {
            control.content(object.path("t").asText(), 1);
            if (object.path("done").asBoolean()) {
                control.done();
            }
        }

        @Override
        protected StreamEnd end(StreamControl control) {
            return StreamEnd.success(FinishReason.STOP, TokenCounts.UNKNOWN);
        }
    }

    @Test
    void sse_feeds_data_and_events_skips_fillers_and_ends_on_done() {
        TextSse decoder = new TextSse();
        Control control = new Control();
        for (String line : List.of(
                ": hi",
                "event: delta",
                "data: {\"t\":\"a\"}",
                "",
                "id: 1",
                "data: {\"t\":\"b\"}",
                "",
                "data: [DONE]")) {
            decoder.onLine(line, control);
        }

        assertThat(control.content).containsExactly("a", "b");
        assertThat(decoder.events).containsExactly("delta");
        assertThat(control.done).isTrue();
        assertThat(decoder.onEnd(control).succeeded()).isTrue();
    }

    @Test
    void sse_fails_on_a_non_sse_line_and_an_empty_stream_is_empty() {
        Control control = new Control();
        new TextSse().onLine("{\"t\":\"raw json\"}", control);
        assertThat(control.failure.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);

        TextSse quiet = new TextSse();
        quiet.onLine(": keep-alive", new Control());
        assertThat(quiet.onEnd(new Control()).failure().kind()).isEqualTo(FailureKind.EMPTY_RESPONSE);
    }

    @Test
    void ndjson_feeds_objects_skips_blank_lines_and_fails_on_bad_json() {
        TextNdjson decoder = new TextNdjson();
        Control control = new Control();
        decoder.onLine("{\"t\":\"a\"}", control);
        decoder.onLine("   ", control);
        decoder.onLine("{\"t\":\"b\",\"done\":true}", control);

        assertThat(control.content).containsExactly("a", "b");
        assertThat(control.done).isTrue();

        Control broken = new Control();
        new TextNdjson().onLine("{\"t\":", broken);
        assertThat(broken.failure.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
        assertThat(new TextNdjson().onEnd(new Control()).failure().kind()).isEqualTo(FailureKind.EMPTY_RESPONSE);
    }
}
