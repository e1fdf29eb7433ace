package dev.vernier.core.run;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConnectionPhases;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.api.Secrets;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.Tools;
import dev.vernier.core.journal.JournalException;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.suite.ToolResults;
import dev.vernier.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Executes a plan under a {@link LoadProfile}: providers one after another; for each, its warm-ups
 * (closed loop at the first step's concurrency), then every load step in turn with a cool-down
 * between steps. A closed-loop step keeps N requests in flight (a request is sent as soon as one
 * completes); an open-loop step sends each request at its intended time whatever the responses do,
 * and records that time, so latency can be measured from it (no coordinated omission). A step sends
 * the plan's measured requests once, or cycles through them up to its request count or duration, and
 * ends early when its {@link dev.vernier.core.load.StopRule} is breached.
 *
 * <p>Every request becomes exactly one {@link Sample}, whatever fails: provider errors, exceptions and
 * timeouts are recorded as failures, never thrown. The thread that completes a request (a transport's
 * I/O thread) only stamps the time and assembles the sample; everything after it — stop rules,
 * listeners (scoring, cost, the journal, progress) — runs on one completion thread, so one stream's
 * bookkeeping never delays another stream's clock, and a listener that throws cannot lose the request:
 * the error is kept in {@link Outcome#errors()}. A {@link JournalException} from a listener stops the
 * run at once ({@link Outcome#fatal()}), as does {@link #stop(String)}: nothing more is sent, requests
 * in flight end as {@link FailureKind#CANCELLED} samples, and {@code run} returns.
 */
public final class Runner {

    private final Clock clock;
    private final LoadProfile load;
    private final Duration timeout;
    private final Map<String, Duration> timeoutByProvider;
    private final Set<RequestKey> skip;
    private final int runAttempt;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> stopping = new AtomicReference<>();
    /** Pauses in progress (cool-downs, open-loop waits), cut short by {@link #stop}. */
    private final Set<CountDownLatch> pauses = ConcurrentHashMap.newKeySet();

    public Runner(Clock clock, int concurrency, Duration timeout) {
        this(clock, concurrency, timeout, Map.of());
    }

    /**
     * A closed loop at {@code concurrency} sending the plan once.
     *
     * @param timeout           per-request time limit for providers without their own
     * @param timeoutByProvider per-request time limits by provider id (a suite's provider-level
     *                          {@code timeout_ms})
     */
    public Runner(Clock clock, int concurrency, Duration timeout, Map<String, Duration> timeoutByProvider) {
        this(clock, closed(concurrency), timeout, timeoutByProvider);
    }

    /** A runner applying the load profile to every provider. */
    public Runner(Clock clock, LoadProfile load, Duration timeout, Map<String, Duration> timeoutByProvider) {
        this(clock, load, timeout, timeoutByProvider, Set.of(), 1);
    }

    /**
     * A runner that leaves out requests already completed by an earlier attempt of the run.
     *
     * @param skip       measured requests not to send again (a resumed run's completed requests)
     * @param runAttempt the attempt of the run this is (1 for the first), stamped on every sample
     */
    public Runner(
            Clock clock,
            LoadProfile load,
            Duration timeout,
            Map<String, Duration> timeoutByProvider,
            Set<RequestKey> skip,
            int runAttempt) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.load = Objects.requireNonNull(load, "load");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.timeoutByProvider = Map.copyOf(timeoutByProvider);
        this.skip = Set.copyOf(skip);
        if (runAttempt < 1) {
            throw new IllegalArgumentException("runAttempt must be >= 1");
        }
        this.runAttempt = runAttempt;
    }

    private static LoadProfile closed(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
        return LoadProfile.closed(concurrency);
    }

    /** The time limit for one request to the provider. */
    public Duration timeoutFor(String providerId) {
        return timeoutByProvider.getOrDefault(providerId, timeout);
    }

    /**
     * Stops the run (from any thread, for example a signal handler): nothing more is sent, requests
     * in flight end at once as {@link FailureKind#CANCELLED} samples with {@code reason}, and
     * {@link #run} returns once their samples are delivered. The first reason given wins.
     */
    public void stop(String reason) {
        if (stopping.compareAndSet(null, Objects.requireNonNull(reason, "reason"))) {
            for (InFlight request : List.copyOf(inFlight)) {
                request.finish(null, new Failure(FailureKind.CANCELLED, 0, true, reason));
            }
            pauses.forEach(CountDownLatch::countDown);
        }
    }

    /** Why the run was stopped, or null while it runs on. */
    public String stopReason() {
        return stopping.get();
    }

    /**
     * What a run produced: the samples in completion order, each provider's measurement window (the
     * sum of its steps' windows), every step as it ran, why the run stopped early (null when it ran
     * to its end), errors of listeners (each request still produced its sample), and the journal
     * failure that stopped it, if any; {@code originNanos} is the clock reading the samples' moments count
     * from (a sample's t_send is {@code originNanos + sendNanos()} on the runner's clock).
     */
    public record Outcome(
            List<Sample> samples,
            Map<String, Long> windowNanos,
            List<StepRun> steps,
            String stoppedBecause,
            List<String> errors,
            JournalException fatal,
            long originNanos) {
        public Outcome {
            samples = List.copyOf(samples);
            windowNanos = Map.copyOf(windowNanos);
            steps = List.copyOf(steps);
            errors = List.copyOf(errors);
        }

        /** Whether every planned request was sent and completed. */
        public boolean complete() {
            return stoppedBecause == null;
        }
    }

    /**
     * @param providers the providers by id; every provider id in the plan must be present
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public Outcome run(RunPlan plan, Map<String, Provider> providers, RunListener listener)
            throws InterruptedException {
        for (String id : plan.byProvider().keySet()) {
            if (!providers.containsKey(id)) {
                throw new IllegalArgumentException("no provider for id '" + id + "' in the plan");
            }
        }
        Completions completions = new Completions(listener);
        try {
            return runAll(plan, providers, completions);
        } finally {
            completions.shutdown();
        }
    }

    private Outcome runAll(RunPlan plan, Map<String, Provider> providers, Completions completions)
            throws InterruptedException {
        long origin = clock.nanoTime();
        Map<String, Long> windows = new LinkedHashMap<>();
        List<StepRun> steps = new ArrayList<>();
        AtomicInteger nextSeq = new AtomicInteger(plan.requests().size());
        int providerIndex = 0;
        for (Map.Entry<String, List<PlannedRequest>> entry : plan.byProvider().entrySet()) {
            if (stopping.get() != null) {
                break;
            }
            Provider provider = providers.get(entry.getKey());
            List<PlannedRequest> warmups =
                    entry.getValue().stream().filter(PlannedRequest::warmup).toList();
            List<PlannedRequest> measured =
                    entry.getValue().stream().filter(r -> !r.warmup()).toList();
            completions.listener.providerStarted(entry.getKey(), expectedRequests(entry.getKey(), warmups, measured));
            runWarmups(provider, warmups, origin, completions, nextSeq);
            long window = 0;
            for (int i = 0; i < load.steps().size() && stopping.get() == null; i++) {
                if (i > 0 && !load.coolDown().isZero()) {
                    pause(load.coolDown());
                }
                StepRun step = new Step(
                                provider,
                                entry.getKey(),
                                i,
                                measured,
                                origin,
                                completions,
                                nextSeq,
                                load.seed() + 7919L * providerIndex + i)
                        .run();
                steps.add(step);
                window += step.windowNanos();
                if (stopping.get() == null) {
                    completions.call(l -> l.stepFinished(step));
                }
                if (step.stopReason() != null) {
                    break; // a breached stop rule ends the provider's sweep: higher load would breach it too
                }
            }
            windows.put(entry.getKey(), window);
            providerIndex++;
            completions.call(l -> l.providerFinished(entry.getKey()));
        }
        completions.drain();
        return new Outcome(
                completions.samples,
                windows,
                steps,
                stopping.get(),
                completions.errors(),
                completions.fatal.get(),
                origin);
    }

    /** Requests a provider will be sent (less those a resumed run skips), or -1 when a step is bounded by time. */
    private int expectedRequests(String providerId, List<PlannedRequest> warmups, List<PlannedRequest> measured) {
        if (load.durationPerStep() != null && load.requestsPerStep() == 0) {
            return -1;
        }
        if (warmups.stream().anyMatch(PlannedRequest::toolLoop)
                || measured.stream().anyMatch(PlannedRequest::toolLoop)) {
            return -1; // a tool loop sends as many rounds as the model calls for
        }
        long perStep = load.requestsPerStep() > 0 ? load.requestsPerStep() : turns(measured);
        Map<String, Integer> turnsOf = new HashMap<>();
        measured.forEach(r -> turnsOf.put(r.caseId() + "\u0000" + r.promptId(), r.turnCount()));
        long skipped = skip.stream()
                .filter(k -> k.providerId().equals(providerId))
                .mapToLong(k -> turnsOf.getOrDefault(k.caseId() + "\u0000" + k.promptId(), 1))
                .sum();
        return (int) Math.min(
                Integer.MAX_VALUE, turns(warmups) + perStep * load.steps().size() - skipped);
    }

    /** Requests the entries send: a conversation sends one per turn. */
    private static long turns(List<PlannedRequest> requests) {
        return requests.stream().mapToLong(PlannedRequest::turnCount).sum();
    }

    private void runWarmups(
            Provider provider, List<PlannedRequest> batch, long origin, Completions completions, AtomicInteger nextSeq)
            throws InterruptedException {
        Semaphore slots = new Semaphore(load.firstConcurrency());
        CountDownLatch done = new CountDownLatch((int) turns(batch));
        for (PlannedRequest request : batch) {
            slots.acquire();
            if (stopping.get() != null) {
                slots.release();
                for (int t = 0; t < request.turnCount(); t++) {
                    done.countDown();
                }
                continue;
            }
            converse(provider, request, origin, 0, -1, nextSeq, new Turns() {
                @Override
                public void ended() {
                    slots.release();
                }

                @Override
                public void deliver(Sample sample, Runnable after) {
                    completions.deliver(sample, request.request(), () -> {
                        done.countDown();
                        after.run();
                    });
                }
            });
        }
        done.await();
    }

    /**
     * What a conversation tells the code that sent it. Each turn is announced ({@link #sending}),
     * seen on the thread that finished it ({@link #finished}) and handed over ({@link #deliver}); the
     * conversation's end ({@link #ended}, after its last turn's {@code finished}) frees its place.
     */
    private interface Turns {
        default void sending() {}

        default void finished(Sample sample) {}

        void ended();

        /** Hands a sample to the completion thread; {@code after} runs there once the listeners saw it. */
        void deliver(Sample sample, Runnable after);
    }

    /**
     * Sends a planned request, and for a conversation its later turns, each after the model's previous
     * reply (appended to the history as an assistant message) has been through the listeners. The
     * conversation keeps its place (slot) until its last turn; a turn that fails, or a stopped run,
     * ends it, and its remaining turns are recorded as samples that were not run, saying why.
     *
     * @param intended t_intended of the first turn, or -1 (closed loop); later turns are sent at once
     */
    private void converse(
            Provider provider,
            PlannedRequest first,
            long origin,
            int step,
            long intended,
            AtomicInteger seqs,
            Turns to) {
        to.sending();
        if (!first.conversation()) {
            new InFlight(first, null, origin, step, sample -> {
                        to.finished(sample);
                        to.ended();
                        to.deliver(sample, () -> {});
                    })
                    .start(provider, intended);
            return;
        }
        sendTurn(provider, first, first, 0, 0, origin, step, intended, seqs, to);
    }

    /**
     * Sends one request of a conversation: user turn {@code index}, tool round {@code round} of it. When
     * it finishes, the next request is the next tool round (the model called tools and the case has
     * their mocked results), else the next user turn, else none.
     */
    private void sendTurn(
            Provider provider,
            PlannedRequest first,
            PlannedRequest planned,
            int index,
            int round,
            long origin,
            int step,
            long intended,
            AtomicInteger seqs,
            Turns to) {
        int count = first.turnCount();
        String conversationId = first.caseId() + "/" + first.promptId() + "/" + (first.warmup() ? "w" : "r")
                + first.repeat() + (step > 0 ? "/s" + step : "");
        Turn turn = new Turn(conversationId, index, count, round, true);
        new InFlight(planned, turn, origin, step, finished -> {
                    String stop = stopping.get();
                    ToolRound next = stop == null && finished.succeeded()
                            ? toolRound(first, planned, finished, index, round)
                            : ToolRound.NONE;
                    Sample sample = next.request() == null && next.note() == null
                            ? finished
                            : finished.toBuilder()
                                    .turn(turn.withLastRound(next.request() == null))
                                    .note(next.note())
                                    .build();
                    to.finished(sample);
                    if (next.request() != null) {
                        to.sending(); // before this round is handed over, so the step never looks finished in between
                        PlannedRequest nextPlanned = first.renumbered(
                                seqs.getAndIncrement(), first.repeat(), first.warmup(), next.request());
                        to.deliver(
                                sample,
                                () -> sendTurn(
                                        provider, first, nextPlanned, index, round + 1, origin, step, -1, seqs, to));
                        return;
                    }
                    if (index == count - 1 || !sample.succeeded() || stop != null || next.note() != null) {
                        Failure why = stop != null
                                ? new Failure(FailureKind.CANCELLED, 0, true, Sample.NOT_RUN_PREFIX + stop)
                                : new Failure(
                                        FailureKind.NOT_RUN,
                                        0,
                                        false,
                                        Sample.NOT_RUN_PREFIX + "turn " + index + " of this conversation "
                                                + (sample.failure() == null
                                                        ? "ended without an answer (" + next.note() + ")"
                                                        : "failed ("
                                                                + sample.failure()
                                                                        .kind() + ")"));
                        List<Sample> notRun = new ArrayList<>();
                        for (int later = index + 1; later < count; later++) {
                            to.sending();
                            notRun.add(notRun(first, new Turn(conversationId, later, count), seqs, origin, step, why));
                        }
                        to.ended();
                        to.deliver(sample, () -> {});
                        notRun.forEach(s -> to.deliver(s, () -> {}));
                        return;
                    }
                    to.sending(); // before this turn is handed over, so the step never looks finished in between
                    GenerationRequest previous = planned.request();
                    List<Message> history = new ArrayList<>(previous.messages());
                    history.add(Message.assistant(sample.text(), List.of(), sample.replayState()));
                    history.add(Message.user(first.followUps().get(index)));
                    GenerationRequest nextTurn = GenerationRequest.conversation(
                                    first.request().requestId() + "-t" + (index + 1),
                                    history,
                                    previous.temperature(),
                                    previous.maxTokens(),
                                    previous.seed())
                            .withResponseSchema(previous.responseSchema())
                            .withTools(previous.tools());
                    PlannedRequest nextPlanned =
                            first.renumbered(seqs.getAndIncrement(), first.repeat(), first.warmup(), nextTurn);
                    to.deliver(
                            sample,
                            () -> sendTurn(provider, first, nextPlanned, index + 1, 0, origin, step, -1, seqs, to));
                })
                .start(provider, intended);
    }

    /**
     * What follows a request of a tool loop: the next round's request (the history, the model's answer
     * with its calls, and one mocked result per call), or a note why the loop ended with calls left
     * unanswered; {@link ToolRound#NONE} when the answer called no tool or the case has no tool loop.
     */
    private static ToolRound toolRound(
            PlannedRequest first, PlannedRequest planned, Sample sample, int index, int round) {
        ToolResults results = first.toolResults();
        if (results == null || !sample.calledTools()) {
            return ToolRound.NONE;
        }
        List<ToolCall> calls =
                sample.toolCalls().stream().map(TimedToolCall::call).toList();
        if (round >= results.maxRounds()) {
            return ToolRound.ended("the tool loop stopped after max_tool_rounds (" + results.maxRounds()
                    + ") rounds, and the model still called " + names(calls));
        }
        GenerationRequest previous = planned.request();
        List<Message> more = new ArrayList<>();
        more.add(Message.assistant(sample.text(), calls, sample.replayState()));
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            String result = results.resultFor(call, calls, previous.messages());
            if (result == null) {
                return ToolRound.ended("the tool loop stopped: the case has no mocked result for call " + (i + 1)
                        + " ('" + call.name() + "'); add one under the case's 'tool_results'");
            }
            more.add(Message.toolResult(call, result));
        }
        try {
            return new ToolRound(
                    previous.continuedWith(more)
                            .withId(first.request().requestId() + "-t" + index + "-r" + (round + 1)),
                    null);
        } catch (IllegalArgumentException e) {
            return ToolRound.ended(
                    "the tool loop stopped: the model's calls cannot be answered (" + e.getMessage() + ")");
        }
    }

    private static String names(List<ToolCall> calls) {
        return String.join(", ", calls.stream().map(c -> "'" + c.name() + "'").toList());
    }

    /**
     * What a tool loop does after a request.
     *
     * @param request the next round's request, null when the loop ends here
     * @param note    why the loop ended with the model's calls unanswered, null otherwise
     */
    private record ToolRound(GenerationRequest request, String note) {
        static final ToolRound NONE = new ToolRound(null, null);

        static ToolRound ended(String note) {
            return new ToolRound(null, note);
        }
    }

    /** The sample of a turn that was not sent: no timings, the reason as its failure. */
    private Sample notRun(PlannedRequest first, Turn turn, AtomicInteger seqs, long origin, int step, Failure why) {
        long now = clock.nanoTime();
        return Sample.builder()
                .seq(seqs.getAndIncrement())
                .providerId(first.providerId())
                .caseId(first.caseId())
                .promptId(first.promptId())
                .repeat(first.repeat())
                .warmup(first.warmup())
                .step(step)
                .runAttempt(runAttempt)
                .startedAt(clock.now())
                .intendedNanos(now - origin)
                .sendNanos(now - origin)
                .endNanos(0)
                .prompt(journalSafe("prompt", first.followUps().get(turn.index() - 1), new LinkedHashMap<>()))
                .finishReason(FinishReason.ERROR)
                .failure(why)
                .turn(turn)
                .build();
    }

    /** Waits for the duration on the clock (so a fake clock drives it in tests), or until the run is stopped. */
    private void pause(Duration d) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        pauses.add(latch);
        try {
            if (stopping.get() != null) {
                return;
            }
            Clock.Cancellable timer = clock.schedule(d, latch::countDown);
            latch.await();
            timer.cancel();
        } finally {
            pauses.remove(latch);
        }
    }

    /** Waits until the clock reads {@code nanos}; returns at once when it already has. */
    private void sleepUntil(long nanos) throws InterruptedException {
        long delay = nanos - clock.nanoTime();
        if (delay > 0) {
            pause(Duration.ofNanos(delay));
        }
    }

    /**
     * The one thread that handles completed samples in completion order: stop rules, then every
     * listener. A listener error is kept, never lost with the sample; a journal failure stops the run.
     */
    private final class Completions {
        private final RunListener listener;
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vernier-completions");
            t.setDaemon(true);
            return t;
        });
        private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        private final AtomicReference<JournalException> fatal = new AtomicReference<>();

        Completions(RunListener listener) {
            this.listener = listener;
        }

        /**
         * Hands a finished sample over; {@code after} runs once it has been through every listener. A
         * successful answer is checked against the request's response schema and declared tools here, off
         * the I/O thread, before any listener sees the sample.
         */
        void deliver(Sample finished, GenerationRequest request, Runnable after) {
            thread.execute(() -> {
                Sample sample = checked(finished, request.responseSchema(), request.tools());
                samples.add(sample);
                try {
                    listener.sampleCompleted(sample);
                } catch (JournalException e) {
                    if (fatal.compareAndSet(null, e)) {
                        stop(e.getMessage());
                    }
                } catch (RuntimeException | Error e) {
                    errors.add("sample " + sample.seq() + " (" + sample.providerId() + ", case " + sample.caseId()
                            + "): " + describe(e));
                } finally {
                    after.run();
                }
            });
        }

        /**
         * A successful answer checked against its request's response schema, and each of its tool calls
         * against the request's declared tools; any other sample as it is. An answer that calls tools is
         * not checked against the response schema: the schema is the final answer's, and a call is the
         * model asking for a tool's result before it answers (its calls are checked instead).
         */
        private Sample checked(Sample finished, ResponseSchema schema, Tools tools) {
            boolean answers = schema != null && !finished.calledTools();
            if (!finished.succeeded() || (!answers && (tools == null || !finished.calledTools()))) {
                return finished;
            }
            Sample.Builder b = finished.toBuilder();
            if (answers) {
                b.schemaCheck(schema.check(finished.text()));
            }
            if (tools != null) {
                b.toolCalls(finished.toolCalls().stream()
                        .map(c -> c.checked(tools.check(c.call())))
                        .toList());
            }
            return b.build();
        }

        /** Calls a listener method on the completion thread after every sample handed over so far. */
        void call(Consumer<RunListener> call) throws InterruptedException {
            CountDownLatch done = new CountDownLatch(1);
            thread.execute(() -> {
                try {
                    call.accept(listener);
                } catch (JournalException e) {
                    if (fatal.compareAndSet(null, e)) {
                        stop(e.getMessage());
                    }
                } catch (RuntimeException | Error e) {
                    errors.add(describe(e));
                } finally {
                    done.countDown();
                }
            });
            done.await();
        }

        /** Waits until every sample handed over has been through the listeners. */
        void drain() throws InterruptedException {
            call(l -> {});
        }

        List<String> errors() {
            synchronized (errors) {
                return List.copyOf(errors);
            }
        }

        void shutdown() {
            thread.shutdown();
        }
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return Secrets.redact(e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    /** One load step for one provider. */
    private final class Step {
        private final Provider provider;
        private final String providerId;
        private final int index;
        private final LoadStep offered;
        private final List<PlannedRequest> template;
        private final long origin;
        private final Completions completions;
        private final AtomicInteger nextSeq;
        private final Random random;
        private final int repeatsPerRound;
        private final Object lock = new Object();
        private long sent;
        private long done;
        private long completed;
        private long failed;
        private long windowStart = Long.MAX_VALUE;
        private long windowEnd = Long.MIN_VALUE;
        private final Histogram ttft = new Histogram(1, 3_600_000_000L, 3);
        private volatile String stopReason;
        private long stepStart;

        Step(
                Provider provider,
                String providerId,
                int index,
                List<PlannedRequest> template,
                long origin,
                Completions completions,
                AtomicInteger nextSeq,
                long seed) {
            this.provider = provider;
            this.providerId = providerId;
            this.index = index;
            this.offered = load.steps().get(index);
            this.template = template;
            this.origin = origin;
            this.completions = completions;
            this.nextSeq = nextSeq;
            this.random = new Random(seed);
            this.repeatsPerRound =
                    template.stream().mapToInt(PlannedRequest::repeat).max().orElse(0) + 1;
        }

        StepRun run() throws InterruptedException {
            stepStart = clock.nanoTime();
            long limit = load.requestsPerStep() > 0
                    ? load.requestsPerStep()
                    : load.durationPerStep() != null ? Long.MAX_VALUE : template.size();
            if (template.isEmpty()) {
                limit = 0;
            }
            long deadline = load.durationPerStep() == null
                    ? Long.MAX_VALUE
                    : stepStart + load.durationPerStep().toNanos();
            if (offered instanceof LoadStep.Closed c) {
                closedLoop(c.concurrency(), limit, deadline);
            } else {
                openLoop((LoadStep.Open) offered, limit, deadline);
            }
            synchronized (lock) {
                while (done < sent) {
                    lock.wait();
                }
                long window = windowStart == Long.MAX_VALUE ? 0 : windowEnd - windowStart;
                return new StepRun(providerId, index, offered, window, sent, stopReason);
            }
        }

        private boolean halted() {
            return stopReason != null || stopping.get() != null;
        }

        private void closedLoop(int concurrency, long limit, long deadline) throws InterruptedException {
            Semaphore slots = new Semaphore(concurrency);
            for (long i = 0; i < limit; i++) {
                PlannedRequest planned = planned(i, false);
                if (skip.contains(keyOf(planned))) {
                    continue;
                }
                slots.acquire();
                long now = clock.nanoTime();
                if (now >= deadline || halted()) {
                    slots.release();
                    return;
                }
                send(planned(i, now - stepStart < load.warmupPerStep().toNanos()), -1, slots::release);
            }
        }

        private void openLoop(LoadStep.Open open, long limit, long deadline) throws InterruptedException {
            Semaphore slots = open.maxInFlight() > 0 ? new Semaphore(open.maxInFlight()) : null;
            long intended = stepStart;
            for (long i = 0; i < limit; i++) {
                if (intended >= deadline) {
                    return;
                }
                PlannedRequest planned =
                        planned(i, intended - stepStart < load.warmupPerStep().toNanos());
                if (skip.contains(keyOf(planned))) {
                    continue; // a resumed run: the remaining requests keep the step's rate
                }
                sleepUntil(intended);
                if (halted()) {
                    return;
                }
                if (slots != null) {
                    slots.acquire();
                }
                send(planned, intended, slots == null ? () -> {} : slots::release);
                intended += open.arrivals().gapNanos(open.rate(), random);
            }
        }

        private RequestKey keyOf(PlannedRequest p) {
            return new RequestKey(providerId, index, p.caseId(), p.promptId(), p.repeat(), p.warmup());
        }

        /**
         * The i-th request of the step. The first round of the first step is the plan itself; every
         * other request gets a new sequence number and, past the first round, higher repeat numbers.
         *
         * @param warm whether it falls in the step's warm-up period
         */
        private PlannedRequest planned(long i, boolean warm) {
            PlannedRequest base = template.get((int) (i % template.size()));
            if (index == 0 && i < template.size() && !warm) {
                return base;
            }
            int repeat = base.repeat() + (int) (i / template.size()) * repeatsPerRound;
            return base.renumbered(-1, repeat, warm, base.request());
        }

        /** Gives a request its sequence number and id (if it has none yet) and sends it. */
        private void send(PlannedRequest p, long intended, Runnable releaseSlot) {
            PlannedRequest planned = p;
            if (p.seq() < 0) {
                int seq = nextSeq.getAndIncrement();
                String id = (p.warmup() ? "w" : "r") + seq + "-" + p.caseId() + "-" + p.promptId() + "-" + p.repeat();
                planned = p.renumbered(seq, p.repeat(), p.warmup(), p.request().withId(id));
            }
            converse(provider, planned, origin, index, intended, nextSeq, new Turns() {
                @Override
                public void sending() {
                    synchronized (lock) {
                        sent++;
                    }
                }

                @Override
                public void finished(Sample sample) {
                    record(sample); // the stop rule sees it before the next request can be sent
                }

                @Override
                public void ended() {
                    releaseSlot.run();
                }

                @Override
                public void deliver(Sample sample, Runnable after) {
                    completions.deliver(sample, p.request(), () -> {
                        synchronized (lock) {
                            done++;
                            lock.notifyAll();
                        }
                        after.run();
                    });
                }
            });
        }

        private void record(Sample sample) {
            if (sample.warmup() || sample.cancelled()) {
                return;
            }
            synchronized (lock) {
                long send = origin + sample.sendNanos();
                windowStart = Math.min(windowStart, send);
                windowEnd = Math.max(windowEnd, send + sample.endNanos());
                completed++;
                if (!sample.succeeded()) {
                    failed++;
                } else if (sample.ttftNanos() >= 0) {
                    ttft.recordValue(Math.max(1, Math.min(3_600_000_000L, sample.ttftNanos() / 1000)));
                }
                if (stopReason == null) {
                    double p95 = Double.isNaN(load.stop().maxP95TtftMs()) || ttft.getTotalCount() == 0
                            ? Double.NaN
                            : ttft.getValueAtPercentile(95) / 1000.0;
                    stopReason = load.stop().breach(completed, failed, p95);
                }
            }
        }
    }

    /**
     * Receives a finished sample on the thread that finished it: only cheap work there (the step's stop
     * rule, freeing the slot), then the sample is handed to the completion thread.
     */
    private interface Finisher {
        void finished(Sample sample);
    }

    /**
     * One request on its way: the sink the provider streams into, finished exactly once. Its methods
     * run on the provider's threads and only stamp the time and store.
     */
    private final class InFlight implements TokenSink {
        private final PlannedRequest planned;
        private final Turn turn;
        private final long origin;
        private final int step;
        private final Finisher onDone;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final Stream answer = new Stream(64);
        private final Stream reasoning = new Stream(0);
        private final Stream toolPieces = new Stream(0);
        private final List<TimedToolCall> toolCalls = new ArrayList<>();
        private ConnectionPhases connection = ConnectionPhases.UNKNOWN;
        private long writeStart = -1;
        private long writeNanos = -1;
        private Failure lastAttemptFailure;
        /** What the provider said goes back with this answer ({@link TokenSink#onReplayState}); opaque, never logged. */
        private String replayState;

        private volatile Clock.Cancellable timer;
        private long firstSend;
        private volatile long tSend;
        private Instant wall;

        /** @param turn its place in a conversation, null for a single request */
        InFlight(PlannedRequest planned, Turn turn, long origin, int step, Finisher onDone) {
            this.planned = planned;
            this.turn = turn;
            this.origin = origin;
            this.step = step;
            this.onDone = onDone;
        }

        /** @param intended t_intended, or -1 when it is the send time itself (closed loop) */
        void start(Provider provider, long intended) {
            wall = clock.now();
            tSend = clock.nanoTime();
            firstSend = intended >= 0 ? intended : tSend;
            inFlight.add(this);
            if (stopping.get() != null) { // stopped between the dispatch check and here
                finish(null, new Failure(FailureKind.CANCELLED, 0, true, stopping.get()));
                return;
            }
            Duration limit = timeoutFor(planned.providerId());
            timer = clock.schedule(limit, this::timedOut);
            try {
                CompletionStage<Completion> stage = provider.generate(planned.request(), this);
                stage.whenComplete((completion, error) -> {
                    if (error != null) {
                        finish(null, Failure.fromException(error));
                    } else if (completion == null) {
                        finish(null, Failure.of(FailureKind.PROVIDER_ERROR, "provider completed with no result"));
                    } else {
                        finish(completion, completion.failure());
                    }
                });
            } catch (RuntimeException | Error e) {
                finish(null, Failure.fromException(e));
            }
        }

        private void timedOut() {
            long limit = timeoutFor(planned.providerId()).toMillis();
            Failure waiting;
            synchronized (this) {
                waiting = lastAttemptFailure;
            }
            if (waiting != null) { // given up while waiting to retry: keep what the provider said
                finish(
                        null,
                        new Failure(
                                waiting.kind(),
                                waiting.httpStatus(),
                                waiting.retryable(),
                                waiting.message() + "; gave up waiting to retry: no complete response within " + limit
                                        + " ms"));
            } else {
                finish(null, new Failure(FailureKind.TIMEOUT, 0, true, "no complete response within " + limit + " ms"));
            }
        }

        @Override
        public void onChunk(String chunk, int tokens) {
            arrived(answer, chunk);
        }

        @Override
        public void onReasoning(String chunk, int tokens) {
            arrived(reasoning, chunk);
        }

        /** Stamps a piece of a tool call on arrival (an empty one too: it is output the vendor sent). */
        @Override
        public void onToolCallChunk(int index, String fragment) {
            if (finished.get()) {
                return;
            }
            long now = clock.nanoTime();
            synchronized (this) {
                toolPieces.add(now - tSend, fragment == null ? "" : fragment);
            }
        }

        /** Stamps a whole tool call: its completion time. */
        @Override
        public void onToolCall(ToolCall call) {
            if (call == null || finished.get()) {
                return;
            }
            long now = clock.nanoTime();
            synchronized (this) {
                toolCalls.add(new TimedToolCall(call, now - tSend, null));
            }
        }

        /** Keeps the state to send back with this answer; not output, so not timed. */
        @Override
        public void onReplayState(String opaqueJson) {
            if (finished.get()) {
                return;
            }
            synchronized (this) {
                replayState = opaqueJson;
            }
        }

        /** Stamps a non-empty chunk on arrival and keeps it. */
        private void arrived(Stream stream, String chunk) {
            if (chunk == null || chunk.isEmpty() || finished.get()) {
                return;
            }
            long now = clock.nanoTime();
            synchronized (this) {
                stream.add(now - tSend, chunk);
            }
        }

        @Override
        public boolean cancelled() {
            return finished.get();
        }

        @Override
        public void attemptStarted(int attempt) {
            long now = clock.nanoTime();
            synchronized (this) {
                if (finished.get()) {
                    return;
                }
                tSend = now;
                answer.clear();
                reasoning.clear();
                toolPieces.clear();
                toolCalls.clear();
                replayState = null;
                connection = ConnectionPhases.UNKNOWN;
                writeStart = -1;
                writeNanos = -1;
                lastAttemptFailure = null;
            }
        }

        @Override
        public void attemptFailed(Failure failure) {
            synchronized (this) {
                lastAttemptFailure = failure;
            }
        }

        @Override
        public void connection(ConnectionPhases phases) {
            synchronized (this) {
                connection = phases == null ? ConnectionPhases.UNKNOWN : phases;
            }
        }

        @Override
        public void requestWriting() {
            long now = clock.nanoTime();
            synchronized (this) {
                if (!finished.get()
                        && answer.count == 0
                        && reasoning.count == 0
                        && toolPieces.count == 0
                        && toolCalls.isEmpty()) {
                    tSend = now;
                    writeStart = now;
                }
            }
        }

        @Override
        public void requestWritten() {
            long now = clock.nanoTime();
            synchronized (this) {
                if (writeStart >= 0) {
                    writeNanos = now - writeStart;
                }
            }
        }

        void finish(Completion completion, Failure failure) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            long now = clock.nanoTime();
            inFlight.remove(this);
            Clock.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            Sample sample;
            try {
                sample = assemble(completion, failure, now);
            } catch (RuntimeException | Error e) { // never lose the request: the smallest sample that says why
                sample = identified(now, tSend)
                        .finishReason(FinishReason.ERROR)
                        .failure(Failure.of(FailureKind.PROVIDER_ERROR, "recording the sample failed: " + describe(e)))
                        .build();
            }
            onDone.finished(sample);
        }

        /** A sample builder with what identifies and times this request: plan position, t_intended, t_send, end. */
        private Sample.Builder identified(long now, long send) {
            return Sample.builder()
                    .seq(planned.seq())
                    .providerId(planned.providerId())
                    .caseId(planned.caseId())
                    .promptId(planned.promptId())
                    .repeat(planned.repeat())
                    .warmup(planned.warmup())
                    .step(step)
                    .turn(turn)
                    .runAttempt(runAttempt)
                    .startedAt(wall == null ? Instant.EPOCH : wall)
                    .intendedNanos(firstSend - origin)
                    .sendNanos(send - origin)
                    .endNanos(now - send);
        }

        private Sample assemble(Completion completion, Failure failure, long now) {
            NanoList times;
            NanoList reasoningTimes;
            String out;
            String thought;
            long send;
            ConnectionPhases phases;
            long write;
            NanoList pieceTimes;
            List<TimedToolCall> calls;
            String replay;
            synchronized (this) {
                times = answer.times();
                reasoningTimes = reasoning.times();
                pieceTimes = toolPieces.times();
                calls = List.copyOf(toolCalls);
                replay = replayState;
                out = answer.text.toString();
                thought = reasoning.text.toString();
                send = tSend;
                phases = connection;
                write = writeNanos;
            }
            Map<String, TextRepairs.Repair> repairs = new LinkedHashMap<>();
            String prompt = journalSafe("prompt", planned.request().prompt(), repairs);
            String safeText = journalSafe("text", out, repairs);
            String safeThought = journalSafe("reasoning_text", thought, repairs);
            List<TimedToolCall> safeCalls = new ArrayList<>(calls.size());
            for (int i = 0; i < calls.size(); i++) {
                ToolCall c = calls.get(i).call();
                safeCalls.add(new TimedToolCall(
                        new ToolCall(
                                journalSafe("tool_calls." + i + ".id", c.id(), repairs),
                                journalSafe("tool_calls." + i + ".name", c.name(), repairs),
                                journalSafe("tool_calls." + i + ".arguments", c.arguments(), repairs)),
                        calls.get(i).nanos(),
                        null));
            }
            Tools declared = planned.request().tools();
            FinishReason reason = failure != null
                    ? FinishReason.ERROR
                    : !safeCalls.isEmpty() && completion.finishReason() == FinishReason.UNKNOWN
                            ? FinishReason.TOOL_CALL
                            : completion.finishReason();
            Failure safeFailure = failure == null
                    ? null
                    : new Failure(
                            failure.kind(),
                            failure.httpStatus(),
                            failure.retryable(),
                            journalSafe("failure_message", failure.message(), repairs));
            return identified(now, send)
                    .chunkNanos(times)
                    .reasoningNanos(reasoningTimes)
                    .connection(phases)
                    .writeNanos(write)
                    .prompt(prompt)
                    .text(safeText)
                    .reasoningText(safeThought)
                    .repairs(new TextRepairs(repairs))
                    .finishReason(reason)
                    .toolCalls(safeCalls)
                    .toolChunkNanos(pieceTimes)
                    .toolsDeclared(declared == null ? 0 : declared.specs().size())
                    .tokens(completion != null ? completion.tokens() : TokenCounts.UNKNOWN)
                    .failure(safeFailure)
                    .attempts(completion != null ? completion.attempts() : 1)
                    .providerStats(completion != null ? completion.providerStats() : Map.of())
                    .replayState(failure == null ? replay : null)
                    .build();
        }
    }

    /** One kind of streamed output of a request: arrival times (t_i - t_send, unboxed) and text. Guarded by its request. */
    private static final class Stream {
        private long[] nanos;
        private int count;
        private final StringBuilder text = new StringBuilder();

        Stream(int capacity) {
            nanos = new long[capacity];
        }

        void add(long nanosFromSend, String chunk) {
            if (count == nanos.length) {
                nanos = Arrays.copyOf(nanos, Math.max(64, count * 2));
            }
            nanos[count++] = nanosFromSend;
            text.append(chunk);
        }

        void clear() {
            count = 0;
            text.setLength(0);
        }

        NanoList times() {
            return NanoList.copyOf(nanos, count);
        }
    }

    /**
     * Text as the journal and reports get it: every registered secret (an API key echoed by a server
     * or a model) redacted, then unpaired surrogates and NULs replaced, the repair noted.
     */
    private static String journalSafe(String field, String raw, Map<String, TextRepairs.Repair> repairs) {
        SafeText.Result safe = SafeText.of(Secrets.redactKnown(raw));
        if (safe.repair() != null) {
            repairs.put(field, safe.repair());
        }
        return safe.text();
    }
}
