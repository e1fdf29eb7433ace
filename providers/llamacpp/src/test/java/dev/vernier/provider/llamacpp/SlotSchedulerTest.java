package dev.vernier.provider.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on a scripted engine: each stream yields "p0", "p1", ... up to the request's
 * max_tokens, then an empty final output, as llama.cpp does when the budget is used up.
 */
class SlotSchedulerTest {

    /** Every next() call in order, as "prompt:index". */
    private final List<String> reads = new CopyOnWriteArrayList<>();

    /** Every start in order, as "prompt@slot". */
    private final List<String> starts = new CopyOnWriteArrayList<>();

    private final List<String> cancels = new CopyOnWriteArrayList<>();
    private final List<String> finishThreads = new CopyOnWriteArrayList<>();
    private final Map<String, String> finishedText = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();

    /** The first read of the stream whose prompt is "gate" blocks until this opens (uninterruptibly). */
    private final CountDownLatch gate = new CountDownLatch(1);

    private SlotScheduler scheduler;

    @AfterEach
    void close() {
        gate.countDown();
        if (scheduler != null) {
            scheduler.close(5, TimeUnit.SECONDS);
        }
    }

    private SlotScheduler.Stream stream(GenerationRequest request, int slot) {
        if (request.prompt().equals("refused")) {
            throw new IllegalArgumentException("prompt too long");
        }
        starts.add(request.prompt() + "@" + slot);
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        return new SlotScheduler.Stream() {
            int index;
            boolean ended;

            @Override
            public SlotScheduler.Piece next() {
                reads.add(request.prompt() + ":" + index);
                if (request.prompt().equals("gate") && index == 0) {
                    awaitGate();
                }
                if (request.prompt().equals("broken") && index == 1) {
                    end();
                    throw new IllegalStateException("decode failed");
                }
                int i = index++;
                if (request.prompt().equals("eos") && i >= 1) {
                    if (i == 1) {
                        return new SlotScheduler.Piece("", false);
                    }
                    end();
                    return new SlotScheduler.Piece("", true);
                }
                if (i < request.maxTokens()) {
                    return new SlotScheduler.Piece("p" + i, false);
                }
                end();
                return new SlotScheduler.Piece("", true);
            }

            @Override
            public void cancel() {
                cancels.add(request.prompt());
                end();
            }

            private void end() {
                if (!ended) {
                    ended = true;
                    running.decrementAndGet();
                }
            }
        };
    }

    private void awaitGate() {
        boolean interrupted = false;
        while (true) {
            try {
                gate.await();
                break;
            } catch (InterruptedException e) {
                // Like a native call: an interrupt does not end the wait.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Completion finish(SlotScheduler.Streamed streamed) {
        finishThreads.add(Thread.currentThread().getName());
        finishedText.put(streamed.request().prompt(), streamed.text());
        return Completion.success(
                FinishReason.LENGTH, TokenCounts.of(1, streamed.pieces(), CountSource.LOCAL_TOKENIZER));
    }

    private SlotScheduler scheduler(int slots) {
        scheduler = new SlotScheduler(this::stream, slots, this::finish);
        return scheduler;
    }

    private static GenerationRequest request(String prompt, int maxTokens) {
        return new GenerationRequest(prompt, prompt, null, 0.0, maxTokens, 1L);
    }

    /** A sink recording chunks; cancelled once it has {@code cancelAfter} chunks (never when negative). */
    private static final class Sink implements TokenSink {
        final List<String> chunks = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final int cancelAfter;

        Sink(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void onChunk(String text, int tokens) {
            chunks.add(text);
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public boolean cancelled() {
            return cancelAfter >= 0 && chunks.size() >= cancelAfter;
        }
    }

    private static Completion await(CompletionStage<Completion> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void reads_one_piece_per_request_per_cycle_oldest_first() throws Exception {
        SlotScheduler s = scheduler(4);
        Sink a = new Sink(-1);
        Sink b = new Sink(-1);
        Sink c = new Sink(-1);

        CompletionStage<Completion> first = s.submit(request("gate", 3), a);
        while (reads.isEmpty()) {
            Thread.onSpinWait();
        }
        CompletionStage<Completion> second = s.submit(request("b", 3), b);
        CompletionStage<Completion> third = s.submit(request("c", 3), c);
        gate.countDown();

        assertThat(await(first).succeeded()).isTrue();
        assertThat(await(second).succeeded()).isTrue();
        assertThat(await(third).succeeded()).isTrue();
        // gate streams alone, then b and c join in slots 1 and 2 and are read after it; the final
        // output that follows each third piece is taken at once.
        assertThat(reads)
                .containsExactly(
                        "gate:0", "gate:1", "b:0", "c:0", "gate:2", "gate:3", "b:1", "c:1", "b:2", "b:3", "c:2", "c:3");
        assertThat(starts).containsExactly("gate@0", "b@1", "c@2");
        assertThat(List.of(a.chunks, b.chunks, c.chunks))
                .allSatisfy(chunks -> assertThat(chunks).containsExactly("p0", "p1", "p2"));
    }

    @Test
    void a_newer_request_is_read_after_the_older_ones_even_in_a_lower_slot() throws Exception {
        SlotScheduler s = scheduler(2);
        CompletionStage<Completion> first = s.submit(request("gate", 2), new Sink(-1));
        while (reads.isEmpty()) {
            Thread.onSpinWait();
        }
        CompletionStage<Completion> second = s.submit(request("b", 5), new Sink(-1));
        CompletionStage<Completion> third = s.submit(request("c", 3), new Sink(-1));
        gate.countDown();

        for (CompletionStage<Completion> r : List.of(first, second, third)) {
            assertThat(await(r).succeeded()).isTrue();
        }
        // gate ends and frees slot 0 while b streams in slot 1; c starts in slot 0 and is read after
        // b every cycle: c may be a batch ahead of b (llama.cpp may add its prompt only to the batch
        // after b's next token), so reading slot 0 first could wait a whole batch.
        assertThat(starts).containsExactly("gate@0", "b@1", "c@0");
        assertThat(reads)
                .containsExactly(
                        "gate:0", "gate:1", "gate:2", "b:0", "b:1", "c:0", "b:2", "c:1", "b:3", "c:2", "c:3", "b:4",
                        "b:5");
    }

    @Test
    void the_final_output_after_an_end_of_sequence_piece_is_taken_at_once() throws Exception {
        SlotScheduler s = scheduler(2);
        CompletionStage<Completion> first = s.submit(request("gate", 6), new Sink(-1));
        while (reads.isEmpty()) {
            Thread.onSpinWait();
        }
        CompletionStage<Completion> eos = s.submit(request("eos", 6), new Sink(-1));
        gate.countDown();

        assertThat(await(first).succeeded()).isTrue();
        assertThat(await(eos).tokens().output())
                .as("the end-of-sequence token is a piece")
                .isEqualTo(2);
        // eos yields "p0", then an empty piece (its end-of-sequence token), then the final output:
        // the final is read right after the empty piece, before gate's next piece.
        assertThat(reads).containsSubsequence("eos:1", "eos:2", "gate:3");
        assertThat(reads.indexOf("eos:2")).isEqualTo(reads.indexOf("eos:1") + 1);
    }

    @Test
    void hands_pieces_over_on_the_dispatcher_and_counts_tokens_on_another_thread() throws Exception {
        Sink sink = new Sink(-1);

        Completion completion = await(scheduler(2).submit(request("story", 5), sink));

        assertThat(completion.tokens().output())
                .as("the empty final output is no piece")
                .isEqualTo(5);
        assertThat(finishedText).containsEntry("story", "p0p1p2p3p4");
        assertThat(sink.threads)
                .allSatisfy(
                        name -> assertThat(name).startsWith("vernier-llamacpp-").doesNotEndWith("-finish"));
        assertThat(finishThreads).singleElement().asString().endsWith("-finish");
    }

    @Test
    void runs_at_most_slots_requests_at_once_and_starts_the_rest_in_arrival_order() throws Exception {
        SlotScheduler s = scheduler(2);
        List<CompletionStage<Completion>> results = new ArrayList<>();
        results.add(s.submit(request("gate", 2), new Sink(-1)));
        for (String prompt : List.of("r1", "r2", "r3", "r4")) {
            results.add(s.submit(request(prompt, 2), new Sink(-1)));
        }
        gate.countDown();

        for (CompletionStage<Completion> r : results) {
            assertThat(await(r).succeeded()).isTrue();
        }
        assertThat(mostRunning).hasValue(2);
        assertThat(starts)
                .extracting(x -> x.substring(0, x.indexOf('@')))
                .containsExactly("gate", "r1", "r2", "r3", "r4");
    }

    @Test
    void a_cancelled_request_is_stopped_before_its_next_piece_and_frees_its_slot() throws Exception {
        SlotScheduler s = scheduler(1);
        Sink cancelling = new Sink(2);

        Completion cancelled = await(s.submit(request("long", 100), cancelling));
        Completion next = await(s.submit(request("next", 3), new Sink(-1)));

        assertThat(cancelling.chunks).containsExactly("p0", "p1");
        assertThat(cancelled.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(cancelled.failure().message()).contains("after 2 pieces");
        assertThat(cancels).containsExactly("long");
        assertThat(next.succeeded()).isTrue();
    }

    @Test
    void a_request_cancelled_while_waiting_never_starts() throws Exception {
        SlotScheduler s = scheduler(1);
        CompletionStage<Completion> first = s.submit(request("gate", 2), new Sink(-1));
        CompletionStage<Completion> late = s.submit(request("late", 2), new Sink(0));
        gate.countDown();

        assertThat(await(first).succeeded()).isTrue();
        assertThat(await(late).failure().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(starts).containsExactly("gate@0");
    }

    @Test
    void a_request_llama_cpp_refuses_or_that_fails_mid_stream_fails_alone() throws Exception {
        SlotScheduler s = scheduler(2);

        Completion refused = await(s.submit(request("refused", 3), new Sink(-1)));
        Completion broken = await(s.submit(request("broken", 3), new Sink(-1)));
        Completion fine = await(s.submit(request("fine", 3), new Sink(-1)));

        assertThat(refused.failure().kind()).isEqualTo(FailureKind.PROVIDER_ERROR);
        assertThat(refused.failure().message()).contains("prompt too long");
        assertThat(broken.failure().message()).contains("decode failed");
        assertThat(fine.succeeded()).isTrue();
        assertThat(running).as("every started stream ended").hasValue(0);
    }

    @Test
    void close_stops_running_and_waiting_requests_and_reports_whether_the_model_is_idle() throws Exception {
        SlotScheduler s = scheduler(1);
        CompletionStage<Completion> running = s.submit(request("gate", 5), new Sink(-1));
        CompletionStage<Completion> waiting = s.submit(request("waiting", 5), new Sink(-1));
        while (reads.isEmpty()) {
            Thread.onSpinWait();
        }

        // The dispatcher is inside a (native) read that an interrupt does not end: not idle yet.
        assertThat(s.close(50, TimeUnit.MILLISECONDS)).isFalse();
        gate.countDown();

        assertThat(s.close(5, TimeUnit.SECONDS)).isTrue();
        assertThat(await(running).failure().kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(await(waiting).failure().kind()).isEqualTo(FailureKind.UNAVAILABLE);
        assertThat(cancels).containsExactly("gate");
        assertThat(await(s.submit(request("after", 1), new Sink(-1))).failure().kind())
                .isEqualTo(FailureKind.UNAVAILABLE);
    }

    @Test
    void an_idle_scheduler_closes_at_once() {
        long start = System.nanoTime();

        assertThat(scheduler(4).close(5, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(1));
    }
}
