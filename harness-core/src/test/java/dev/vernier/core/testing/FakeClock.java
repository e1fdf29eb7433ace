package dev.vernier.core.testing;

import dev.vernier.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock that moves only when told to; scheduled tasks run on the thread that advances it. */
public final class FakeClock implements Clock {

    private final Instant epoch;
    private long nanos;
    private long sequence;
    private final List<Task> tasks = new ArrayList<>();

    public FakeClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public FakeClock(Instant epoch) {
        this.epoch = epoch;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Instant now() {
        return epoch.plusNanos(nanos);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(nanos + delay.toNanos(), sequence++, task);
        tasks.add(t);
        return () -> {
            synchronized (FakeClock.this) {
                tasks.remove(t);
            }
        };
    }

    /** Moves time forward, running every task that falls due, in time order. */
    public void advance(Duration by) {
        long target;
        synchronized (this) {
            target = nanos + by.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream()
                        .filter(t -> t.due <= target)
                        .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::seq))
                        .orElse(null);
                if (next == null) {
                    nanos = target;
                    return;
                }
                tasks.remove(next);
                nanos = Math.max(nanos, next.due);
            }
            next.run.run();
        }
    }

    /** When the earliest pending task falls due, or -1 when none is pending. */
    public synchronized long nextDueNanos() {
        return tasks.stream().mapToLong(Task::due).min().orElse(-1);
    }

    public synchronized int pendingTasks() {
        return tasks.size();
    }

    private record Task(long due, long seq, Runnable run) {}
}
