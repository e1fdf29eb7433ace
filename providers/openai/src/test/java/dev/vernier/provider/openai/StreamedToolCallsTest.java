package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.ToolCall;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.StreamControl;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When {@link StreamedToolCalls} reports a call whole, seen as the order of what it hands the control:
 * right after the piece that closes the arguments, not one chunk later.
 */
class StreamedToolCallsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Records pieces and calls in the order they come. */
    private static final class Control implements StreamControl {
        final List<String> seen = new ArrayList<>();

        @Override
        public void content(String text, int tokens) {
            seen.add("content " + text);
        }

        @Override
        public void reasoning(String text, int tokens) {}

        @Override
        public void toolCallChunk(int index, String fragment) {
            seen.add(index + ": " + fragment);
        }

        @Override
        public void toolCall(ToolCall call) {
            seen.add("call " + call.id() + " " + call.name() + " " + call.arguments());
        }

        @Override
        public void replayState(String opaqueJson) {
            seen.add("replay " + opaqueJson);
        }

        @Override
        public int contentChunks() {
            return 0;
        }

        @Override
        public void fail(Failure failure) {}

        @Override
        public void done() {}

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public HttpFailures failures() {
            return HttpFailures.of("openai", URI.create("http://127.0.0.1:9/v1"), "none");
        }
    }

    private static JsonNode delta(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void a_call_is_whole_at_the_piece_closing_its_arguments_before_the_next_call_starts() throws Exception {
        StreamedToolCalls calls = new StreamedToolCalls();
        Control control = new Control();

        calls.onDelta(delta("[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]"), control);
        calls.onDelta(delta("[{\"index\":0,\"function\":{\"arguments\":\"{\\\"s\\\":\\\"}{\\\\\\\"\"}}]"), control);
        calls.onDelta(delta("[{\"index\":0,\"function\":{\"arguments\":\"\\\"}\"}}]"), control);
        calls.onDelta(
                delta("[{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"[]\"}}]"), control);
        calls.finish(control);

        assertThat(control.seen)
                .containsExactly(
                        "0: f",
                        "0: {\"s\":\"}{\\\"",
                        "0: \"}",
                        "call a f {\"s\":\"}{\\\"\"}",
                        "1: g",
                        "1: []",
                        "call b g []");
        assertThat(calls.reported()).isEqualTo(2);
    }

    @Test
    void a_later_call_that_is_whole_first_waits_for_the_earlier_one() throws Exception {
        StreamedToolCalls calls = new StreamedToolCalls();
        Control control = new Control();

        calls.onDelta(
                delta("[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}},"
                        + "{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]"),
                control);
        assertThat(control.seen).noneMatch(s -> s.startsWith("call"));
        calls.onDelta(delta("[{\"index\":0,\"function\":{\"arguments\":\"}\"}}]"), control);

        assertThat(control.seen.subList(control.seen.size() - 2, control.seen.size()))
                .containsExactly("call a f {}", "call b g {}");
    }

    @Test
    void pieces_without_an_index_continue_the_last_call_until_a_new_id_starts_one() throws Exception {
        StreamedToolCalls calls = new StreamedToolCalls();
        Control control = new Control();

        calls.onDelta(delta("[{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]"), control);
        calls.onDelta(delta("[{\"function\":{\"arguments\":\"\\\"x\\\"\"}}]"), control);
        calls.onDelta(delta("[{\"id\":\"b\",\"function\":{\"name\":\"g\"}}]"), control);
        calls.finish(control);

        assertThat(control.seen).contains("call a f \"x\"", "call b g ");
        assertThat(control.seen.indexOf("call a f \"x\"")).isGreaterThan(control.seen.indexOf("1: g"));
    }

    @Test
    void whole_calls_all_at_index_0_with_their_own_ids_are_separate_calls() throws Exception {
        // Ollama's OpenAI-compatible endpoint: a parallel batch, every call whole, every call at index 0
        StreamedToolCalls calls = new StreamedToolCalls();
        Control control = new Control();

        calls.onDelta(
                delta("[{\"index\":0,\"id\":\"call_p\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                        + "\"arguments\":\"{\\\"a\\\":1}\"}}]"),
                control);
        calls.onDelta(
                delta("[{\"index\":0,\"id\":\"call_q\",\"type\":\"function\",\"function\":{\"name\":\"g\","
                        + "\"arguments\":\"{\\\"b\\\":2}\"}}]"),
                control);
        calls.finish(control);

        assertThat(control.seen)
                .containsExactly(
                        "0: f",
                        "0: {\"a\":1}",
                        "call call_p f {\"a\":1}",
                        "1: g",
                        "1: {\"b\":2}",
                        "call call_q g {\"b\":2}");
    }

    @Test
    void a_fresh_id_on_every_piece_of_one_call_still_makes_one_call() throws Exception {
        StreamedToolCalls calls = new StreamedToolCalls();
        Control control = new Control();

        calls.onDelta(
                delta("[{\"index\":0,\"id\":\"x1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\"}}]"), control);
        calls.onDelta(delta("[{\"index\":0,\"id\":\"x2\",\"function\":{\"arguments\":\"}\"}}]"), control);

        assertThat(control.seen).containsExactly("0: f", "0: {", "0: }", "call x1 f {}");
    }

    @Test
    void a_call_without_an_id_gets_one_made_up_from_its_position() throws Exception {
        StreamedToolCalls calls = new StreamedToolCalls();
        Control control = new Control();

        calls.onDelta(delta("[{\"index\":0,\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]"), control);

        assertThat(control.seen).contains("call " + ToolCall.madeUpId(0) + " f {}");
    }
}
