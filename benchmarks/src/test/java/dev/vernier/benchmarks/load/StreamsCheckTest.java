package dev.vernier.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamsCheckTest {

    /** Events as {@link StreamsCheck#maxOverlap} takes them: a start at t is 2t + 1, an end at t is 2t. */
    private static long[] intervals(long... startEnd) {
        long[] events = new long[startEnd.length];
        for (int i = 0; i < startEnd.length; i += 2) {
            events[i] = startEnd[i] * 2 + 1;
            events[i + 1] = startEnd[i + 1] * 2;
        }
        return events;
    }

    @Test
    void counts_the_most_intervals_open_at_once() {
        assertThat(StreamsCheck.maxOverlap(intervals(0, 10, 1, 5, 2, 3, 20, 30)))
                .isEqualTo(3);
        assertThat(StreamsCheck.maxOverlap(intervals(0, 10, 10, 20, 20, 30)))
                .as("touching, not overlapping")
                .isEqualTo(1);
        assertThat(StreamsCheck.maxOverlap(new long[0])).isZero();
    }
}
