package dev.vernier.provider.llamacpp;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.TokenSink;
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
 * cycling through the busy slots in slot order, which is the order llama.cpp emits them after each
 * batch; a request started in this cycle is read last, so waiting for its first piece never holds
 * back another request's piece. It hands each piece to the request's sink at once, so the harness
 * times pieces as they are emitted. Counting tokens after a request ends happens on a second
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
    private final Active[] slots;
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
        this.slots = new Active[slots];
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
        return slots.length;
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
            for (int s = 0; s < slots.length; s++) {
                if (slots[s] != null) {
                    stop(s, closedFailure());
                }
            }
            for (Job job = waiting.poll(); job != null; job = waiting.poll()) {
                job.complete(closedFailure());
            }
            finisher.shutdown();
        }
    }

    /** Starts waiting requests in free slots; blocks for one when no slot is busy. */
    private void admit() {
        int busy = busy();
        while (busy < slots.length && !closed) {
            Job job;
            if (busy == 0) {
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
                slots[slot] = new Active(job, engine.start(job.request, slot));
                busy++;
            } catch (RuntimeException | Error e) {
                job.complete(Completion.failed(Failure.fromException(e)));
            }
        }
    }

    /** One piece from every busy slot: those already streaming in slot order, then the new ones. */
    private void cycle() {
        for (int pass = 0; pass < 2 && !closed; pass++) {
            boolean fresh = pass == 1;
            for (int s = 0; s < slots.length && !closed; s++) {
                if (slots[s] != null && slots[s].fresh == fresh) {
                    step(s);
                }
            }
        }
    }

    /** Waits for slot {@code s}'s next piece and hands it over; frees the slot when the stream ends. */
    private void step(int s) {
        Active a = slots[s];
        if (a.job.sink.cancelled()) {
            stop(s, cancelledFailure(a.pieces));
            return;
        }
        try {
            Piece piece = a.stream.next();
            a.fresh = false;
            take(a, piece);
            // llama.cpp emits the final output right after the piece that uses up max_tokens, in the
            // same batch: take it now, or it would wait in llama.cpp's queue while the dispatcher
            // waits (spinning) for another slot's next piece.
            while (!piece.last() && a.pieces >= a.job.request.maxTokens()) {
                piece = a.stream.next();
                take(a, piece);
            }
            if (piece.last()) {
                slots[s] = null;
                finish(a);
            }
        } catch (RuntimeException | Error e) {
            stop(s, Completion.failed(Failure.fromException(e)));
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

    /** Cancels slot {@code s}'s stream, frees the slot and ends its request with {@code outcome}. */
    private void stop(int s, Completion outcome) {
        Active a = slots[s];
        slots[s] = null;
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

    private int busy() {
        int busy = 0;
        for (Active a : slots) {
            if (a != null) {
                busy++;
            }
        }
        return busy;
    }

    private int freeSlot() {
        for (int s = 0; s < slots.length; s++) {
            if (slots[s] == null) {
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
        final StringBuilder text = new StringBuilder();
        int pieces;
        boolean fresh = true;

        Active(Job job, Stream stream) {
            this.job = job;
            this.stream = stream;
        }
    }
}
