package dev.vernier.core.scoring;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one scorer call within a time bound and on a thread with a deep stack, so that no assertion
 * can hold up a run or take it down: an exception, a stack overflow or a call that outlasts its bound
 * becomes a failing score whose reason says what happened. A call that outlasts its bound is left to
 * finish on its own daemon thread; its result is ignored.
 */
public final class BoundedScoring {

    /** The bound of a scorer that calls no model. */
    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(10);
    /** The bound of a scorer that calls a model (a judge has its own request timeout inside it). */
    public static final Duration MODEL_BOUND = Duration.ofMinutes(10);
    /** Stack of a scoring thread: user patterns and deep JSON recurse. */
    private static final long STACK_BYTES = 64L * 1024 * 1024;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(null, r, "vernier-scorer-" + THREADS.incrementAndGet(), STACK_BYTES);
        t.setDaemon(true);
        return t;
    });

    private BoundedScoring() {}

    /** The bound that applies to a scorer. */
    public static Duration boundOf(Scorer scorer) {
        return scorer.info().needsModel() ? MODEL_BOUND : DEFAULT_BOUND;
    }

    /**
     * Scores within {@code bound}.
     *
     * @return the scorer's score, or a failing score naming the error or the exceeded bound
     */
    public static Score score(
            Scorer scorer, Assertion assertion, Scored subject, ScoringContext context, Duration bound) {
        Future<Score> call = POOL.submit(() -> scorer.score(assertion, subject, context));
        try {
            Score s = call.get(bound.toNanos(), TimeUnit.NANOSECONDS);
            return s != null ? s : failing(assertion, "scorer error: the scorer returned no score");
        } catch (TimeoutException e) {
            call.cancel(true);
            return failing(
                    assertion,
                    "scorer error: no result within " + bound.toMillis() + " ms; the assertion " + "counts as failed");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String what = cause instanceof StackOverflowError
                    ? "the check recursed too deeply on this output (stack overflow)"
                    : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return failing(assertion, "scorer error: " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return failing(assertion, "scorer error: interrupted");
        }
    }

    /** Score detail set on a score that records a scorer's error rather than its judgement. */
    public static final String ERROR_DETAIL = "scorer_error";

    /** A failing score for a scorer that could not judge; negation does not turn it into a pass. */
    static Score failing(Assertion assertion, String reason) {
        return new Score(assertion.type(), false, 0, assertion.weight(), reason, Map.of(ERROR_DETAIL, true));
    }

    /** Whether a score records a scorer's error. */
    static boolean isError(Score score) {
        return Boolean.TRUE.equals(score.details().get(ERROR_DETAIL));
    }
}
