package dev.vernier.core.cost;

import dev.vernier.core.run.Sample;
import java.util.Collection;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * Cost per correct answer = total cost / passing samples.
 *
 * <p>Unknown when the total cost is unknown ({@link Kind#UNKNOWN_COST}); undefined when nothing
 * passed ({@link Kind#NO_PASSES}, where {@code usd} is +infinity for a positive cost and NaN for a
 * zero cost). Neither is ever shown as a number.
 *
 * @param kind     whether the value is defined
 * @param usd      total / passes when {@link Kind#KNOWN}
 * @param totalUsd the total cost (NaN when unknown)
 * @param passes   passing samples
 */
public record CostPerCorrect(Kind kind, double usd, double totalUsd, long passes) {

    /** Whether the ratio is defined. */
    public enum Kind {
        KNOWN,
        UNKNOWN_COST,
        NO_PASSES
    }

    /** From a total cost (empty = unknown) and a pass count. */
    public static CostPerCorrect of(OptionalDouble totalUsd, long passes) {
        if (passes < 0) {
            throw new IllegalArgumentException("passes must be >= 0");
        }
        if (totalUsd.isEmpty()) {
            return new CostPerCorrect(Kind.UNKNOWN_COST, Double.NaN, Double.NaN, passes);
        }
        double total = totalUsd.getAsDouble();
        if (passes == 0) {
            return new CostPerCorrect(Kind.NO_PASSES, total > 0 ? Double.POSITIVE_INFINITY : Double.NaN, total, 0);
        }
        return new CostPerCorrect(Kind.KNOWN, total / passes, total, passes);
    }

    /** Counts the passing samples with {@code passed} (e.g. {@link dev.vernier.core.stats.Passing#ALL_ASSERTIONS}). */
    public static CostPerCorrect of(OptionalDouble totalUsd, Collection<Sample> samples, Predicate<Sample> passed) {
        return of(totalUsd, samples.stream().filter(passed).count());
    }

    /** The value when defined. */
    public OptionalDouble value() {
        return kind == Kind.KNOWN ? OptionalDouble.of(usd) : OptionalDouble.empty();
    }

    /** For reports: {@code $0.0012}, {@code unknown}, or {@code n/a (no passing samples)}. */
    public String display() {
        return switch (kind) {
            case KNOWN -> BreakEven.usd(usd);
            case UNKNOWN_COST -> "unknown";
            case NO_PASSES -> "n/a (no passing samples)";
        };
    }
}
