package dev.vernier.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.ToolCall;
import dev.vernier.provider.http.StreamControl;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts together the tool calls of one streamed Chat Completions answer from its
 * {@code choices[0].delta.tool_calls} pieces, and says when each call is whole. One instance per attempt.
 *
 * <p>The stream shape (Chat Completions reference, streaming): each element of {@code delta.tool_calls}
 * has the call's {@code index} in the answer; the first piece of a call carries its {@code id}, {@code type}
 * and {@code function.name} (usually with empty {@code arguments}); later pieces carry only
 * {@code function.arguments} fragments, to be concatenated. Parallel calls have indexes 0, 1, ...; OpenAI
 * sends them one after another, but a server may interleave their pieces.
 *
 * <p>Every piece goes to the harness at once ({@link StreamControl#toolCallChunk}: the name when a piece
 * carries it, then the arguments fragment when not empty). A call is reported whole
 * ({@link StreamControl#toolCall}):
 * <ol>
 *   <li>as soon as its name is known and its arguments are one complete JSON object or array: the piece
 *       with the closing brace is the last one a valid call can have (anything after it would make the
 *       arguments invalid JSON), so this is the earliest moment the call is known whole, one chunk before
 *       the next call's first piece or the finish reason. Waiting for the next index to start would be
 *       later and, with interleaved calls, wrong (the earlier call may still be streaming);</li>
 *   <li>otherwise (arguments that never close, empty arguments, a value that is not an object) when the
 *       answer ends: at its {@code finish_reason}, or, for a stream without one, at {@code [DONE]} or the end
 *       of the body ({@link #finish}).</li>
 * </ol>
 * Calls are reported in index order, once each: a call that is whole before an earlier one is reported
 * right after that earlier one (only possible when a server interleaves). An element without
 * {@code index} continues the last call, or starts the next when it carries a new {@code id}.
 */
final class StreamedToolCalls {

    /** One call being received. */
    private static final class Call {
        final int index;
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
        final JsonEnd end = new JsonEnd();
        boolean reported;

        Call(int index) {
            this.index = index;
        }

        boolean whole() {
            return name != null && end.complete();
        }

        ToolCall toCall(int position) {
            return new ToolCall(
                    id == null || id.isEmpty() ? ToolCall.madeUpId(position) : id,
                    name == null ? "" : name,
                    arguments.toString());
        }
    }

    private final Map<Integer, Call> calls = new TreeMap<>();
    private int last = -1;
    private int reported;
    private int pieces;

    /** Pieces received so far (each element of a {@code tool_calls} delta counts once). */
    int pieces() {
        return pieces;
    }

    /** Calls reported whole so far. */
    int reported() {
        return reported;
    }

    /** Takes the elements of one chunk's {@code delta.tool_calls} array. */
    void onDelta(JsonNode toolCalls, StreamControl control) {
        for (JsonNode element : toolCalls) {
            if (element.isObject()) {
                piece(element, control);
            }
        }
        reportWhole(control, false);
    }

    private void piece(JsonNode element, StreamControl control) {
        pieces++;
        JsonNode id = element.get("id");
        int index;
        if (element.path("index").canConvertToInt()) {
            index = element.get("index").asInt();
        } else if (last >= 0 && !(id != null && id.isTextual() && !id.asText().equals(calls.get(last).id))) {
            index = last;
        } else {
            index = last + 1;
        }
        last = index;
        Call call = calls.computeIfAbsent(index, Call::new);
        if (id != null && id.isTextual() && !id.asText().isEmpty() && call.id == null) {
            call.id = id.asText();
        }
        JsonNode function = element.path("function");
        JsonNode name = function.get("name");
        if (name != null && name.isTextual() && !name.asText().isEmpty() && call.name == null) {
            call.name = name.asText();
            control.toolCallChunk(index, call.name);
        }
        JsonNode arguments = function.get("arguments");
        if (arguments != null && arguments.isTextual() && !arguments.asText().isEmpty()) {
            String fragment = arguments.asText();
            control.toolCallChunk(index, fragment);
            if (!call.reported) {
                call.arguments.append(fragment);
                call.end.feed(fragment);
            }
        }
    }

    /** The answer is over (finish reason, end marker or end of body): every call not yet reported is. */
    void finish(StreamControl control) {
        reportWhole(control, true);
    }

    /** Reports, in index order, the calls that are whole (all remaining ones when {@code all}). */
    private void reportWhole(StreamControl control, boolean all) {
        for (Call call : calls.values()) {
            if (call.reported) {
                continue;
            }
            if (!all && !call.whole()) {
                return; // later calls wait for this one: calls are reported in the answer's order
            }
            call.reported = true;
            control.toolCall(call.toCall(reported));
            reported++;
        }
    }

    /**
     * Follows a JSON text fed in fragments just far enough to know when its top-level object or array is
     * closed: nesting depth outside strings, with escapes inside them.
     */
    static final class JsonEnd {
        private int depth;
        private boolean opened;
        private boolean closed;
        private boolean inString;
        private boolean escaped;
        private boolean notContainer;

        void feed(CharSequence fragment) {
            for (int i = 0; i < fragment.length() && !closed && !notContainer; i++) {
                char c = fragment.charAt(i);
                if (!opened) {
                    if (c == '{' || c == '[') {
                        opened = true;
                        depth = 1;
                    } else if (!Character.isWhitespace(c)) {
                        notContainer = true; // a string or number as arguments: never known whole before the end
                    }
                } else if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (c == '\\') {
                        escaped = true;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    closed = depth == 0;
                }
            }
        }

        /** Whether a top-level object or array was opened and has been closed. */
        boolean complete() {
            return closed;
        }
    }
}
