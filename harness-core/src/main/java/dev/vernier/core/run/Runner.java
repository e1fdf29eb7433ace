package dev.vernier.core.run;

import dev.vernier.core.api.Completion;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.api.TokenSink;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Executes a plan: providers one after another; for each, its warm-ups, then its measured requests,
 * with at most {@code concurrency} requests in flight (closed loop: a request is sent as soon as
 * one completes). Every request becomes exactly one {@link Sample}: provider errors, exceptions and
 * timeouts are recorded as failures, never thrown.
 */
public final class Runner {

    private final Clock clock;
    private final int concurrency;
    private final Duration timeout;
    private final Map<String, Duration> timeoutByProvider;

    public Runner(Clock clock, int concurrency, Duration timeout) {
        this(clock, concurrency, timeout, Map.of());
    }

    /**
     * @param timeout           per-request time limit for providers without their own
     * @param timeoutByProvider per-request time limits by provider id (a suite's provider-level
     *                          {@code timeout_ms})
     */
    public Runner(Clock clock, int concurrency, Duration timeout, Map<String, Duration> timeoutByProvider) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.concurrency = concurrency;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.timeoutByProvider = Map.copyOf(timeoutByProvider);
    }

    /** The time limit for one request to the provider. */
    public Duration timeoutFor(String providerId) {
        return timeoutByProvider.getOrDefault(providerId, timeout);
    }

    /** What a run produced: the samples in completion order and each provider's measurement window. */
    public record Outcome(List<Sample> samples, Map<String, Long> windowNanos) {
        public Outcome {
            samples = List.copyOf(samples);
            windowNanos = Map.copyOf(windowNanos);
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
        Object listenerLock = new Object();
        RunListener serialised = sample -> {
            synchronized (listenerLock) {
                samples.add(sample);
                listener.sampleCompleted(sample);
            }
        };
        for (Map.Entry<String, List<PlannedRequest>> entry : plan.byProvider().entrySet()) {
            Provider provider = providers.get(entry.getKey());
            if (provider == null) {
                throw new IllegalArgumentException("no provider for id '" + entry.getKey() + "' in the plan");
            }
            listener.providerStarted(entry.getKey(), entry.getValue().size());
            List<PlannedRequest> warmups = entry.getValue().stream().filter(PlannedRequest::warmup).toList();
            List<PlannedRequest> measured = entry.getValue().stream().filter(r -> !r.warmup()).toList();
            runBatch(provider, warmups, origin, serialised, null);
            long[] window = {Long.MAX_VALUE, Long.MIN_VALUE};
            runBatch(provider, measured, origin, serialised, window);
            windows.put(entry.getKey(), window[0] == Long.MAX_VALUE ? 0L : window[1] - window[0]);
            listener.providerFinished(entry.getKey());
        }
        return new Outcome(samples, windows);
    }

    private void runBatch(Provider provider, List<PlannedRequest> batch, long origin, RunListener listener,
                          long[] window) throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        CountDownLatch done = new CountDownLatch(batch.size());
        for (PlannedRequest request : batch) {
            slots.acquire();
            InFlight inFlight = new InFlight(request, origin, sample -> {
                if (window != null) {
                    synchronized (window) {
                        long send = origin + sample.sendNanos();
                        window[0] = Math.min(window[0], send);
                        window[1] = Math.max(window[1], send + sample.endNanos());
                    }
                }
                listener.sampleCompleted(sample);
                slots.release();
                done.countDown();
            });
            inFlight.start(provider);
        }
        done.await();
    }

    /** One request on its way: the sink the provider streams into, finished exactly once. */
    private final class InFlight implements TokenSink {
        private final PlannedRequest planned;
        private final long origin;
        private final RunListener onDone;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final List<Long> chunkNanos = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private volatile Clock.Cancellable timer;
        private long firstSend;
        private volatile long tSend;
        private Instant wall;

        InFlight(PlannedRequest planned, long origin, RunListener onDone) {
            this.planned = planned;
            this.origin = origin;
            this.onDone = onDone;
        }

        void start(Provider provider) {
            wall = clock.now();
            tSend = clock.nanoTime();
            firstSend = tSend;
            Duration limit = timeoutFor(planned.providerId());
            timer = clock.schedule(limit, () -> finish(null, new Failure(FailureKind.TIMEOUT, 0, true,
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
                chunkNanos.add(now - tSend);
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
                chunkNanos.clear();
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
            List<Long> chunks;
            String out;
            long send;
            synchronized (this) {
                chunks = List.copyOf(chunkNanos);
                out = text.toString();
                send = tSend;
            }
            long end = now - send;
            FinishReason reason = failure != null ? FinishReason.ERROR : completion.finishReason();
            TokenCounts tokens = completion != null ? completion.tokens() : TokenCounts.UNKNOWN;
            int attempts = completion != null ? completion.attempts() : 1;
            Map<String, Double> stats = completion != null ? completion.providerStats() : Map.of();
            Sample sample = new Sample(planned.seq(), planned.providerId(), planned.caseId(), planned.promptId(),
                    planned.repeat(), planned.warmup(), wall, firstSend - origin, send - origin, chunks, end,
                    planned.request().prompt(), out, reason, tokens, failure, attempts, stats);
            onDone.sampleCompleted(sample);
        }
    }
}
