package dev.vernier.provider.llamacpp;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.TokenSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Serves requests on the slots of one loaded model, the way llama.cpp's server does: up to
 * {@code slots} requests are decoded together (continuous batching: llama.cpp adds a new request's
 * prompt to the next batch and drops a finished one after its last token), the rest wait here in
 * arrival order.
 *
 * <p>One daemon thread, the dispatcher, starts every request in a free slot and takes every piece,
 * one piece per running request per cycle, oldest request first, and hands each piece to the
 * request's sink at once, so the harness times pieces as they are emitted. The order matters because
 * java-llama.cpp's waiting loop spins while a piece of another request is queued (package docs):
 * llama.cpp emits each batch's pieces in slot order, and a request started later yields its first
 * piece in the same batch as the older requests' next pieces or in a later one, never an earlier one.
 * Reading oldest first therefore waits for a piece only while the pieces before it in the same batch
 * are being emitted (microseconds); reading in slot order instead waits a whole batch whenever a newer
 * request is a batch ahead in a lower slot. Counting tokens after a request ends happens on a second
 * thread, so it never delays another request's pieces.
 *
 * <p>A request whose sink is cancelled (the harness's timeout) is stopped before its next piece is
 * awaited; {@link #close()} stops every running request at its next piece and fails the waiting ones.
 */
final class SlotScheduler implements AutoCloseable {

    private static final AtomicInteger SCHEDULERS = new AtomicInteger();

    /** A started generation in one slot. */
    interface Stream {

        /** Blocks until the next piece. */
        Piece next();

        /** Stops the generation; no further piece is awaited. */
        void cancel();
    }

    /**
     * One output of a stream.
     *
     * @param text the piece (empty for a final output without text)
     * @param last true for the stream's final output
     */
    record Piece(String text, boolean last) {}

    /** Starts a request in a given slot. */
    interface Engine {
        Stream start(GenerationRequest request, int slot);
    }

    /**
     * What a successful stream produced.
     *
     * @param text   the whole output
     * @param pieces outputs that carried a token (the final output counts only when it has text)
     */
    record Streamed(GenerationRequest request, String text, int pieces) {}

    private final Engine engine;
    private final Function<Streamed, Completion> finish;
    private final boolean[] busy;

    /** Running requests, oldest first; touched by the dispatcher only. */
    private final List<Active> running = new ArrayList<>();

    private final BlockingQueue<Job> waiting = new LinkedBlockingQueue<>();
    private final Thread dispatcher;
    private final ExecutorService finisher;
    private volatile boolean closed;

    /**
     * @param engine starts requests on the model
     * @param slots  requests decoded together, at least 1
     * @param finish turns a finished stream into its completion (token counts); runs off the
     *               dispatcher
     */
    SlotScheduler(Engine engine, int slots, Function<Streamed, Completion> finish) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1");
        }
        this.engine = engine;
        this.finish = finish;
        this.busy = new boolean[slots];
        String name = "vernier-llamacpp-" + SCHEDULERS.incrementAndGet();
        this.finisher = Executors.newSingleThreadExecutor(task -> daemon(task, name + "-finish"));
        this.dispatcher = daemon(this::dispatch, name);
        dispatcher.start();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Slots: requests decoded together. */
    int slots() {
        return busy.length;
    }

    /** Queues a request; the stage completes when it ends, never exceptionally. */
    CompletionStage<Completion> submit(GenerationRequest request, TokenSink sink) {
        Job job = new Job(request, sink);
        if (closed) {
            job.complete(closedFailure());
            return job.result;
        }
        waiting.add(job);
        // close() may have drained the queue just before the add: then nobody else will end the job.
        if (closed && waiting.remove(job)) {
            job.complete(closedFailure());
        }
        return job.result;
    }

    private void dispatch() {
        try {
            while (!closed) {
                admit();
                cycle();
            }
        } finally {
            // Also when the loop ends by an unexpected error: later requests then fail at once.
            closed = true;
            for (Active a : List.copyOf(running)) {
                stop(a, closedFailure());
            }
            for (Job job = waiting.poll(); job != null; job = waiting.poll()) {
                job.complete(closedFailure());
            }
            finisher.shutdown();
        }
    }

    /** Starts waiting requests in free slots; blocks for one when no slot is busy. */
    private void admit() {
        while (running.size() < busy.length && !closed) {
            Job job;
            if (running.isEmpty()) {
                try {
                    job = waiting.take();
                } catch (InterruptedException e) {
                    // close() interrupts an idle dispatcher; the loop sees closed.
                    return;
                }
            } else {
                job = waiting.poll();
            }
            if (job == null) {
                return;
            }
            if (closed) {
                job.complete(closedFailure());
                return;
            }
            if (job.sink.cancelled()) {
                job.complete(cancelledFailure(0));
                continue;
            }
            int slot = freeSlot();
            try {
                running.add(new Active(job, engine.start(job.request, slot), slot));
                busy[slot] = true;
            } catch (RuntimeException | Error e) {
                job.complete(Completion.failed(Failure.fromException(e)));
            }
        }
    }

    /** One piece from every running request, oldest first. */
    private void cycle() {
        for (Active a : List.copyOf(running)) {
            if (closed) {
                return;
            }
            step(a);
        }
    }

    /** Waits for the request's next piece and hands it over; frees its slot when the stream ends. */
    private void step(Active a) {
        if (a.job.sink.cancelled()) {
            stop(a, cancelledFailure(a.pieces));
            return;
        }
        try {
            Piece piece = a.stream.next();
            take(a, piece);
            // The final output comes in the same batch as the piece that uses up max_tokens, and as
            // an end-of-sequence token (an empty piece): take it now, or it would wait in llama.cpp's
            // queue while the dispatcher waits (spinning) for another request's next piece.
            while (!piece.last()
                    && (a.pieces >= a.job.request.maxTokens() || piece.text().isEmpty())) {
                piece = a.stream.next();
                take(a, piece);
            }
            if (piece.last()) {
                free(a);
                finish(a);
            }
        } catch (RuntimeException | Error e) {
            stop(a, Completion.failed(Failure.fromException(e)));
        }
    }

    private static void take(Active a, Piece piece) {
        if (!piece.last() || !piece.text().isEmpty()) {
            a.pieces++;
        }
        if (!piece.text().isEmpty()) {
            a.text.append(piece.text());
            a.job.sink.onChunk(piece.text(), 1);
        }
    }

    /** Cancels the request's stream, frees its slot and ends the request with {@code outcome}. */
    private void stop(Active a, Completion outcome) {
        free(a);
        try {
            a.stream.cancel();
        } catch (RuntimeException | Error e) {
            // The request ends as outcome says either way.
        }
        a.job.complete(outcome);
    }

    private void finish(Active a) {
        Streamed streamed = new Streamed(a.job.request, a.text.toString(), a.pieces);
        Runnable task = () -> {
            try {
                a.job.complete(finish.apply(streamed));
            } catch (RuntimeException | Error e) {
                a.job.complete(Completion.failed(Failure.fromException(e)));
            }
        };
        try {
            finisher.execute(task);
        } catch (RejectedExecutionException e) {
            a.job.complete(closedFailure());
        }
    }

    private void free(Active a) {
        running.remove(a);
        busy[a.slot] = false;
    }

    private int freeSlot() {
        for (int s = 0; s < busy.length; s++) {
            if (!busy[s]) {
                return s;
            }
        }
        throw new IllegalStateException("no free slot");
    }

    static Completion closedFailure() {
        return Completion.failed(Failure.of(FailureKind.UNAVAILABLE, "the llamacpp provider was closed"));
    }

    static Completion cancelledFailure(int pieces) {
        return Completion.failed(
                new Failure(FailureKind.TIMEOUT, 0, true, "cancelled by the harness after " + pieces + " pieces"));
    }

    /**
     * Stops accepting requests, stops the running ones at their next piece and fails the waiting
     * ones, then waits up to {@code timeout} for the dispatcher and the finishing thread to end.
     *
     * @return true when both ended (the model is no longer in use), false after the timeout
     */
    boolean close(long timeout, TimeUnit unit) {
        closed = true;
        dispatcher.interrupt();
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        try {
            dispatcher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (dispatcher.isAlive()) {
                return false;
            }
            return finisher.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        close(30, TimeUnit.SECONDS);
    }

    /** A request and where its outcome goes. */
    private static final class Job {
        final GenerationRequest request;
        final TokenSink sink;
        final CompletableFuture<Completion> result = new CompletableFuture<>();

        Job(GenerationRequest request, TokenSink sink) {
            this.request = request;
            this.sink = sink;
        }

        void complete(Completion completion) {
            result.complete(completion);
        }
    }

    /** A request being decoded in a slot; touched by the dispatcher only. */
    private static final class Active {
        final Job job;
        final Stream stream;
        final int slot;
        final StringBuilder text = new StringBuilder();
        int pieces;

        Active(Job job, Stream stream, int slot) {
            this.job = job;
            this.stream = stream;
            this.slot = slot;
        }
    }
}
