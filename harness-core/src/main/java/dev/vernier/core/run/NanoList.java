package dev.vernier.core.run;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of {@code long}s kept unboxed: a sample's chunk times (64 or more per streamed
 * request, every request of a run held until the run ends). As a {@code List<Long>} it equals, and
 * hashes like, any other list of the same values; {@link #getLong} reads without boxing.
 */
public final class NanoList extends AbstractList<Long> implements RandomAccess {

    private static final NanoList EMPTY = new NanoList(new long[0]);

    private final long[] values;

    private NanoList(long[] values) {
        this.values = values;
    }

    /** The first {@code size} values of {@code values}, copied. */
    public static NanoList copyOf(long[] values, int size) {
        return size == 0 ? EMPTY : new NanoList(Arrays.copyOf(values, size));
    }

    /** The list itself when it is a {@code NanoList}, else an unboxed copy (nulls refused). */
    public static NanoList copyOf(List<Long> list) {
        if (list instanceof NanoList nanos) {
            return nanos;
        }
        long[] copy = new long[list.size()];
        int i = 0;
        for (Long value : list) {
            copy[i++] = value; // NullPointerException for a null, as List.copyOf
        }
        return copy.length == 0 ? EMPTY : new NanoList(copy);
    }

    /** Value {@code index}, unboxed. */
    public long getLong(int index) {
        return values[index];
    }

    @Override
    public Long get(int index) {
        return values[index];
    }

    @Override
    public int size() {
        return values.length;
    }
}
