package dev.vernier.provider.http;

/**
 * Splits a byte stream into UTF-8 lines the way {@link java.io.BufferedReader#readLine()} does (a
 * line ends at {@code \n}, {@code \r} or {@code \r\n}; a last line without terminator still counts),
 * whatever the boundaries of the pieces fed: a terminator or a multi-byte character may be split
 * across calls. Lines are handed over as bytes, in place when a line lies within one piece (nothing
 * is decoded or copied here). Not thread-safe; reusable after {@link #reset()}.
 */
final class LineSplitter {

    /** Receives complete lines, in order, as UTF-8 bytes without their terminators (valid only during the call). */
    interface Sink {
        void line(byte[] bytes, int offset, int length);
    }

    private final ByteAccumulator pending = new ByteAccumulator(256);
    /** The last byte fed was a {@code \r} that ended a line: a {@code \n} first in the next piece belongs to it. */
    private boolean afterCr;

    void feed(byte[] bytes, int offset, int length, Sink sink) {
        if (length <= 0) {
            return;
        }
        int end = offset + length;
        int i = offset;
        if (afterCr) {
            afterCr = false;
            if (bytes[i] == '\n') {
                i++;
            }
        }
        int start = i;
        while (true) {
            int j = Swar.lineEnd(bytes, i, end); // every byte of a stream passes here once
            if (j == end) {
                break;
            }
            emit(bytes, start, j, sink);
            if (bytes[j] == '\r') {
                if (j + 1 == end) {
                    afterCr = true;
                } else if (bytes[j + 1] == '\n') {
                    j++;
                }
            }
            i = j + 1;
            start = i;
        }
        pending.append(bytes, start, end - start);
    }

    /** The stream ended: delivers a last line that had no terminator, if any. */
    void finish(Sink sink) {
        if (pending.size() > 0) {
            int size = pending.size();
            sink.line(pending.array(), 0, size);
            pending.reset();
        }
        afterCr = false;
    }

    void reset() {
        pending.reset();
        afterCr = false;
    }

    private void emit(byte[] bytes, int start, int end, Sink sink) {
        if (pending.size() == 0) {
            sink.line(bytes, start, end - start);
        } else {
            pending.append(bytes, start, end - start);
            sink.line(pending.array(), 0, pending.size());
            pending.reset();
        }
    }
}
