package dev.vernier.provider.http;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * An incremental HTTP/1.1 response parser: status line, headers, then a body framed by
 * {@code Content-Length}, {@code Transfer-Encoding: chunked} or the end of the connection. Bytes may
 * be fed in pieces of any size, split anywhere (inside the status line, a header, a chunk-size line
 * or its CRLF). Interim 1xx responses are skipped. Not thread-safe; {@link #reset} before each
 * response.
 */
final class Http1ResponseParser {

    /** Receives the parts of one response. */
    interface Handler {
        /** The final (non-1xx) response head; the headers are built when first asked for. */
        void head(int status, Supplier<HttpHeaders> headers);

        /** A piece of the body, with the framing removed. */
        void body(byte[] bytes, int offset, int length);
    }

    /** Longest response head accepted. */
    static final int MAX_HEAD = 64 * 1024;

    private static final int HEAD = 0;
    private static final int LENGTH = 1;
    private static final int CHUNK_SIZE = 2;
    private static final int CHUNK_DATA = 3;
    private static final int CHUNK_DATA_END = 4;
    private static final int TRAILER = 5;
    private static final int UNTIL_CLOSE = 6;
    private static final int DONE = 7;

    private final ByteAccumulator line = new ByteAccumulator(256);
    private Handler handler;
    private boolean noBody;
    private int state = DONE;
    private int status;
    private boolean http11;
    /** Header lines of the response being read, each ending in a newline. */
    private final ByteAccumulator headerLines = new ByteAccumulator(512);

    private String connection = "";
    private String transferEncoding = "";
    private String contentLength;
    private long remaining;
    private boolean keepAlive;
    private boolean receivedAny;
    private int headBytes;

    /**
     * Prepares for the next response.
     *
     * @param noBody the request was HEAD: the response has no body whatever its headers say
     */
    void reset(Handler handler, boolean noBody) {
        this.handler = handler;
        this.noBody = noBody;
        this.state = HEAD;
        this.status = 0;
        this.headerLines.reset();
        this.connection = "";
        this.transferEncoding = "";
        this.contentLength = null;
        this.remaining = 0;
        this.keepAlive = false;
        this.receivedAny = false;
        this.headBytes = 0;
        line.reset();
    }

    /**
     * Parses the next bytes of the response.
     *
     * @return bytes consumed: all of them unless the response ended before the last one
     */
    int feed(byte[] bytes, int offset, int length) throws IOException {
        if (length > 0) {
            receivedAny = true;
        }
        int i = offset;
        int end = offset + length;
        while (i < end && state != DONE) {
            switch (state) {
                case LENGTH, CHUNK_DATA -> {
                    int take = (int) Math.min(remaining, end - i);
                    handler.body(bytes, i, take);
                    i += take;
                    remaining -= take;
                    if (remaining == 0) {
                        state = state == LENGTH ? DONE : CHUNK_DATA_END;
                    }
                }
                case UNTIL_CLOSE -> {
                    handler.body(bytes, i, end - i);
                    i = end;
                }
                default -> {
                    int newline = i;
                    while (newline < end && bytes[newline] != '\n') {
                        newline++;
                    }
                    int taken = newline - i;
                    if (state == HEAD) {
                        headBytes += taken + 1;
                        if (headBytes > MAX_HEAD) {
                            throw new ProtocolException("response head longer than " + MAX_HEAD + " bytes");
                        }
                    } else if (line.size() + taken > 4096) {
                        throw new ProtocolException("chunk framing line too long");
                    }
                    line.append(bytes, i, taken);
                    if (newline == end) {
                        i = end;
                    } else {
                        i = newline + 1;
                        int n = line.size();
                        if (n > 0 && line.byteAt(n - 1) == '\r') {
                            n--;
                        }
                        onLine(n);
                        line.reset();
                    }
                }
            }
        }
        return i - offset;
    }

    /** The connection ended: completes a read-until-close body, else reports a truncated response. */
    void endOfInput() throws IOException {
        if (state == UNTIL_CLOSE) {
            state = DONE;
        } else if (state != DONE) {
            throw new EOFException(
                    receivedAny
                            ? "connection closed before the end of the response"
                            : "connection closed before any response");
        }
    }

    /** The whole response has been read. */
    boolean done() {
        return state == DONE;
    }

    /** The head has been read (the body may still be coming). */
    boolean headRead() {
        return state != HEAD;
    }

    /** Some byte of this response has arrived. */
    boolean receivedAny() {
        return receivedAny;
    }

    /** The connection may carry another request once this response is done. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** The line in {@link #line}, {@code n} bytes without its terminator (framing lines are read as bytes). */
    private void onLine(int n) throws IOException {
        switch (state) {
            case HEAD -> headLine(n);
            case CHUNK_SIZE -> {
                long size = chunkSize(n);
                if (size == 0) {
                    state = TRAILER;
                } else {
                    remaining = size;
                    state = CHUNK_DATA;
                }
            }
            case CHUNK_DATA_END -> {
                if (n != 0) {
                    throw new ProtocolException("chunk not followed by CRLF");
                }
                state = CHUNK_SIZE;
            }
            case TRAILER -> {
                if (n == 0) {
                    state = DONE;
                }
            }
            default -> throw new IllegalStateException("state " + state);
        }
    }

    /** {@code 1*HEXDIG [ ";" extension ]}, spaces and tabs around the digits allowed. */
    private long chunkSize(int n) throws IOException {
        byte[] bytes = line.array();
        int i = 0;
        while (i < n && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        long size = 0;
        int digits = 0;
        while (i < n) {
            int d = Character.digit(bytes[i], 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                throw new ProtocolException(
                        "bad chunk size: " + HttpFailures.clip(line.decode(n, StandardCharsets.ISO_8859_1)));
            }
            size = size * 16 + d;
            i++;
        }
        while (i < n && (bytes[i] == ' ' || bytes[i] == '\t')) {
            i++;
        }
        if (digits == 0 || (i < n && bytes[i] != ';')) {
            throw new ProtocolException(
                    "bad chunk size: " + HttpFailures.clip(line.decode(n, StandardCharsets.ISO_8859_1)));
        }
        return size;
    }

    /**
     * One line of the head, {@code n} bytes in {@link #line}. Header lines are kept as bytes (the
     * {@link HttpHeaders} are built only if someone asks); the three that frame the body are read here.
     */
    private void headLine(int n) throws IOException {
        byte[] b = line.array();
        if (status == 0) {
            if (n == 0) {
                return; // tolerate a stray blank line before the status line
            }
            parseStatusLine(b, n);
            headerLines.reset();
            connection = "";
            transferEncoding = "";
            contentLength = null;
            return;
        }
        if (n > 0) {
            int colon = indexOf(b, n, (byte) ':');
            if (colon > 0) {
                headerLines.append(b, 0, n);
                headerLines.append(NEWLINE, 0, 1);
                int nameStart = skipSpace(b, 0, colon);
                int nameEnd = trimEnd(b, nameStart, colon);
                int valueStart = skipSpace(b, colon + 1, n);
                int valueEnd = trimEnd(b, valueStart, n);
                if (nameIs(b, nameStart, nameEnd, "connection")) {
                    connection = join(connection, b, valueStart, valueEnd);
                } else if (nameIs(b, nameStart, nameEnd, "transfer-encoding")) {
                    transferEncoding = join(transferEncoding, b, valueStart, valueEnd);
                } else if (contentLength == null && nameIs(b, nameStart, nameEnd, "content-length")) {
                    contentLength = new String(b, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
                }
            }
            return;
        }
        if (status / 100 == 1 && status != 101) {
            status = 0; // interim response: the real one follows
            return;
        }
        endOfHead();
    }

    private void parseStatusLine(byte[] b, int n) throws IOException {
        // HTTP/1.1 200 OK
        if (n < 12 || !startsWith(b, n, HTTP_1) || b[8] != ' ') {
            throw new ProtocolException("not an HTTP/1.x status line: "
                    + HttpFailures.clip(new String(b, 0, n, StandardCharsets.ISO_8859_1)));
        }
        http11 = b[7] != '0';
        int code = 0;
        for (int k = 9; k < 12; k++) {
            byte c = b[k];
            if (c < '0' || c > '9') {
                throw new ProtocolException(
                        "bad status code: " + HttpFailures.clip(new String(b, 0, n, StandardCharsets.ISO_8859_1)));
            }
            code = code * 10 + (c - '0');
        }
        if (code < 100) {
            throw new ProtocolException(
                    "bad status code: " + HttpFailures.clip(new String(b, 0, n, StandardCharsets.ISO_8859_1)));
        }
        status = code;
    }

    private void endOfHead() throws IOException {
        keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
        if (noBody || status == 204 || status == 304) {
            state = DONE;
        } else if (transferEncoding.contains("chunked")) {
            state = CHUNK_SIZE;
        } else if (contentLength != null) {
            try {
                remaining = Long.parseLong(contentLength);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad Content-Length: " + HttpFailures.clip(contentLength));
            }
            if (remaining < 0) {
                throw new ProtocolException("negative Content-Length");
            }
            state = remaining == 0 ? DONE : LENGTH;
        } else {
            state = UNTIL_CLOSE;
            keepAlive = false;
        }
        byte[] raw = Arrays.copyOf(headerLines.array(), headerLines.size());
        handler.head(status, () -> headers(raw));
    }

    /** The header lines (each ending in a newline) as {@link HttpHeaders}, names case-insensitive. */
    static HttpHeaders headers(byte[] raw) {
        TreeMap<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                String text = new String(raw, start, i - start, StandardCharsets.ISO_8859_1);
                int colon = text.indexOf(':');
                map.computeIfAbsent(text.substring(0, colon).trim(), k -> new ArrayList<>(1))
                        .add(text.substring(colon + 1).trim());
                start = i + 1;
            }
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }

    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEWLINE = {'\n'};

    private static boolean startsWith(byte[] b, int n, byte[] prefix) {
        if (n < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int n, byte wanted) {
        for (int i = 0; i < n; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** First index from {@code i} whose byte is above a space (as {@link String#trim()} counts). */
    private static int skipSpace(byte[] b, int i, int end) {
        while (i < end && (b[i] & 0xff) <= ' ') {
            i++;
        }
        return i;
    }

    private static int trimEnd(byte[] b, int start, int end) {
        while (end > start && (b[end - 1] & 0xff) <= ' ') {
            end--;
        }
        return end;
    }

    /** ASCII case-insensitive comparison with a lower-case name. */
    private static boolean nameIs(byte[] b, int start, int end, String lower) {
        if (end - start != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = b[start + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code joined} and the value, comma-separated, lower-cased (how repeated headers combine). */
    private static String join(String joined, byte[] b, int start, int end) {
        String value = new String(b, start, end - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        return joined.isEmpty() ? value : joined + "," + value;
    }
}
