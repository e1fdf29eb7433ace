package dev.vernier.provider.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches eight bytes at a time ("SIMD within a register"), for the loops every byte of a
 * response passes through: finding line ends and the end of JSON strings. Each method returns the
 * first index at or after {@code from} (below {@code to}) whose byte matches, or {@code to}.
 *
 * <p>The trick: for a word {@code x}, {@code (x - 0x01..01) & ~x & 0x80..80} is non-zero exactly when
 * some byte of {@code x} is zero, and its lowest set bit marks the first such byte (borrows only make
 * bytes above a true zero look like zeros). XOR with a repeated byte turns "equals b" into "is zero".
 */
final class Swar {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LF = 0x0A0A0A0A0A0A0A0AL;
    private static final long CR = 0x0D0D0D0D0D0D0D0DL;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    private Swar() {}

    /** The first {@code \n} or {@code \r}. */
    static int lineEnd(byte[] bytes, int from, int to) {
        int p = from;
        while (p + 8 <= to) {
            long w = (long) LONGS.get(bytes, p);
            long lf = w ^ LF;
            long cr = w ^ CR;
            long hit = ((lf - ONES) & ~lf | (cr - ONES) & ~cr) & HIGHS;
            if (hit != 0) {
                return p + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            p += 8;
        }
        while (p < to && bytes[p] != '\n' && bytes[p] != '\r') {
            p++;
        }
        return p;
    }

    /**
     * The first byte that may end a plain run inside a JSON string: {@code "}, {@code \}, or a byte
     * below 0x20 (a control character, not allowed unescaped). Bytes of multi-byte UTF-8 characters
     * (0x80 and above) are plain.
     */
    static int stringSpecial(byte[] bytes, int from, int to) {
        int p = from;
        while (p + 8 <= to) {
            long w = (long) LONGS.get(bytes, p);
            long q = w ^ QUOTES;
            long b = w ^ BACKSLASHES;
            long hit = ((q - ONES) & ~q | (b - ONES) & ~b | (w - SPACES) & ~w) & HIGHS;
            if (hit != 0) {
                return p + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
            p += 8;
        }
        while (p < to) {
            byte c = bytes[p];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                break;
            }
            p++;
        }
        return p;
    }
}
