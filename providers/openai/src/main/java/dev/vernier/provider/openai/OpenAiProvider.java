package dev.vernier.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
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
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Streams Chat Completions from OpenAI or an OpenAI-compatible server over the JDK's asynchronous
 * HTTP client. No thread waits on a request: lines of the event stream are pushed to a
 * {@link Flow.Subscriber} as the client reads them, and every content delta goes to the sink at
 * once. Failures come back as data ({@link Completion#failed}), never as exceptions; retryable
 * statuses (429, 5xx) are retried with exponential backoff and jitter while no content has arrived.
 */
public final class OpenAiProvider implements Provider {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long BACKOFF_BASE_MS = 200;
    private static final long BACKOFF_CAP_MS = 5_000;
    private static final long RETRY_AFTER_CAP_MS = 60_000;
    private static final long WATCHDOG_MS = 500;
    private static final long DONE_GRACE_MS = 1_000;
    private static final int MAX_DETAIL = 300;

    private final String id;
    private final OpenAiSettings settings;
    private final String apiKey;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService timers;
    private final HttpClient http;

    /**
     * @param id       provider id
     * @param settings parsed options
     * @param apiKey   the key, or null when none was configured (fine for most self-hosted servers)
     */
    public OpenAiProvider(String id, OpenAiSettings settings, String apiKey) {
        this.id = Objects.requireNonNull(id, "id");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.apiKey = apiKey;
        AtomicInteger threads = new AtomicInteger();
        this.httpExecutor = Executors.newCachedThreadPool(r -> daemon(r, "vernier-openai-http-" + threads.incrementAndGet()));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "vernier-openai-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        this.timers = scheduler;
        boolean tls = "https".equalsIgnoreCase(settings.baseUrl().getScheme());
        this.http = HttpClient.newBuilder()
                .version(tls ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpExecutor)
                .build();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AccessMode accessMode() {
        return settings.accessMode();
    }

    @Override
    public ModelFacts describe() {
        DataDestination goes;
        if (settings.accessMode() == AccessMode.PROPRIETARY_API) {
            goes = DataDestination.VENDOR;
        } else {
            goes = isLoopback(settings.baseUrl().getHost()) ? DataDestination.THIS_MACHINE : DataDestination.OWN_SERVER;
        }
        return new ModelFacts(settings.model(), settings.openWeights(), null, null, null, goes,
                "OpenAI Chat Completions API at " + settings.baseUrl()
                        + "; output tokens from the server's usage block when sent, else one per content chunk");
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    @Override
    public String unavailableReason() {
        if (settings.isOpenAi()) {
            return apiKey == null ? "openai: no API key — set " + settings.apiKeyEnv() : null;
        }
        HttpRequest.Builder probe = HttpRequest.newBuilder(settings.modelsUri()).timeout(Duration.ofSeconds(2)).GET();
        if (apiKey != null) {
            probe.header("Authorization", "Bearer " + apiKey);
        }
        try {
            // any HTTP answer means a server is there; authorisation problems show up per request
            http.sendAsync(probe.build(), HttpResponse.BodyHandlers.discarding()).get(3, TimeUnit.SECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "openai: interrupted while checking " + settings.baseUrl();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            return "openai: no server at " + settings.baseUrl() + " — start it";
        }
    }

    @Override
    public CompletionStage<Completion> generate(GenerationRequest request, TokenSink sink) {
        CompletableFuture<Completion> result = new CompletableFuture<>();
        try {
            if (apiKey == null && settings.isOpenAi()) {
                result.complete(Completion.failed(new Failure(FailureKind.UNAVAILABLE, 0, false,
                        "openai: no API key — set " + settings.apiKeyEnv())));
                return result;
            }
            new Exchange(requestBody(request), sink, result).attempt(1);
        } catch (RuntimeException e) {
            result.complete(Completion.failed(Failure.fromException(e)));
        }
        return result;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        httpExecutor.shutdownNow();
    }

    private byte[] requestBody(GenerationRequest request) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", settings.model());
        ArrayNode messages = body.putArray("messages");
        if (request.system() != null && !request.system().isEmpty()) {
            messages.addObject().put("role", "system").put("content", request.system());
        }
        messages.addObject().put("role", "user").put("content", request.prompt());
        body.put("temperature", request.temperature());
        body.put("max_tokens", request.maxTokens());
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise request", e);
        }
    }

    // ------------------------------------------------------------------ one generate() call, with retries

    /** One call of {@link #generate}: attempts until success, a final failure, or retries run out. */
    private final class Exchange {
        private final byte[] body;
        private final TokenSink sink;
        private final CompletableFuture<Completion> result;
        private long retryWaitMillis;

        Exchange(byte[] body, TokenSink sink, CompletableFuture<Completion> result) {
            this.body = body;
            this.sink = sink;
            this.result = result;
        }

        void attempt(int number) {
            Attempt attempt = new Attempt(body, sink);
            attempt.outcome.whenComplete((outcome, error) -> {
                Outcome o = error != null ? Outcome.failed(Failure.fromException(error), 0, -1) : outcome;
                finishOrRetry(number, o);
            });
            try {
                attempt.start();
            } catch (RuntimeException e) {
                attempt.abort(Failure.fromException(e));
            }
        }

        private void finishOrRetry(int number, Outcome outcome) {
            Failure failure = outcome.failure();
            boolean retry = failure != null && failure.retryable() && failure.httpStatus() > 0
                    && outcome.contentChunks() == 0 && number <= settings.maxRetries() && !sink.cancelled();
            if (retry) {
                long delay = outcome.retryAfterMillis() >= 0 ? outcome.retryAfterMillis() : backoffMillis(number);
                retryWaitMillis += delay;
                try {
                    timers.schedule(() -> attempt(number + 1), delay, TimeUnit.MILLISECONDS);
                    return;
                } catch (RuntimeException e) {
                    // provider closed: report the failure we have
                }
            }
            Map<String, Double> stats = new HashMap<>();
            if (retryWaitMillis > 0) {
                stats.put("retry_wait_ms", (double) retryWaitMillis);
            }
            result.complete(failure == null
                    ? new Completion(outcome.finishReason(), outcome.tokens(), null, number, stats)
                    : new Completion(FinishReason.ERROR, outcome.tokens(), failure, number, stats));
        }
    }

    /** Exponential backoff with equal jitter: half the capped exponential step, plus up to as much again. */
    static long backoffMillis(int attemptNumber) {
        long step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS << Math.min(20, attemptNumber - 1));
        return step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
    }

    /** How one attempt ended. */
    private record Outcome(FinishReason finishReason, TokenCounts tokens, Failure failure, int contentChunks,
                           long retryAfterMillis) {
        static Outcome failed(Failure failure, int contentChunks, long retryAfterMillis) {
            TokenCounts tokens = contentChunks > 0
                    ? new TokenCounts(-1, contentChunks, -1, -1, CountSource.UNKNOWN, CountSource.ESTIMATE)
                    : TokenCounts.UNKNOWN;
            return new Outcome(FinishReason.ERROR, tokens, failure, contentChunks, retryAfterMillis);
        }
    }

    // ------------------------------------------------------------------ one HTTP request

    /**
     * One HTTP request and its event stream. Lines arrive in order on the client's executor; the
     * first-token timer and the cancellation watchdog run on the provider's timer thread. State changes
     * happen under this object's lock and the attempt ends exactly once; cancelling the HTTP exchange
     * and completing {@link #outcome} happen after the lock is released ({@link #publish}), so no
     * client-internal lock is ever taken while holding ours.
     */
    private final class Attempt implements Flow.Subscriber<String> {
        private final byte[] body;
        private final TokenSink sink;
        final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        private Outcome ending;
        private boolean published;
        private boolean sawData;
        private boolean sawDone;
        private int contentChunks;
        private FinishReason finishReason;
        private JsonNode usage;
        private Flow.Subscription subscription;
        private CompletableFuture<HttpResponse<String>> response;
        private ScheduledFuture<?> firstTokenTimer;
        private ScheduledFuture<?> watchdog;
        private ScheduledFuture<?> doneGrace;

        Attempt(byte[] body, TokenSink sink) {
            this.body = body;
            this.sink = sink;
        }

        void start() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(settings.chatCompletionsUri())
                    .header("Content-Type", "application/json")
                    .header("Accept", "text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (apiKey != null) {
                builder.header("Authorization", "Bearer " + apiKey);
            }
            synchronized (this) {
                long firstTokenMs = settings.firstTokenTimeout().toMillis();
                if (firstTokenMs > 0) {
                    firstTokenTimer = timers.schedule(this::firstTokenDeadline, firstTokenMs, TimeUnit.MILLISECONDS);
                }
                watchdog = timers.scheduleWithFixedDelay(this::checkAbandoned, WATCHDOG_MS, WATCHDOG_MS,
                        TimeUnit.MILLISECONDS);
            }
            CompletableFuture<HttpResponse<String>> sent = http.sendAsync(builder.build(), this::bodySubscriber);
            synchronized (this) {
                response = sent;
            }
            sent.whenComplete((resp, error) -> {
                synchronized (this) {
                    if (error != null) {
                        fail(transportFailure(error), -1);
                    } else if (resp.statusCode() / 100 != 2) {
                        fail(statusFailure(resp.statusCode(), resp.body()), retryAfterMillis(resp.headers()));
                    }
                }
                publish();
            });
            publish();
        }

        private HttpResponse.BodySubscriber<String> bodySubscriber(HttpResponse.ResponseInfo info) {
            if (info.statusCode() / 100 == 2) {
                return HttpResponse.BodySubscribers.fromLineSubscriber(this, s -> "", StandardCharsets.UTF_8, null);
            }
            return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            boolean over;
            synchronized (this) {
                subscription = s;
                over = ending != null;
            }
            if (over) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            synchronized (this) {
                if (ending != null) {
                    return;
                }
                if (sink.cancelled()) {
                    fail(Failure.of(FailureKind.TIMEOUT, "openai: request abandoned by the harness"), -1);
                } else {
                    handleLine(line);
                }
            }
            publish();
        }

        /** A tiny server-sent-events reader: OpenAI sends each event as one {@code data:} line. */
        private void handleLine(String line) {
            if (sawDone) {
                return;
            }
            if (line.isEmpty() || line.startsWith(":")) {
                return; // event boundary or comment (keep-alive)
            }
            if (line.startsWith("event:") || line.startsWith("id:") || line.startsWith("retry:")) {
                return;
            }
            sawData = true;
            if (!line.startsWith("data:")) {
                fail(malformed("expected 'data:' lines of an event stream, got: " + clip(line)), -1);
                return;
            }
            String payload = line.substring(5);
            if (payload.startsWith(" ")) {
                payload = payload.substring(1);
            }
            if (payload.strip().equals("[DONE]")) {
                // End when the body ends, so the connection goes back to the pool before the caller's next
                // request (else that request pays for a new connection); a server that keeps the body
                // open after [DONE] gets a short grace.
                sawDone = true;
                try {
                    doneGrace = timers.schedule(this::doneGraceOver, DONE_GRACE_MS, TimeUnit.MILLISECONDS);
                } catch (RuntimeException e) {
                    succeed(); // provider closing
                }
                return;
            }
            JsonNode chunk;
            try {
                chunk = JSON.readTree(payload);
            } catch (IOException e) {
                chunk = null;
            }
            if (chunk == null || !chunk.isObject()) {
                fail(malformed("malformed JSON in stream chunk: " + clip(payload)), -1);
                return;
            }
            if (chunk.hasNonNull("error")) {
                fail(new Failure(FailureKind.SERVER_ERROR, 0, false,
                        Secrets.redact("openai: error event in stream: " + clip(errorText(chunk)))), -1);
                return;
            }
            JsonNode choice = chunk.path("choices").path(0);
            if (choice.isObject()) {
                JsonNode content = choice.path("delta").path("content");
                if (content.isTextual() && !content.asText().isEmpty()) {
                    contentChunks++;
                    if (contentChunks == 1 && firstTokenTimer != null) {
                        firstTokenTimer.cancel(false);
                    }
                    sink.onChunk(content.asText(), 1);
                }
                JsonNode finish = choice.path("finish_reason");
                if (finish.isTextual()) {
                    finishReason = finishReason(finish.asText());
                }
            }
            if (chunk.path("usage").isObject()) {
                usage = chunk.get("usage");
            }
        }

        @Override
        public void onError(Throwable error) {
            synchronized (this) {
                fail(transportFailure(error), -1);
            }
            publish();
        }

        @Override
        public void onComplete() {
            synchronized (this) {
                if (ending == null) {
                    if (!sawData) {
                        fail(new Failure(FailureKind.EMPTY_RESPONSE, 200, true,
                                "openai: " + host() + " answered 200 with an empty body"), -1);
                    } else if (sawDone || finishReason != null) {
                        succeed(); // a finish reason without [DONE] is tolerated
                    } else {
                        fail(malformed("stream ended without finish_reason or [DONE]"), -1);
                    }
                }
            }
            publish();
        }

        private void firstTokenDeadline() {
            synchronized (this) {
                if (contentChunks == 0) {
                    fail(new Failure(FailureKind.FIRST_TOKEN_TIMEOUT, 0, true, "openai: no first token from "
                            + host() + " within " + settings.firstTokenTimeout().toMillis() + " ms"), -1);
                }
            }
            publish();
        }

        private void doneGraceOver() {
            synchronized (this) {
                succeed();
            }
            publish();
        }

        private void checkAbandoned() {
            if (sink.cancelled()) {
                synchronized (this) {
                    fail(Failure.of(FailureKind.TIMEOUT, "openai: request abandoned by the harness"), -1);
                }
                publish();
            }
        }

        /** Ends the attempt successfully (caller holds the lock; first ending wins). */
        private void succeed() {
            if (ending == null) {
                ending = new Outcome(finishReason == null ? FinishReason.UNKNOWN : finishReason, tokens(), null,
                        contentChunks, -1);
            }
        }

        /** Ends the attempt with a failure (caller holds the lock; first ending wins). */
        private void fail(Failure failure, long retryAfterMillis) {
            if (ending == null) {
                ending = Outcome.failed(failure, contentChunks, retryAfterMillis);
            }
        }

        /** Called without the lock: once the attempt has ended, stops its timers and reports it, once. */
        void publish() {
            Outcome o;
            Flow.Subscription s;
            CompletableFuture<?> r;
            synchronized (this) {
                if (ending == null || published) {
                    return;
                }
                published = true;
                o = ending;
                s = subscription;
                r = response;
            }
            if (firstTokenTimer != null) {
                firstTokenTimer.cancel(false);
            }
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            if (doneGrace != null) {
                doneGrace.cancel(false);
            }
            if (o.failure() != null) {
                if (s != null) {
                    s.cancel();
                }
                if (r != null) {
                    r.cancel(true);
                }
            }
            outcome.complete(o);
        }

        /** Ends the attempt from outside (start failed); takes the lock itself. */
        void abort(Failure failure) {
            synchronized (this) {
                fail(failure, -1);
            }
            publish();
        }

        private TokenCounts tokens() {
            if (usage == null) {
                return new TokenCounts(-1, contentChunks, -1, -1, CountSource.UNKNOWN, CountSource.ESTIMATE);
            }
            long input = count(usage.path("prompt_tokens"));
            long output = count(usage.path("completion_tokens"));
            long cached = count(usage.path("prompt_tokens_details").path("cached_tokens"));
            long reasoning = count(usage.path("completion_tokens_details").path("reasoning_tokens"));
            CountSource outputSource = CountSource.SERVER_USAGE;
            if (output < 0) {
                output = contentChunks;
                outputSource = CountSource.ESTIMATE;
            }
            return new TokenCounts(input, output, cached, reasoning,
                    input >= 0 ? CountSource.SERVER_USAGE : CountSource.UNKNOWN, outputSource);
        }
    }

    // ------------------------------------------------------------------ mapping to failures

    private String host() {
        String host = settings.baseUrl().getHost();
        int port = settings.baseUrl().getPort();
        return port > 0 ? host + ":" + port : host;
    }

    private static long count(JsonNode node) {
        return node.isIntegralNumber() ? node.asLong() : -1;
    }

    private static FinishReason finishReason(String text) {
        return switch (text) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALL;
            default -> FinishReason.UNKNOWN;
        };
    }

    private Failure malformed(String detail) {
        return new Failure(FailureKind.MALFORMED_RESPONSE, 200, false,
                Secrets.redact("openai: malformed response from " + host() + ": " + detail));
    }

    private Failure statusFailure(int status, String body) {
        String detail = errorDetail(body);
        String message = Secrets.redact("openai: HTTP " + status + " from " + host()
                + (detail.isEmpty() ? "" : ": " + detail));
        if (status == 401 || status == 403) {
            return new Failure(FailureKind.AUTHENTICATION, status, false,
                    message + " (check the key in " + settings.apiKeyEnv() + " or api_key_file)");
        }
        if (status == 404) {
            return new Failure(FailureKind.NOT_FOUND, status, false, message);
        }
        if (status == 429) {
            // an exhausted quota is reported as 429 too, but waiting will not help
            boolean quota = body != null && body.contains("insufficient_quota");
            return new Failure(FailureKind.RATE_LIMITED, status, !quota, message);
        }
        if (status >= 500) {
            return new Failure(FailureKind.SERVER_ERROR, status, true, message);
        }
        return new Failure(FailureKind.HTTP_STATUS, status, status == 408 || status == 409, message);
    }

    private static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("error")) {
                return clip(errorText(node));
            }
        } catch (IOException e) {
            // not JSON: fall through to the raw text
        }
        return clip(body.strip());
    }

    private static String errorText(JsonNode node) {
        JsonNode error = node.get("error");
        if (error.isTextual()) {
            return error.asText();
        }
        String message = error.path("message").asText("");
        return message.isEmpty() ? error.toString() : message;
    }

    private Failure transportFailure(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException) {
            return Failure.of(FailureKind.TIMEOUT, "openai: request cancelled");
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new Failure(FailureKind.CONNECTION, 0, true, "openai: could not connect to " + host()
                    + " within " + settings.connectTimeout().toMillis() + " ms");
        }
        if (cause instanceof HttpTimeoutException) {
            return new Failure(FailureKind.TIMEOUT, 0, true, "openai: " + host() + " timed out");
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new Failure(FailureKind.CONNECTION, 0, false,
                        "openai: connection refused by " + host() + " — is the server running?");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (cause instanceof IOException) {
            String text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return new Failure(FailureKind.CONNECTION, 0, true,
                    Secrets.redact("openai: connection to " + host() + " failed: " + text));
        }
        return Failure.fromException(cause);
    }

    /** Retry-After as milliseconds: {@code retry-after-ms}, else {@code retry-after} seconds or date; -1 if absent. */
    static long retryAfterMillis(HttpHeaders headers) {
        try {
            var ms = headers.firstValue("retry-after-ms");
            if (ms.isPresent()) {
                return clampRetry((long) Double.parseDouble(ms.get().trim()));
            }
            var value = headers.firstValue("retry-after");
            if (value.isEmpty()) {
                return -1;
            }
            String text = value.get().trim();
            if (text.matches("\\d+(\\.\\d+)?")) {
                return clampRetry((long) (Double.parseDouble(text) * 1000));
            }
            ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
            return clampRetry(Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static long clampRetry(long millis) {
        return Math.max(0, Math.min(RETRY_AFTER_CAP_MS, millis));
    }

    private static String clip(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }
}
