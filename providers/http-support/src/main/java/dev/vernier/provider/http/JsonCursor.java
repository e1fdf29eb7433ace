package dev.vernier.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A forward-only reader over one JSON text in UTF-8, for the per-chunk hot path of streaming
 * decoders: it walks the bytes in place (a line buffer, say), allocates only the strings asked for, and checks the syntax of
 * everything it passes over, skipped values included (RFC 8259: no comments, no single quotes, no
 * leading zeros, no unescaped control characters in strings). Content after the first value is not
 * looked at, as {@link Json#object} does not either.
 *
 * <p>Use: {@link #beginObject()}, then {@code while (nextField())} look at {@link #fieldIs} and read
 * the value with one of {@link #readString()}, {@link #beginObject()}, {@link #beginArray()} /
 * {@link #nextElement()}, {@link #rawValue()} or {@link #skipValue()}. Any syntax error throws
 * {@link Malformed}. Not thread-safe; one text at a time ({@link #reset}).
 *
 * <p>Why not Jackson here: creating a Jackson parser for each of a stream's 64 small chunks and
 * walking it token by token cost about 1.5 microseconds per chunk on this project's machine, about a
 * third of the I/O thread's time per streamed request in the load benchmark.
 */
public final class JsonCursor {

    /** Nesting deeper than this is refused rather than risking the stack. */
    static final int MAX_DEPTH = 1000;

    /** The text is not the JSON the caller asked for. */
    public static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A field name to look for, encoded once: {@link #fieldIs(Name)} then compares bytes (the name of a
     * chunk's every field is compared with a few wanted ones, so this runs hundreds of times per response).
     */
    public static final class Name {
        private final String text;
        private final byte[] utf8;

        private Name(String text) {
            this.text = text;
            this.utf8 = text.getBytes(StandardCharsets.UTF_8);
        }

        public static Name of(String text) {
            return new Name(Objects.requireNonNull(text, "text"));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private byte[] text;
    private int end;
    private int pos;
    /** Per open object or array: whether a member was read yet (a comma is due before the next). */
    private boolean[] started = new boolean[8];
    /** Per open container: true for an object, false for an array. */
    private boolean[] objects = new boolean[8];

    private int depth;
    private int nameStart;
    private int nameEnd;
    /** The field name holds an escape: it must be decoded to be compared. */
    private boolean nameEscaped;
    /** Set by {@link #string} when it passes an escape. */
    private boolean stringEscaped;

    /** A cursor at the start of {@code text}. */
    public JsonCursor(String text) {
        this(text.getBytes(StandardCharsets.UTF_8), 0, -1);
    }

    /**
     * A cursor over {@code length} bytes of UTF-8 from {@code offset} (a payload inside a line buffer,
     * read in place); a negative length means to the end of the array.
     */
    public JsonCursor(byte[] utf8, int offset, int length) {
        reset(utf8, offset, length);
    }

    /** Points this cursor at another text, as a new one would be (saves an allocation per chunk). */
    public JsonCursor reset(byte[] utf8, int offset, int length) {
        this.text = utf8;
        this.end = length < 0 ? utf8.length : offset + length;
        this.pos = offset;
        this.depth = 0;
        return this;
    }

    /** Enters an object that must be the next value. */
    public void beginObject() throws Malformed {
        expectValueStart('{');
        push();
    }

    /** True when the next value is an object (nothing is consumed). */
    public boolean atObject() throws Malformed {
        return peek() == '{';
    }

    /** True when the next value is an array (nothing is consumed). */
    public boolean atArray() throws Malformed {
        return peek() == '[';
    }

    /** True when the next value is a string (nothing is consumed). */
    public boolean atString() throws Malformed {
        return peek() == '"';
    }

    /** True when the next value is {@code null} (nothing is consumed). */
    public boolean atNull() throws Malformed {
        return peek() == 'n';
    }

    /**
     * Moves to the next field of the current object and reads its name and colon; at the object's
     * closing brace, leaves the object and returns false.
     */
    public boolean nextField() throws Malformed {
        char c = peek();
        if (c == '}') {
            pos++;
            pop();
            return false;
        }
        if (started[depth - 1]) {
            if (c != ',') {
                throw malformed("expected ',' or '}'");
            }
            pos++;
            c = peek();
        }
        started[depth - 1] = true;
        if (c != '"') {
            throw malformed("expected a field name");
        }
        nameStart = pos + 1;
        nameEscaped = scanString();
        nameEnd = pos - 1;
        if (peek() != ':') {
            throw malformed("expected ':'");
        }
        pos++;
        return true;
    }

    /** True when the field just read by {@link #nextField()} is named {@code name}. */
    public boolean fieldIs(String name) {
        return decode(nameStart, nameEnd).equals(name);
    }

    /**
     * True when the field just read by {@link #nextField()} is named {@code name}. A name without
     * escapes is compared as its UTF-8 bytes, which for well-formed UTF-8 is the same as comparing
     * the decoded text.
     */
    public boolean fieldIs(Name name) {
        if (nameEscaped) {
            return decode(nameStart, nameEnd).equals(name.text);
        }
        byte[] wanted = name.utf8;
        int from = nameStart;
        if (nameEnd - from != wanted.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) { // names are short: a loop beats Arrays.equals' set-up
            if (text[from + i] != wanted[i]) {
                return false;
            }
        }
        return true;
    }

    /** Enters an array that must be the next value. */
    public void beginArray() throws Malformed {
        expectValueStart('[');
        push();
    }

    /**
     * Moves to the next element of the current array; at its closing bracket, leaves the array and
     * returns false.
     */
    public boolean nextElement() throws Malformed {
        char c = peek();
        if (c == ']') {
            pos++;
            pop();
            return false;
        }
        if (started[depth - 1]) {
            if (c != ',') {
                throw malformed("expected ',' or ']'");
            }
            pos++;
        }
        started[depth - 1] = true;
        return true;
    }

    /** Reads the next value, which must be a string, decoding its escapes. */
    public String readString() throws Malformed {
        expectValueStart('"');
        pos--;
        int start = pos + 1;
        boolean escaped = scanString();
        return escaped ? decode(start, pos - 1) : new String(text, start, pos - 1 - start, StandardCharsets.UTF_8);
    }

    /**
     * Passes over the next value, whatever it is, checking its syntax. One loop over local
     * variables: most of a chunk's bytes are skipped (ids, model names, timestamps), so this is where
     * the time goes.
     */
    public void skipValue() throws Malformed {
        byte[] t = text;
        int e = end;
        int p = pos;
        int base = depth;
        while (true) {
            // a value starts at p
            p = whitespace(t, p, e);
            if (p >= e) {
                throw malformedAt(p, "unexpected end");
            }
            byte c = t[p];
            if (c == '"') {
                p = string(t, p, e);
            } else if (c == '{' || c == '[') {
                pos = ++p;
                push();
                p = whitespace(t, p, e);
                if (p >= e) {
                    throw malformedAt(p, "unexpected end");
                }
                byte first = t[p];
                if (c == '{' && first == '"') {
                    p = colon(t, string(t, p, e), e);
                    continue; // the first member's value
                } else if (first == (c == '{' ? '}' : ']')) {
                    p++;
                    depth--;
                } else if (c == '{') {
                    throw malformedAt(p, "expected a field name");
                } else {
                    continue; // the first element
                }
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                p = endOfToken(t, number(t, p, e), e);
            } else if (c == 't') {
                p = endOfToken(t, literal(t, p, e, TRUE), e);
            } else if (c == 'f') {
                p = endOfToken(t, literal(t, p, e, FALSE), e);
            } else if (c == 'n') {
                p = endOfToken(t, literal(t, p, e, NULL), e);
            } else {
                throw malformedAt(p, "expected a value");
            }
            // after a value: close finished containers, or move on to the next member
            while (true) {
                if (depth == base) {
                    pos = p;
                    return;
                }
                p = whitespace(t, p, e);
                if (p >= e) {
                    throw malformedAt(p, "unexpected end");
                }
                byte next = t[p];
                boolean object = objects[depth - 1];
                if (next == ',') {
                    p++;
                    if (object) {
                        p = whitespace(t, p, e);
                        if (p >= e || t[p] != '"') {
                            throw malformedAt(p, "expected a field name");
                        }
                        p = colon(t, string(t, p, e), e);
                    }
                    break;
                }
                if (next != (object ? '}' : ']')) {
                    throw malformedAt(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
                }
                p++;
                depth--;
            }
        }
    }

    /**
     * Passes over the next value and parses its bytes as a Jackson tree: for parts that come once per
     * stream (a usage block, an error) and are wanted whole.
     */
    public JsonNode readTree() throws Malformed {
        int start = skipWhitespace();
        skipValue();
        try {
            return Json.mapper().readTree(text, start, pos - start);
        } catch (IOException e) {
            throw malformedAt(start, "unreadable value");
        }
    }

    /** Passes over the next value and returns its text as written (e.g. to hand it to Jackson). */
    public String rawValue() throws Malformed {
        int start = skipWhitespace();
        skipValue();
        return new String(text, start, pos - start, StandardCharsets.UTF_8);
    }

    /** True when only whitespace is left (the caller decides whether trailing content matters). */
    public boolean atEnd() {
        return skipWhitespace() >= end;
    }

    // ------------------------------------------------------------------ scanning

    private void expectValueStart(char open) throws Malformed {
        if (peek() != open) {
            throw malformed("expected '" + open + "'");
        }
        pos++;
    }

    /** Opens a container whose opening byte is just before {@link #pos}. */
    private void push() throws Malformed {
        if (depth == MAX_DEPTH) {
            throw malformed("nested deeper than " + MAX_DEPTH);
        }
        if (depth == started.length) {
            started = Arrays.copyOf(started, depth * 2);
            objects = Arrays.copyOf(objects, depth * 2);
        }
        started[depth] = false;
        objects[depth] = text[pos - 1] == '{';
        depth++;
    }

    private void pop() throws Malformed {
        if (depth == 0) {
            throw malformed("unbalanced close");
        }
        depth--;
    }

    /** The next non-whitespace character, not consumed; fails at the end of the text. */
    private char peek() throws Malformed {
        int at = skipWhitespace();
        if (at >= end) {
            throw malformed("unexpected end");
        }
        return (char) (text[at] & 0xff);
    }

    private int skipWhitespace() {
        pos = whitespace(text, pos, end);
        return pos;
    }

    /** From an opening quote to just after the closing one; true when the string holds an escape. */
    private boolean scanString() throws Malformed {
        stringEscaped = false;
        pos = string(text, pos, end);
        return stringEscaped;
    }

    private static int whitespace(byte[] t, int p, int e) {
        if (p < e && t[p] > ' ') {
            return p; // the usual case: no whitespace at all (compact JSON)
        }
        while (p < e) {
            byte c = t[p];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            p++;
        }
        return p;
    }

    /** A string opening at {@code p}: the position after its closing quote, its escapes and characters checked. */
    private int string(byte[] t, int p, int e) throws Malformed {
        p++;
        while (true) {
            p = Swar.stringSpecial(t, p, e); // plain bytes, UTF-8 multi-byte characters included
            if (p >= e) {
                throw malformedAt(p, "unterminated string");
            }
            byte c = t[p];
            if (c == '"') {
                return p + 1;
            }
            if (c != '\\') {
                throw malformedAt(p, "control character in string");
            }
            if (p + 1 >= e) {
                throw malformedAt(p, "unterminated string");
            }
            stringEscaped = true;
            byte escape = t[p + 1];
            if (escape == 'u') {
                if (p + 6 > e) {
                    throw malformedAt(p, "short \\u escape");
                }
                for (int i = p + 2; i < p + 6; i++) {
                    if (Character.digit(t[i], 16) < 0) {
                        throw malformedAt(p, "bad \\u escape");
                    }
                }
                p += 6;
            } else if (escape == '"'
                    || escape == '\\'
                    || escape == '/'
                    || escape == 'b'
                    || escape == 'f'
                    || escape == 'n'
                    || escape == 'r'
                    || escape == 't') {
                p += 2;
            } else {
                throw malformedAt(p, "bad escape");
            }
        }
    }

    /** Whitespace, a colon, and the position after it (between a field name and its value). */
    private static int colon(byte[] t, int p, int e) throws Malformed {
        p = whitespace(t, p, e);
        if (p >= e || t[p] != ':') {
            throw malformedAt(p, "expected ':'");
        }
        return p + 1;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private static int literal(byte[] t, int p, int e, byte[] word) throws Malformed {
        if (p + word.length > e) {
            throw malformedAt(p, "expected a literal");
        }
        for (int i = 0; i < word.length; i++) {
            if (t[p + i] != word[i]) {
                throw malformedAt(p, "expected a literal");
            }
        }
        return p + word.length;
    }

    /** {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?} from {@code p}; the position after it. */
    private static int number(byte[] t, int p, int e) throws Malformed {
        if (t[p] == '-') {
            p++;
        }
        if (p < e && t[p] == '0') {
            p++;
        } else {
            p = digits(t, p, e);
        }
        if (p < e && t[p] == '.') {
            p = digits(t, p + 1, e);
        }
        if (p < e && (t[p] == 'e' || t[p] == 'E')) {
            p++;
            if (p < e && (t[p] == '+' || t[p] == '-')) {
                p++;
            }
            p = digits(t, p, e);
        }
        return p;
    }

    /** At least one digit from {@code p}; the position after the last. */
    private static int digits(byte[] t, int p, int e) throws Malformed {
        int start = p;
        while (p < e && t[p] >= '0' && t[p] <= '9') {
            p++;
        }
        if (p == start) {
            throw malformedAt(p, "expected a digit");
        }
        return p;
    }

    /** A number or literal must be followed by a delimiter (so {@code 01} or {@code truex} is refused). */
    private static int endOfToken(byte[] t, int p, int e) throws Malformed {
        if (p < e) {
            byte c = t[p];
            if (!(c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
                throw malformedAt(p, "unexpected character after a value");
            }
        }
        return p;
    }

    /**
     * The string between {@code from} and {@code to} (quotes excluded) with escapes decoded; already
     * checked. Runs of bytes between escapes are decoded as UTF-8 as a whole (an escape is ASCII, so it
     * never splits a character).
     */
    private String decode(int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        int p = from;
        int run = from;
        while (p < to) {
            if (text[p] != '\\') {
                p++;
                continue;
            }
            if (p > run) {
                out.append(new String(text, run, p - run, StandardCharsets.UTF_8));
            }
            byte e = text[p + 1];
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int unit = 0;
                    for (int i = p + 2; i < p + 6; i++) {
                        unit = unit * 16 + Character.digit(text[i], 16);
                    }
                    out.append((char) unit);
                    p += 4;
                }
                default -> out.append((char) e); // " \ /
            }
            p += 2;
            run = p;
        }
        if (to > run) {
            out.append(new String(text, run, to - run, StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private Malformed malformed(String what) {
        return malformedAt(pos, what);
    }

    private static Malformed malformedAt(int position, String what) {
        return new Malformed(what + " at offset " + position);
    }
}
