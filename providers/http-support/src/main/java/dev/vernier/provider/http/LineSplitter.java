package dev.vernier.provider.http;

import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into UTF-8 lines the way {@link java.io.BufferedReader#readLine()} does (a
 * line ends at {@code \n}, {@code \r} or {@code \r\n}; a last line without terminator still counts),
 * whatever the boundaries of the pieces fed: a terminator or a multi-byte character may be split
 * across calls. Bytes are decoded only once a line is complete. Not thread-safe; reusable after
 * {@link #reset()}.
 */
final class LineSplitter {

    /** Receives complete lines, in order, without their terminators. */
    interface Sink {
        void line(String line);
    }

    private final ByteAccumulator pending = new ByteAccumulator(256);
    /** The last byte seen was a {@code \r} that ended a line: a {@code \n} right after it is part of that terminator. */
    private boolean afterCr;

    void feed(byte[] bytes, int offset, int length, Sink sink) {
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false;
                    start = i + 1;
                    continue;
                }
                emit(bytes, start, i, sink);
                start = i + 1;
            } else if (b == '\r') {
                emit(bytes, start, i, sink);
                afterCr = true;
                start = i + 1;
            } else {
                afterCr = false;
            }
        }
        pending.append(bytes, start, end - start);
    }

    /** The stream ended: delivers a last line that had no terminator, if any. */
    void finish(Sink sink) {
        if (pending.size() > 0) {
            String line = pending.decode(pending.size(), StandardCharsets.UTF_8);
            pending.reset();
            sink.line(line);
        }
        afterCr = false;
    }

    void reset() {
        pending.reset();
        afterCr = false;
    }

    private void emit(byte[] bytes, int start, int end, Sink sink) {
        String line;
        if (pending.size() == 0) {
            line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
        } else {
            pending.append(bytes, start, end - start);
            line = pending.decode(pending.size(), StandardCharsets.UTF_8);
            pending.reset();
        }
        sink.line(line);
    }
}
