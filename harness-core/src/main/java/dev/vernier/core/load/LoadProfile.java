package dev.vernier.core.load;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a run offers load to each provider: one or more {@link LoadStep}s run one after another (more
 * than one is a sweep), each bounded by a request count or a duration, with a warm-up period excluded
 * from statistics, a cool-down between steps and a {@link StopRule}.
 *
 * @param steps           the steps, in order; one step for a plain run
 * @param requestsPerStep requests per step; 0 means the suite's plan (every case x prompt x repeat) once,
 *                        or, with a duration, no count limit
 * @param durationPerStep how long each step sends requests, null for no time limit
 * @param warmupPerStep   requests sent in the first part of each step are flagged warm-up and excluded
 * @param coolDown        pause between steps
 * @param stop            when a step ends early
 * @param seed            seed of Poisson arrivals
 */
public record LoadProfile(
        List<LoadStep> steps,
        long requestsPerStep,
        Duration durationPerStep,
        Duration warmupPerStep,
        Duration coolDown,
        StopRule stop,
        long seed) {

    public LoadProfile {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a load profile needs at least one step");
        }
        if (requestsPerStep < 0) {
            throw new IllegalArgumentException("requests must be >= 0, was " + requestsPerStep);
        }
        warmupPerStep = warmupPerStep == null ? Duration.ZERO : warmupPerStep;
        coolDown = coolDown == null ? Duration.ZERO : coolDown;
        stop = stop == null ? StopRule.NONE : stop;
        if (durationPerStep != null && (durationPerStep.isNegative() || durationPerStep.isZero())) {
            throw new IllegalArgumentException("duration must be positive");
        }
        Objects.requireNonNull(steps);
    }

    /** The plain closed loop: the plan once, at most {@code concurrency} in flight. */
    public static LoadProfile closed(int concurrency) {
        return new LoadProfile(
                List.of(new LoadStep.Closed(concurrency)), 0, null, Duration.ZERO, Duration.ZERO, StopRule.NONE, 0);
    }

    public boolean sweep() {
        return steps.size() > 1;
    }

    /** The first step's nominal concurrency (warm-ups run at it). */
    public int firstConcurrency() {
        return steps.get(0).nominalConcurrency();
    }
}
