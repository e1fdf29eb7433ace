package dev.vernier.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The real clock: {@link System#nanoTime()} and a single daemon timer thread. */
public final class SystemClock implements Clock {

    private static final SystemClock INSTANCE = new SystemClock("vernier-timer");

    /**
     * One daemon thread. Cancelled tasks leave the queue at once: every request schedules its timeout and
     * almost always cancels it, so without this the queue would hold one dead task per request of the
     * last minute and every schedule and cancel would work on it under its lock.
     */
    private final ScheduledThreadPoolExecutor timer;

    private SystemClock(String threadName) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** The clock of runs, its timer one thread for the life of the process. */
    public static SystemClock instance() {
        return INSTANCE;
    }

    /**
     * The same clock with a timer thread of its own, named {@code threadName}, for work that must leave
     * no thread behind (a harness warm-up): {@link #stop()} it when done.
     */
    public static SystemClock withOwnTimer(String threadName) {
        return new SystemClock(threadName);
    }

    /**
     * Stops this clock's timer thread; tasks not yet run never run. Refused for {@link #instance()},
     * whose timer every run shares.
     */
    public void stop() {
        if (this == INSTANCE) {
            throw new IllegalStateException("the shared system clock's timer runs for the life of the process");
        }
        timer.shutdownNow();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }
}
