package dev.vernier.testkit;

import java.util.List;
import java.util.Objects;

/**
 * Which {@link Fault} a {@link FaultServer} injects into each chat request it receives.
 *
 * <p>{@code arrival} counts chat requests in the order they were read, from 0, retries included;
 * {@code attempt} counts, from 1, how many times a request with exactly this body has arrived (a
 * client's retry of a request repeats its body, so attempt 2 is usually the first retry).
 */
@FunctionalInterface
public interface FaultPlan {

    Fault faultFor(long arrival, int attempt);

    /** The same fault on every request. */
    static FaultPlan always(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        return (arrival, attempt) -> fault;
    }

    /** The fault on the first attempt of every request, a normal answer to its retries. */
    static FaultPlan firstAttempt(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        return (arrival, attempt) -> attempt == 1 ? fault : Fault.NONE;
    }

    /**
     * A fault drawn from {@code faults} on a share {@code rate} of the arrivals, the rest answered
     * normally. The draw for an arrival depends only on the seed and the arrival number, so a run is
     * repeatable whatever order concurrent requests are read in.
     */
    static FaultPlan random(double rate, long seed, List<Fault> faults) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be in [0, 1], was " + rate);
        }
        List<Fault> pool = List.copyOf(faults);
        if (pool.isEmpty() && rate > 0) {
            throw new IllegalArgumentException("no faults to draw from");
        }
        return (arrival, attempt) -> {
            long bits = mix(seed ^ mix(arrival + 0x9E3779B97F4A7C15L));
            double draw = (bits >>> 11) * 0x1.0p-53;
            if (draw >= rate) {
                return Fault.NONE;
            }
            return pool.get((int) Math.floorMod(mix(bits), (long) pool.size()));
        };
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
