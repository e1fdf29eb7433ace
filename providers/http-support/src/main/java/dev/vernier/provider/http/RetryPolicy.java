package dev.vernier.provider.http;

import dev.vernier.core.api.Failure;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * When and how long to wait before trying a request again. A request is retried only when its
 * failure is retryable, came with an HTTP status (429, 5xx, an empty 200), no content had streamed
 * yet (so a retry never hides inside a measured latency), and retries are left. The wait is the
 * server's Retry-After when it sent one, else exponential backoff with equal jitter.
 *
 * @param maxRetries retries after the first attempt; 0 disables retrying
 * @param baseDelay  the backoff step of the first retry; each further retry doubles it
 * @param maxDelay   the cap on a backoff step (Retry-After is capped separately, see {@link RetryAfter})
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {

    /** Base of the standard backoff: 200 ms. */
    public static final Duration STANDARD_BASE = Duration.ofMillis(200);
    /** Cap of the standard backoff: 5 s. */
    public static final Duration STANDARD_CAP = Duration.ofSeconds(5);

    public RetryPolicy {
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
        }
        if (baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    /** {@code maxRetries} retries with the standard backoff (base 200 ms, cap 5 s). */
    public static RetryPolicy standard(int maxRetries) {
        return new RetryPolicy(maxRetries, STANDARD_BASE, STANDARD_CAP);
    }

    /** The same policy with another backoff base (the cap is kept, and raised to the base if lower). */
    public RetryPolicy withBaseDelay(Duration base) {
        return new RetryPolicy(maxRetries, base, maxDelay.compareTo(base) < 0 ? base : maxDelay);
    }

    /**
     * Whether to try again after attempt number {@code attempt} (from 1) ended with {@code failure}.
     *
     * @param outputChunks chunks of content or reasoning the failed attempt had already streamed to the sink
     */
    public boolean shouldRetry(Failure failure, int attempt, int outputChunks) {
        return failure != null
                && failure.retryable()
                && failure.httpStatus() > 0
                && outputChunks == 0
                && attempt <= maxRetries;
    }

    /**
     * The wait before the retry that follows attempt number {@code attempt} (from 1).
     *
     * @param retryAfterMillis the server's Retry-After in milliseconds, or -1 when it sent none
     * @param random           the jitter source (seed one in tests)
     */
    public long delayMillis(int attempt, long retryAfterMillis, RandomGenerator random) {
        return retryAfterMillis >= 0 ? retryAfterMillis : backoffMillis(attempt, random);
    }

    /** {@link #delayMillis(int, long, RandomGenerator)} with {@link ThreadLocalRandom} jitter. */
    public long delayMillis(int attempt, long retryAfterMillis) {
        return delayMillis(attempt, retryAfterMillis, ThreadLocalRandom.current());
    }

    /**
     * Exponential backoff with equal jitter: the step is {@code baseDelay * 2^(attempt-1)} capped at
     * {@code maxDelay}; the wait is half the step plus a uniform random part of up to the other half.
     */
    public long backoffMillis(int attempt, RandomGenerator random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        long base = baseDelay.toMillis();
        long cap = maxDelay.toMillis();
        int shift = Math.min(attempt - 1, 30);
        long step = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        return step / 2 + random.nextLong(step / 2 + 1);
    }
}
