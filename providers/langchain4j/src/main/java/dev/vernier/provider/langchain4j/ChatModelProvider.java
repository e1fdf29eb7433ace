package dev.vernier.provider.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.TokenSink;
import dev.vernier.provider.http.HttpFailures;
import dev.vernier.provider.http.RetryPolicy;
import dev.vernier.provider.http.StreamingHttp;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A langchain4j chat model as a Vernier {@link Provider}: the model is called exactly as an
 * application calls it, and measured through the same {@link TokenSink} as every native provider.
 *
 * <ul>
 *   <li>A {@link StreamingChatModel}: each partial response goes to {@link TokenSink#onChunk} the
 *       moment langchain4j hands it over, each partial thinking to {@link TokenSink#onReasoning}.</li>
 *   <li>A {@link ChatModel} (no streaming): the call runs on a thread of this provider and the whole
 *       answer reaches the sink as one chunk when it is complete, so TTFT equals E2E and no per-token
 *       time exists.</li>
 *   <li>Token usage comes from the final {@code ChatResponse} with the configured source (the
 *       content chunks, marked as an estimate, when the model reports none); the finish reason is
 *       mapped; every error becomes a failed {@link Completion} with the same kinds as the native
 *       providers, and nothing is thrown.</li>
 *   <li>Retries as the native providers do: only before any content, for retryable failures with an
 *       HTTP status, waiting for {@code Retry-After} when the server sent one (seen when the model uses
 *       {@link ObservedHttpClientBuilder}) or else for exponential backoff.</li>
 *   <li>A request with no output within the first-token limit fails as {@code FIRST_TOKEN_TIMEOUT},
 *       and one the harness gives up on is stopped; the underlying stream is cancelled in both cases.</li>
 * </ul>
 *
 * <pre>{@code
 * StreamingChatModel model = OpenAiStreamingChatModel.builder()
 *         .baseUrl("http://localhost:8000/v1").modelName("my-model").build();
 * Provider provider = ChatModelProvider.builder("my-bot", model).build();
 * }</pre>
 */
public final class ChatModelProvider implements Provider {

    /** Provider stat: milliseconds waited between attempts (absent when none), as the native providers report it. */
    public static final String RETRY_WAIT_STAT = StreamingHttp.RETRY_WAIT_STAT;

    private static final long SWEEP_MS = 50;

    private final String id;
    private final StreamingChatModel streamingModel;
    private final ChatModel blockingModel;
    private final ChatRequestParameters defaults;
    private final AccessMode accessMode;
    private final ModelFacts facts;
    private final FailureMapping mapping;
    private final RetryPolicy retry;
    private final Duration firstTokenTimeout;
    private final CountSource usageSource;
    private final boolean finishReasonRequired;
    private final Supplier<String> availability;
    private final Runnable onClose;
    private final ScheduledThreadPoolExecutor timers;
    private volatile ExecutorService blockingCalls;
    private final Set<Attempt> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    /** Requests waiting to be retried. */
    private final Set<Call> waiting = ConcurrentHashMap.newKeySet();

    private ChatModelProvider(Builder b) {
        this.id = b.id;
        this.streamingModel = b.streamingModel;
        this.blockingModel = b.blockingModel;
        this.defaults = streamingModel != null
                ? streamingModel.defaultRequestParameters()
                : blockingModel.defaultRequestParameters();
        ModelProvider vendor = streamingModel != null ? streamingModel.provider() : blockingModel.provider();
        this.accessMode = b.accessMode != null ? b.accessMode : defaultAccessMode(vendor);
        this.facts = b.facts != null ? b.facts : defaultFacts(vendor);
        this.mapping = new FailureMapping(
                b.failures != null ? b.failures : new HttpFailures("langchain4j", "the model's server", "", null),
                b.connectTimeout);
        this.retry = b.retry;
        this.firstTokenTimeout = b.firstTokenTimeout;
        this.usageSource = b.usageSource;
        this.finishReasonRequired = b.finishReasonRequired;
        this.availability = b.availability;
        this.onClose = b.onClose;
        AtomicInteger threads = new AtomicInteger();
        this.timers =
                new ScheduledThreadPoolExecutor(1, r -> daemon(r, "vernier-lc4j-timer-" + threads.incrementAndGet()));
        timers.setRemoveOnCancelPolicy(true);
        timers.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    /** A provider around a streaming model; see {@link Builder} for what can be set. */
    public static Builder builder(String id, StreamingChatModel model) {
        return new Builder(id, Objects.requireNonNull(model, "model"), null);
    }

    /** A provider around a model that does not stream: TTFT equals E2E, no per-token times. */
    public static Builder builder(String id, ChatModel model) {
        return new Builder(id, null, Objects.requireNonNull(model, "model"));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AccessMode accessMode() {
        return accessMode;
    }

    @Override
    public ModelFacts describe() {
        return facts;
    }

    @Override
    public String unavailableReason() {
        return availability.get();
    }

    @Override
    public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
        CompletableFuture<Completion> result = new CompletableFuture<>();
        try {
            new Call(Conversions.chatRequest(request, defaults), sink, result).attempt(1);
        } catch (RuntimeException e) {
            result.complete(Completion.failed(mapping.of(e)));
        }
        return result;
    }

    /**
     * Ends every request still in flight (as abandoned) and every retry still waiting (with its last
     * failure), then stops this provider's threads: no caller is left waiting on a closed provider.
     */
    @Override
    public void close() {
        closed = true;
        for (Attempt attempt : live) {
            attempt.abandon();
        }
        for (Call call : waiting) {
            call.resumeNow();
        }
        timers.shutdownNow();
        ExecutorService calls = blockingCalls;
        if (calls != null) {
            calls.shutdownNow();
        }
        onClose.run();
    }

    // ------------------------------------------------------------------ for Attempt

    StreamingChatModel streamingModel() {
        return streamingModel;
    }

    ChatModel blockingModel() {
        return blockingModel;
    }

    FailureMapping mapping() {
        return mapping;
    }

    Duration firstTokenTimeout() {
        return firstTokenTimeout;
    }

    CountSource usageSource() {
        return usageSource;
    }

    boolean finishReasonRequired() {
        return finishReasonRequired;
    }

    /** The threads blocking {@link ChatModel} calls run on, created on first use. */
    ExecutorService blockingCalls() {
        ExecutorService calls = blockingCalls;
        if (calls == null) {
            synchronized (this) {
                if (blockingCalls == null) {
                    AtomicInteger threads = new AtomicInteger();
                    blockingCalls = Executors.newCachedThreadPool(
                            r -> daemon(r, "vernier-lc4j-call-" + threads.incrementAndGet()));
                }
                calls = blockingCalls;
            }
        }
        return calls;
    }

    // ------------------------------------------------------------------ one request, attempt by attempt

    private final class Call {
        private final ChatRequest request;
        private final TokenSink sink;
        private final CompletableFuture<Completion> result;
        private long waitedMillis;
        /** While waiting to retry: the attempt that failed and how. */
        private int failed;

        private Attempt.Outcome last;

        Call(ChatRequest request, TokenSink sink, CompletableFuture<Completion> result) {
            this.request = request;
            this.sink = sink;
            this.result = result;
        }

        void attempt(int number) {
            Attempt attempt = new Attempt(ChatModelProvider.this, request, sink);
            live.add(attempt);
            attempt.done.whenComplete((outcome, error) -> {
                live.remove(attempt);
                after(number, outcome);
            });
            attempt.start();
        }

        private void after(int number, Attempt.Outcome outcome) {
            if (outcome.failure() != null
                    && !sink.cancelled()
                    && !closed
                    && retry.shouldRetry(outcome.failure(), number, outcome.contentChunks())) {
                long wait = retry.delayMillis(number, outcome.retryAfterMillis());
                waitedMillis += wait;
                failed = number;
                last = outcome;
                waiting.add(this);
                try {
                    timers.schedule(this::resumeNow, wait, TimeUnit.MILLISECONDS);
                    return;
                } catch (RuntimeException closing) {
                    waiting.remove(this);
                }
            }
            finish(number, outcome);
        }

        /** Sends the next attempt, or ends with the last failure when the harness gave up or the provider closed. */
        void resumeNow() {
            if (!waiting.remove(this)) {
                return; // already resumed
            }
            if (sink.cancelled() || closed) {
                finish(failed, last);
                return;
            }
            sink.attemptStarted(failed + 1);
            attempt(failed + 1);
        }

        private void finish(int attempts, Attempt.Outcome outcome) {
            Map<String, Double> stats = waitedMillis > 0 ? Map.of(RETRY_WAIT_STAT, (double) waitedMillis) : Map.of();
            result.complete(
                    new Completion(outcome.finishReason(), outcome.tokens(), outcome.failure(), attempts, stats));
        }
    }

    /** Checks every attempt in flight for the harness giving up and for the first-token limit. */
    private void sweep() {
        long now = System.nanoTime();
        long limit = firstTokenTimeout.toNanos();
        for (Attempt attempt : live) {
            try {
                attempt.check(now, limit);
            } catch (RuntimeException e) {
                // one attempt's failure to stop must not stop the sweep for the others
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    private static AccessMode defaultAccessMode(ModelProvider vendor) {
        return vendor == ModelProvider.OLLAMA ? AccessMode.SELF_HOSTED_SERVER : AccessMode.PROPRIETARY_API;
    }

    private ModelFacts defaultFacts(ModelProvider vendor) {
        String model = defaults != null && defaults.modelName() != null ? defaults.modelName() : id;
        DataDestination goes = accessMode == AccessMode.PROPRIETARY_API
                ? DataDestination.VENDOR
                : accessMode == AccessMode.IN_PROCESS ? DataDestination.THIS_MACHINE : DataDestination.OWN_SERVER;
        Object impl = streamingModel != null ? streamingModel : blockingModel;
        return new ModelFacts(
                model,
                null,
                null,
                null,
                null,
                goes,
                "langchain4j " + impl.getClass().getSimpleName() + " (" + vendor + ")"
                        + (streamingModel != null ? "" : ", not streaming: TTFT equals E2E"));
    }

    /**
     * The settings of a {@link ChatModelProvider}; every one has a default. Not thread-safe; build once.
     */
    public static final class Builder {
        private final String id;
        private final StreamingChatModel streamingModel;
        private final ChatModel blockingModel;
        private AccessMode accessMode;
        private ModelFacts facts;
        private HttpFailures failures;
        private Duration connectTimeout = Duration.ofSeconds(15);
        private RetryPolicy retry = RetryPolicy.standard(3);
        private Duration firstTokenTimeout = Duration.ofSeconds(60);
        private CountSource usageSource = CountSource.SERVER_USAGE;
        private boolean finishReasonRequired;
        private Supplier<String> availability = () -> null;
        private Runnable onClose = () -> {};

        private Builder(String id, StreamingChatModel streamingModel, ChatModel blockingModel) {
            this.id = Objects.requireNonNull(id, "id");
            if (id.isBlank()) {
                throw new IllegalArgumentException("id must not be blank");
            }
            this.streamingModel = streamingModel;
            this.blockingModel = blockingModel;
        }

        /**
         * Where the model runs. Default: {@link AccessMode#SELF_HOSTED_SERVER} for an Ollama model,
         * else {@link AccessMode#PROPRIETARY_API} (prompts assumed to leave for a vendor).
         */
        public Builder accessMode(AccessMode value) {
            this.accessMode = Objects.requireNonNull(value, "accessMode");
            return this;
        }

        /** Facts for the report. Default: the model name from the model's parameters, nothing guessed. */
        public Builder facts(ModelFacts value) {
            this.facts = Objects.requireNonNull(value, "facts");
            return this;
        }

        /**
         * How failures read: the label they start with, the server they name, how to fix a refused
         * key. Default: label {@code langchain4j}, server "the model's server".
         */
        public Builder failures(HttpFailures value) {
            this.failures = Objects.requireNonNull(value, "failures");
            return this;
        }

        /** The connect limit the model was built with, named in connection-timeout messages. Default 15 s. */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /** Retries before any content. Default {@code RetryPolicy.standard(3)}; {@code standard(0)} disables. */
        public Builder retry(RetryPolicy value) {
            this.retry = Objects.requireNonNull(value, "retry");
            return this;
        }

        /** Limit from sending to the first output of any kind; zero disables. Default 60 s. */
        public Builder firstTokenTimeout(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("firstTokenTimeout must not be negative");
            }
            this.firstTokenTimeout = value;
            return this;
        }

        /**
         * The source of the token counts the model reports. Default {@link CountSource#SERVER_USAGE};
         * {@link CountSource#PROVIDER_NATIVE} for a server's own statistics (Ollama's eval counts).
         */
        public Builder usageSource(CountSource value) {
            this.usageSource = Objects.requireNonNull(value, "usageSource");
            return this;
        }

        /**
         * Whether a response without a finish reason is a broken stream ({@code MALFORMED_RESPONSE}),
         * as for the native providers of APIs that always send one. Default false: the finish reason
         * is then {@code UNKNOWN}.
         */
        public Builder finishReasonRequired(boolean value) {
            this.finishReasonRequired = value;
            return this;
        }

        /** Checked once before a run: null when the model can serve, else why not and how to fix it. */
        public Builder availability(Supplier<String> value) {
            this.availability = Objects.requireNonNull(value, "availability");
            return this;
        }

        /** Run when the provider is closed (to release what was built for the model). */
        public Builder onClose(Runnable value) {
            this.onClose = Objects.requireNonNull(value, "onClose");
            return this;
        }

        public ChatModelProvider build() {
            return new ChatModelProvider(this);
        }
    }
}
