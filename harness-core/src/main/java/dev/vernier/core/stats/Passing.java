package dev.vernier.core.stats;

import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Score;
import java.util.function.Predicate;

/** What "passed" means for a sample, for pass rates, McNemar and consistency. */
public final class Passing {

    /**
     * The default: the request succeeded and every assertion passed ({@link Score#pass()}). A
     * succeeded sample without assertions passes. A weighted threshold can replace this predicate.
     */
    public static final Predicate<Sample> ALL_ASSERTIONS =
            s -> s.succeeded() && s.scores().stream().allMatch(Score::pass);

    private Passing() {}
}
