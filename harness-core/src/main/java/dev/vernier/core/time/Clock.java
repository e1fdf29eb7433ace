package dev.vernier.core.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The harness's only source of time. Injected everywhere so tests can use a fake one.
 * {@link #nanoTime()} is monotonic and used for every latency; {@link #now()} only labels results.
 */
public interface Clock {

    /** Monotonic nanoseconds, arbitrary origin. */
    long nanoTime();

    /** Wall-clock time, for labelling. */
    Instant now();

    /** Runs the task once after the delay, on the clock's own timer. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Handle to a scheduled task. */
    interface Cancellable {
        void cancel();
    }
}
