package dev.vernier.core.run;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * Executes a plan under a {@link LoadProfile}: providers one after another; for each, its warm-ups
 * (closed loop at the first step's concurrency), then every load step in turn with a cool-down
 * between steps. A closed-loop step keeps N requests in flight (a request is sent as soon as one
 * completes); an open-loop step sends each request at its intended time whatever the responses do,
 * and records that time, so latency can be measured from it (no coordinated omission). A step sends
 * the plan's measured requests once, or cycles through them up to its request count or duration, and
 * ends early when its {@link dev.vernier.core.load.StopRule} is breached. Every request becomes
 * exactly one {@link Sample}: provider errors, exceptions and timeouts are recorded as failures,
 * never thrown.
 */
public final class Runner {

    private final Clock clock;
    private final LoadProfile load;
    private final Duration timeout;
    private final Map<String, Duration> timeoutByProvider;

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
        this.clock = Objects.requireNonNull(clock, "clock");
        this.load = Objects.requireNonNull(load, "load");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.timeoutByProvider = Map.copyOf(timeoutByProvider);
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
     * What a run produced: the samples in completion order, each provider's measurement window (the
     * sum of its steps' windows) and every step as it ran.
     */
    public record Outcome(List<Sample> samples, Map<String, Long> windowNanos, List<StepRun> steps) {
        public Outcome {
            samples = List.copyOf(samples);
            windowNanos = Map.copyOf(windowNanos);
            steps = List.copyOf(steps);
        }
    }

    /**
     * @param providers the providers by id; every provider id in the plan must be present
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    public Outcome run(RunPlan plan, Map<String, Provider> providers, RunListener listener)
            throws InterruptedException {
        long origin = clock.nanoTime();
        List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> windows = new LinkedHashMap<>();
        List<StepRun> steps = new ArrayList<>();
        Object listenerLock = new Object();
        RunListener serialised = sample -> {
            synchronized (listenerLock) {
                samples.add(sample);
                listener.sampleCompleted(sample);
            }
        };
        AtomicInteger nextSeq = new AtomicInteger(plan.requests().size());
        int providerIndex = 0;
        for (Map.Entry<String, List<PlannedRequest>> entry : plan.byProvider().entrySet()) {
            Provider provider = providers.get(entry.getKey());
            if (provider == null) {
                throw new IllegalArgumentException("no provider for id '" + entry.getKey() + "' in the plan");
            }
            List<PlannedRequest> warmups =
                    entry.getValue().stream().filter(PlannedRequest::warmup).toList();
            List<PlannedRequest> measured =
                    entry.getValue().stream().filter(r -> !r.warmup()).toList();
            listener.providerStarted(entry.getKey(), expectedRequests(warmups.size(), measured.size()));
            runWarmups(provider, warmups, origin, serialised);
            long window = 0;
            for (int i = 0; i < load.steps().size(); i++) {
                if (i > 0 && !load.coolDown().isZero()) {
                    pause(load.coolDown());
                }
                StepRun step = new Step(
                                provider,
                                entry.getKey(),
                                i,
                                measured,
                                origin,
                                serialised,
                                nextSeq,
                                load.seed() + 7919L * providerIndex + i)
                        .run();
                steps.add(step);
                window += step.windowNanos();
                if (step.stopReason() != null) {
                    break; // a breached stop rule ends the provider's sweep: higher load would breach it too
                }
            }
            windows.put(entry.getKey(), window);
            providerIndex++;
            listener.providerFinished(entry.getKey());
        }
        return new Outcome(samples, windows, steps);
    }

    /** Requests a provider will be sent, or -1 when a step is bounded by time. */
    private int expectedRequests(int warmups, int measured) {
        if (load.durationPerStep() != null && load.requestsPerStep() == 0) {
            return -1;
        }
        long perStep = load.requestsPerStep() > 0 ? load.requestsPerStep() : measured;
        return (int)
                Math.min(Integer.MAX_VALUE, warmups + perStep * load.steps().size());
    }

    private void runWarmups(Provider provider, List<PlannedRequest> batch, long origin, RunListener listener)
            throws InterruptedException {
        Semaphore slots = new Semaphore(load.firstConcurrency());
        CountDownLatch done = new CountDownLatch(batch.size());
        for (PlannedRequest request : batch) {
            slots.acquire();
            new InFlight(request, origin, 0, sample -> {
                        listener.sampleCompleted(sample);
                        slots.release();
                        done.countDown();
                    })
                    .start(provider, -1);
        }
        done.await();
    }

    /** Waits for the duration on the clock (so a fake clock drives it in tests). */
    private void pause(Duration d) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        clock.schedule(d, latch::countDown);
        latch.await();
    }

    /** Waits until the clock reads {@code nanos}; returns at once when it already has. */
    private void sleepUntil(long nanos) throws InterruptedException {
        long delay = nanos - clock.nanoTime();
        if (delay > 0) {
            pause(Duration.ofNanos(delay));
        }
    }

    /** One load step for one provider. */
    private final class Step {
        private final Provider provider;
        private final String providerId;
        private final int index;
        private final LoadStep offered;
        private final List<PlannedRequest> template;
        private final long origin;
        private final RunListener listener;
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
                RunListener listener,
                AtomicInteger nextSeq,
                long seed) {
            this.provider = provider;
            this.providerId = providerId;
            this.index = index;
            this.offered = load.steps().get(index);
            this.template = template;
            this.origin = origin;
            this.listener = listener;
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

        private void closedLoop(int concurrency, long limit, long deadline) throws InterruptedException {
            Semaphore slots = new Semaphore(concurrency);
            for (long i = 0; i < limit; i++) {
                slots.acquire();
                long now = clock.nanoTime();
                if (now >= deadline || stopReason != null) {
                    slots.release();
                    return;
                }
                send(i, -1, now, slots::release);
            }
        }

        private void openLoop(LoadStep.Open open, long limit, long deadline) throws InterruptedException {
            Semaphore slots = open.maxInFlight() > 0 ? new Semaphore(open.maxInFlight()) : null;
            long intended = stepStart;
            for (long i = 0; i < limit; i++) {
                if (intended >= deadline) {
                    return;
                }
                sleepUntil(intended);
                if (stopReason != null) {
                    return;
                }
                if (slots != null) {
                    slots.acquire();
                }
                send(i, intended, intended, slots == null ? () -> {} : slots::release);
                intended += open.arrivals().gapNanos(open.rate(), random);
            }
        }

        /**
         * Sends the i-th request of the step.
         *
         * @param intended t_intended, or -1 for "now" (closed loop)
         * @param due      the time that decides whether it falls in the step's warm-up period
         */
        private void send(long i, long intended, long due, Runnable onDone) {
            PlannedRequest base = template.get((int) (i % template.size()));
            boolean warm = due - stepStart < load.warmupPerStep().toNanos();
            PlannedRequest planned;
            if (index == 0 && i < template.size() && !warm) {
                planned = base;
            } else {
                int seq = nextSeq.getAndIncrement();
                int repeat = base.repeat() + (int) (i / template.size()) * repeatsPerRound;
                GenerationRequest r = base.request();
                String id = (warm ? "w" : "r") + seq + "-" + base.caseId() + "-" + base.promptId() + "-" + repeat;
                planned = new PlannedRequest(
                        seq,
                        providerId,
                        base.caseId(),
                        base.promptId(),
                        repeat,
                        warm,
                        new GenerationRequest(id, r.prompt(), r.system(), r.temperature(), r.maxTokens(), r.seed()));
            }
            synchronized (lock) {
                sent++;
            }
            new InFlight(planned, origin, index, sample -> {
                        record(sample);
                        listener.sampleCompleted(sample);
                        onDone.run();
                        synchronized (lock) {
                            done++;
                            lock.notifyAll();
                        }
                    })
                    .start(provider, intended);
        }

        private void record(Sample sample) {
            if (sample.warmup()) {
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

    /** One request on its way: the sink the provider streams into, finished exactly once. */
    private final class InFlight implements TokenSink {
        private final PlannedRequest planned;
        private final long origin;
        private final RunListener onDone;
        private final int step;
        private final AtomicBoolean finished = new AtomicBoolean();
        private long[] chunkNanos = new long[64];
        private int chunks;
        private final StringBuilder text = new StringBuilder();
        private volatile Clock.Cancellable timer;
        private long firstSend;
        private volatile long tSend;
        private Instant wall;

        InFlight(PlannedRequest planned, long origin, int step, RunListener onDone) {
            this.planned = planned;
            this.origin = origin;
            this.step = step;
            this.onDone = onDone;
        }

        /** @param intended t_intended, or -1 when it is the send time itself (closed loop) */
        void start(Provider provider, long intended) {
            wall = clock.now();
            tSend = clock.nanoTime();
            firstSend = intended >= 0 ? intended : tSend;
            Duration limit = timeoutFor(planned.providerId());
            timer = clock.schedule(
                    limit,
                    () -> finish(
                            null,
                            new Failure(
                                    FailureKind.TIMEOUT,
                                    0,
                                    true,
                                    "no complete response within " + limit.toMillis() + " ms")));
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

        @Override
        public void onChunk(String chunk, int tokens) {
            if (chunk == null || chunk.isEmpty() || finished.get()) {
                return;
            }
            long now = clock.nanoTime();
            synchronized (this) {
                if (chunks == chunkNanos.length) {
                    chunkNanos = Arrays.copyOf(chunkNanos, chunks * 2);
                }
                chunkNanos[chunks++] = now - tSend;
                text.append(chunk);
            }
        }

        @Override
        public boolean cancelled() {
            return finished.get();
        }

        @Override
        public void attemptStarted(int attempt) {
            synchronized (this) {
                if (finished.get()) {
                    return;
                }
                tSend = clock.nanoTime();
                chunks = 0;
                text.setLength(0);
            }
        }

        private void finish(Completion completion, Failure failure) {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            long now = clock.nanoTime();
            Clock.Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
            NanoList times;
            String out;
            long send;
            synchronized (this) {
                times = NanoList.copyOf(chunkNanos, chunks);
                out = text.toString();
                send = tSend;
            }
            long end = now - send;
            FinishReason reason = failure != null ? FinishReason.ERROR : completion.finishReason();
            TokenCounts tokens = completion != null ? completion.tokens() : TokenCounts.UNKNOWN;
            int attempts = completion != null ? completion.attempts() : 1;
            Map<String, Double> stats = completion != null ? completion.providerStats() : Map.of();
            Sample sample = new Sample(
                    planned.seq(),
                    planned.providerId(),
                    planned.caseId(),
                    planned.promptId(),
                    planned.repeat(),
                    planned.warmup(),
                    wall,
                    firstSend - origin,
                    send - origin,
                    times,
                    end,
                    planned.request().prompt(),
                    out,
                    reason,
                    tokens,
                    failure,
                    attempts,
                    stats,
                    List.of(),
                    step);
            onDone.sampleCompleted(sample);
        }
    }
}
