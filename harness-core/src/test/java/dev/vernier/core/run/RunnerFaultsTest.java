package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.Secrets;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.journal.JournalException;
import dev.vernier.core.journal.JournalTestAccess;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.suite.PromptTemplate;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.TestCase;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.TestSuites;
import dev.vernier.core.time.SystemClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the runner does when something fails after, around or inside a request. */
@Timeout(20)
class RunnerFaultsTest {

    private final FakeClock clock = new FakeClock();

    static RunPlan plan(int cases, int repeats) {
        List<TestCase> list = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            list.add(new TestCase("c" + i, "", Map.of()));
        }
        Suite suite = TestSuites.of(
                List.of(new PromptTemplate("p", "hi", null)), list, 8, repeats, 0, 1, Duration.ofSeconds(5));
        return RunPlan.expand(suite, List.of("p"));
    }

    /** A provider whose every request runs {@code script} with the sink, then completes (or not). */
    static Provider provider(BiConsumer<GenerationRequest, TokenSink> script, boolean complete) {
        return new Provider() {
            @Override
            public String id() {
                return "p";
            }

            @Override
            public AccessMode accessMode() {
                return AccessMode.SELF_HOSTED_SERVER;
            }

            @Override
            public ModelFacts describe() {
                return new ModelFacts("m", true, null, null, null, DataDestination.THIS_MACHINE, "");
            }

            @Override
            public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                script.accept(request, sink);
                return complete
                        ? CompletableFuture.completedFuture(
                                Completion.success(FinishReason.STOP, TokenCounts.of(1, 3, CountSource.SERVER_USAGE)))
                        : new CompletableFuture<>();
            }
        };
    }

    @Test
    void a_listener_that_throws_loses_no_request_and_the_error_is_kept() throws Exception {
        Provider p = provider((r, sink) -> sink.onChunk("x", 1), true);
        AtomicInteger seen = new AtomicInteger();

        Runner.Outcome o = new Runner(clock, 2, Duration.ofSeconds(5)).run(plan(4, 1), Map.of("p", p), s -> {
            if (seen.incrementAndGet() == 2) {
                throw new IllegalStateException("scoring blew up");
            }
        });

        assertThat(o.samples()).hasSize(4);
        assertThat(seen).hasValue(4);
        assertThat(o.errors()).singleElement().asString().contains("IllegalStateException: scoring blew up");
        assertThat(o.complete()).isTrue();
    }

    @Test
    void a_journal_that_cannot_be_written_stops_the_run_and_cancels_what_is_in_flight() throws Exception {
        // the first request completes; the others never do, and would each wait for a 5 s timeout
        AtomicInteger calls = new AtomicInteger();
        Provider p = provider((r, sink) -> {}, false);
        Provider first = new DelegatingProvider(p) {
            @Override
            public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
                if (calls.incrementAndGet() == 1) {
                    sink.onChunk("x", 1);
                    return CompletableFuture.completedFuture(
                            Completion.success(FinishReason.STOP, TokenCounts.UNKNOWN));
                }
                return super.generate(request, sink);
            }
        };
        JournalException full = journalFailure();
        List<Sample> journaled = new ArrayList<>();
        long start = System.nanoTime();

        Runner.Outcome o = new Runner(SystemClock.instance(), 3, Duration.ofSeconds(5))
                .run(plan(10, 1), Map.of("p", first), s -> {
                    journaled.add(s);
                    throw full;
                });

        assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);
        assertThat(o.fatal()).isSameAs(full);
        assertThat(o.complete()).isFalse();
        assertThat(o.stoppedBecause()).contains("No space left on device");
        assertThat(calls.get()).isLessThanOrEqualTo(4); // the first, and at most the 3 sent before it was journaled
        // every request sent has its sample; one the runner had taken but not yet handed to the provider
        // when the run stopped is recorded as cancelled too (at most the 3 in flight after the first)
        assertThat(o.samples()).hasSizeBetween(calls.get(), 4);
        assertThat(o.samples().subList(1, o.samples().size()))
                .allSatisfy(s -> assertThat(s.failure().kind()).isEqualTo(FailureKind.CANCELLED));
    }

    private static JournalException journalFailure() throws IOException {
        Path dir = Files.createTempDirectory("full");
        try (Journal j = JournalTestAccess.failingAfter(dir.resolve("samples.jsonl"), 0)) {
            j.sampleCompleted(
                    Sample.builder().providerId("p").startedAt(Instant.EPOCH).build());
        } catch (JournalException e) {
            return e;
        }
        throw new AssertionError("the failing journal did not fail");
    }

    @Test
    void stop_ends_the_run_at_once_with_every_request_in_flight_recorded_as_cancelled() throws Exception {
        Provider never = provider((r, sink) -> sink.onChunk("partial", 1), false);
        Runner runner = new Runner(SystemClock.instance(), LoadProfile.closed(2), Duration.ofSeconds(30), Map.of());
        List<Sample> seen = new ArrayList<>();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            runner.stop("interrupted by SIGINT");
        });
        stopper.start();

        Runner.Outcome o = runner.run(plan(6, 1), Map.of("p", never), seen::add);

        assertThat(o.samples()).hasSize(2);
        assertThat(seen).hasSize(2);
        assertThat(o.samples()).allSatisfy(s -> {
            assertThat(s.cancelled()).isTrue();
            assertThat(s.failure().message()).isEqualTo("interrupted by SIGINT");
            assertThat(s.text()).isEqualTo("partial");
        });
        assertThat(o.stoppedBecause()).isEqualTo("interrupted by SIGINT");
    }

    @Test
    void a_request_that_times_out_after_streaming_records_e2e_as_the_time_it_was_given_up() throws Exception {
        CountDownLatch streamed = new CountDownLatch(1);
        Provider stalls = provider(
                (r, sink) -> {
                    clock.advance(Duration.ofMillis(5));
                    sink.onChunk("a", 1);
                    streamed.countDown();
                },
                false);

        Sample s = runTicking(new Runner(clock, 1, Duration.ofMillis(3000)), stalls, streamed, 3000);

        assertThat(s.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(s.chunkNanos()).containsExactly(5_000_000L);
        assertThat(s.e2eNanos()).isEqualTo(3_000_000_000L);
    }

    @Test
    void a_wait_to_retry_that_outlasts_the_timeout_keeps_the_failure_that_caused_it() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        Provider limited = provider(
                (r, sink) -> {
                    sink.attemptFailed(new Failure(FailureKind.RATE_LIMITED, 429, true, "HTTP 429: slow down"));
                    failed.countDown();
                },
                false);

        Sample s = runTicking(new Runner(clock, 1, Duration.ofMillis(500)), limited, failed, 500);

        assertThat(s.failure().kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(s.failure().httpStatus()).isEqualTo(429);
        assertThat(s.failure().message())
                .startsWith("HTTP 429: slow down")
                .contains("gave up waiting to retry: no complete response within 500 ms");
    }

    /** Runs one request; once {@code ready} opens, moves the fake clock by {@code millis} so its timeout fires. */
    private Sample runTicking(Runner runner, Provider p, CountDownLatch ready, long millis) throws Exception {
        Thread ticker = new Thread(() -> {
            try {
                ready.await();
            } catch (InterruptedException e) {
                return;
            }
            clock.advance(Duration.ofMillis(millis));
        });
        ticker.start();
        try {
            return runner.run(plan(1, 1), Map.of("p", p), x -> {}).samples().get(0);
        } finally {
            ticker.join(5000);
        }
    }

    @Test
    void a_registered_key_echoed_in_the_stream_or_the_prompt_never_reaches_the_sample() throws Exception {
        String key = "vernier-echo-key-5d2f9a77c1";
        Secrets.register(key);
        Provider echo = provider((r, sink) -> sink.onChunk("your key is " + key + ".", 1), true);

        Sample s = new Runner(clock, 1, Duration.ofSeconds(5))
                .run(plan(1, 1), Map.of("p", echo), x -> {})
                .samples()
                .get(0);

        assertThat(s.text()).isEqualTo("your key is [REDACTED].");
        assertThat(Secrets.redactKnown("ask with " + key)).doesNotContain(key);
    }

    @Test
    void unpaired_surrogates_and_nuls_in_the_stream_are_replaced_and_counted() throws Exception {
        Provider odd = provider(
                (r, sink) -> {
                    sink.onChunk("a\ud83d", 1);
                    sink.onChunk("\ude00b", 1); // the two halves arrive in two chunks: a valid pair
                    sink.onChunk("\ud83dc\u0000", 1); // unpaired, then a NUL
                },
                true);

        Sample s = new Runner(clock, 1, Duration.ofSeconds(5))
                .run(plan(1, 1), Map.of("p", odd), x -> {})
                .samples()
                .get(0);

        assertThat(s.text()).isEqualTo("a\ud83d\ude00b\uFFFDc\uFFFD");
        assertThat(s.repairs().byField()).containsOnlyKeys("text");
        assertThat(s.repairs().byField().get("text").replaced()).isEqualTo(2);
        assertThat(s.repairs().byField().get("text").rawSha256()).hasSize(64);
        assertThat(s.chunkNanos()).hasSize(3);
    }

    @Test
    void reasoning_chunks_are_timed_apart_from_the_answer_and_ttft_is_the_first_of_either() throws Exception {
        Provider thinker = provider(
                (r, sink) -> {
                    clock.advance(Duration.ofMillis(100));
                    sink.onReasoning("hmm", 1);
                    clock.advance(Duration.ofMillis(10));
                    sink.onReasoning(" so", 1);
                    clock.advance(Duration.ofMillis(40));
                    sink.onChunk("yes", 1);
                },
                true);

        Sample s = new Runner(clock, 1, Duration.ofSeconds(5))
                .run(plan(1, 1), Map.of("p", thinker), x -> {})
                .samples()
                .get(0);

        assertThat(s.reasoningText()).isEqualTo("hmm so");
        assertThat(s.text()).isEqualTo("yes");
        assertThat(s.ttftNanos()).isEqualTo(100_000_000L);
        assertThat(s.firstAnswerNanos()).isEqualTo(150_000_000L);
        assertThat(s.e2eNanos()).isEqualTo(150_000_000L);
        assertThat(s.itlNanos()).containsExactly(10_000_000L, 40_000_000L);
    }

    @Test
    void t_send_moves_to_the_first_request_byte_and_the_connection_phases_are_kept() throws Exception {
        ConnectionPhases phases = new ConnectionPhases(1_000, 2_000_000, 3_000_000, 20_000_000, false);
        Provider connecting = provider(
                (r, sink) -> {
                    clock.advance(Duration.ofMillis(25));
                    sink.connection(phases);
                    sink.requestWriting();
                    clock.advance(Duration.ofMillis(1));
                    sink.requestWritten();
                    clock.advance(Duration.ofMillis(99));
                    sink.onChunk("a", 1);
                },
                true);

        Sample s = new Runner(clock, 1, Duration.ofSeconds(5))
                .run(plan(1, 1), Map.of("p", connecting), x -> {})
                .samples()
                .get(0);

        assertThat(s.connection()).isEqualTo(phases);
        assertThat(s.queueNanos()).isEqualTo(25_000_000L); // t_intended -> t_send: connecting
        assertThat(s.writeNanos()).isEqualTo(1_000_000L);
        assertThat(s.ttftNanos()).isEqualTo(100_000_000L); // from the first request byte
        assertThat(s.ttftFromIntendedNanos()).isEqualTo(125_000_000L);
    }

    @Test
    void the_outcome_says_which_clock_reading_the_samples_moments_count_from() throws Exception {
        clock.advance(Duration.ofSeconds(7)); // the run starts at a clock reading other than zero
        long[] writing = new long[1];
        Provider connecting = provider(
                (r, sink) -> {
                    clock.advance(Duration.ofMillis(25));
                    writing[0] = clock.nanoTime();
                    sink.requestWriting();
                    clock.advance(Duration.ofMillis(100));
                    sink.onChunk("a", 1);
                },
                true);

        Runner.Outcome o =
                new Runner(clock, 1, Duration.ofSeconds(5)).run(plan(1, 1), Map.of("p", connecting), x -> {});

        Sample s = o.samples().get(0);
        assertThat(o.originNanos() + s.sendNanos()).isEqualTo(writing[0]);
        assertThat(o.originNanos() + s.sendNanos() + s.e2eNanos()).isEqualTo(writing[0] + 100_000_000L);
    }

    @Test
    void a_resumed_run_skips_requests_completed_before_and_stamps_its_attempt() throws Exception {
        Provider p = provider((r, sink) -> sink.onChunk("x", 1), true);
        Set<RequestKey> done =
                Set.of(new RequestKey("p", 0, "c0", "p", 0, false), new RequestKey("p", 0, "c2", "p", 1, false));

        Runner.Outcome o = new Runner(clock, LoadProfile.closed(1), Duration.ofSeconds(5), Map.of(), done, 2)
                .run(plan(3, 2), Map.of("p", p), x -> {});

        assertThat(o.samples())
                .extracting(Sample::key)
                .doesNotContainAnyElementsOf(done)
                .hasSize(4);
        assertThat(o.samples()).allSatisfy(s -> assertThat(s.runAttempt()).isEqualTo(2));
    }

    /** A provider passing every call to another. */
    private static class DelegatingProvider implements Provider {
        private final Provider inner;

        DelegatingProvider(Provider inner) {
            this.inner = inner;
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public AccessMode accessMode() {
            return inner.accessMode();
        }

        @Override
        public ModelFacts describe() {
            return inner.describe();
        }

        @Override
        public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
            return inner.generate(request, sink);
        }
    }
}
