package dev.vernier.provider.http;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * A growable byte buffer reused across lines, so splitting a stream into lines allocates only the
 * resulting strings. Not thread-safe.
 */
final class ByteAccumulator {

    /** Past this size a {@link #reset()} drops the array, so one huge line does not pin memory. */
    private static final int KEEP_LIMIT = 64 * 1024;

    private final int initialCapacity;
    private byte[] bytes;
    private int size;

    ByteAccumulator(int initialCapacity) {
        this.initialCapacity = initialCapacity;
        this.bytes = new byte[initialCapacity];
    }

    void append(byte[] source, int offset, int length) {
        if (length <= 0) {
            return;
        }
        ensure(size + length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    int size() {
        return size;
    }

    /** The backing array: its first {@link #size()} bytes are the content (valid until the next change). */
    byte[] array() {
        return bytes;
    }

    byte byteAt(int index) {
        return bytes[index];
    }

    /** The first {@code length} bytes decoded (malformed input becomes U+FFFD). */
    String decode(int length, Charset charset) {
        return new String(bytes, 0, length, charset);
    }

    void reset() {
        size = 0;
        if (bytes.length > KEEP_LIMIT) {
            bytes = new byte[initialCapacity];
        }
    }

    private void ensure(int capacity) {
        if (capacity > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
        }
    }
}
