package dev.vernier.core.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Warms up a part of the harness itself (a transport, its decoders) before the first measured
 * request, so that a fresh JVM measures like a warm one: the code on the timing path is loaded,
 * linked and compiled before it times anything. Found by {@link ServiceLoader}; the run orchestration
 * calls every one found, in every run, and records how long each took in the run facts.
 *
 * <p>A warm-up works only against servers of its own inside this process (loopback), sends nothing
 * off the machine, leaves no thread or connection behind, and never throws: what goes wrong stays
 * inside it (a warm-up that could not run simply took less time).
 */
public interface HarnessWarmup {

    /** A short name for the run facts, e.g. {@code http}. */
    String name();

    /** Whether this warm-up helps a run of this provider (the http warm-up: providers on its transport). */
    default boolean appliesTo(Provider provider) {
        return true;
    }

    /**
     * Runs the warm-up for about {@code budget} (never much longer: it stops starting work when the
     * budget is spent and finishes what is in flight).
     *
     * @return how long it took, start to finish
     */
    Duration run(Duration budget);

    /**
     * Runs the warm-up for a run of {@code providers} (those of the run it {@link #appliesTo}): a
     * warm-up that can exercise a provider's own code (its request encoding and stream decoder, on a
     * loopback copy of it) does so here, so that the code the measured requests run is the code made
     * hot. By default {@link #run(Duration)}.
     *
     * @return how long it took, start to finish
     */
    default Duration run(Duration budget, List<Provider> providers) {
        return run(budget);
    }

    /** Every warm-up on the class path of {@code loader}, in the order found. */
    static List<HarnessWarmup> available(ClassLoader loader) {
        List<HarnessWarmup> all = new ArrayList<>();
        ServiceLoader.load(HarnessWarmup.class, loader).forEach(all::add);
        return all;
    }
}
