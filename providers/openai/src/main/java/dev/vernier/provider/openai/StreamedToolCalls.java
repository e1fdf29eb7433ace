package dev.vernier.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.ToolCall;
import dev.vernier.provider.http.StreamControl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * Calls are numbered in the order they open (OpenAI's {@code index} order) and reported in that order, once
 * each: a call that is whole before an earlier one is reported right after that earlier one (only possible
 * when a server interleaves). A piece continues the call open at its {@code index}, unless it carries a
 * function name while that call already has one and either a different {@code id} or complete arguments:
 * then it opens a new call. This keeps apart the calls of a parallel batch sent whole, each with its own id,
 * all at {@code index} 0 (Ollama's OpenAI-compatible endpoint has done so: it copies the index its model's
 * parser sets, 0 in older versions); servers that send a fresh
 * {@code id} with every piece of one call (without repeating the name) still make one call. An element
 * without {@code index} continues the last call, or opens the next when it carries another {@code id} or
 * a name after a complete call.
 */
final class StreamedToolCalls {

    /** One call being received. */
    private static final class Call {
        /** Its position in the answer: calls are numbered as they open. */
        final int position;

        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
        final JsonEnd end = new JsonEnd();
        boolean reported;

        Call(int position) {
            this.position = position;
        }

        boolean whole() {
            return name != null && end.complete();
        }

        /** Whether a piece carrying {@code newName} and {@code newId} opens another call at this call's index. */
        boolean succeededBy(String newName, String newId) {
            return name != null
                    && newName != null
                    && ((id != null && newId != null && !id.equals(newId)) || end.complete());
        }

        ToolCall toCall() {
            return new ToolCall(
                    id == null ? ToolCall.madeUpId(position) : id, name == null ? "" : name, arguments.toString());
        }
    }

    /** Every call, in the order they opened. */
    private final List<Call> calls = new ArrayList<>();
    /** The call each {@code index} value currently continues. */
    private final Map<Integer, Call> byIndex = new HashMap<>();

    private Call last;
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
        String id = text(element.get("id"));
        JsonNode function = element.path("function");
        String name = text(function.get("name"));
        Call call;
        if (element.path("index").canConvertToInt()) {
            call = byIndex.get(element.get("index").asInt());
            if (call == null || call.succeededBy(name, id)) {
                call = open();
                byIndex.put(element.get("index").asInt(), call);
            }
        } else {
            call = last == null || last.succeededBy(name, id) || (id != null && last.id != null && !id.equals(last.id))
                    ? open()
                    : last;
        }
        last = call;
        if (id != null && call.id == null) {
            call.id = id;
        }
        if (name != null && call.name == null) {
            call.name = name;
            control.toolCallChunk(call.position, name);
        }
        String fragment = text(function.get("arguments"));
        if (fragment != null) {
            control.toolCallChunk(call.position, fragment);
            if (!call.reported) {
                call.arguments.append(fragment);
                call.end.feed(fragment);
            }
        }
    }

    private Call open() {
        Call call = new Call(calls.size());
        calls.add(call);
        return call;
    }

    /** A non-empty string value, else null. */
    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }

    /** The answer is over (finish reason, end marker or end of body): every call not yet reported is. */
    void finish(StreamControl control) {
        reportWhole(control, true);
    }

    /** Reports, in the answer's order, the calls that are whole (all remaining ones when {@code all}). */
    private void reportWhole(StreamControl control, boolean all) {
        for (Call call : calls) {
            if (call.reported) {
                continue;
            }
            if (!all && !call.whole()) {
                return; // later calls wait for this one: calls are reported in the answer's order
            }
            call.reported = true;
            control.toolCall(call.toCall());
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
