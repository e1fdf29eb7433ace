package dev.vernier.core.cost;

import dev.vernier.core.run.Sample;
import java.util.OptionalDouble;

/**
 * Cost of self-hosted inference from the declared hardware price (DESIGN.md section 3,
 * "cost (self-hosted)").
 *
 * <pre>
 * $/request        = usd_per_hour / 3600 x busy_seconds / concurrency
 * $/1M out tokens  = usd_per_hour / (output_tokens_per_second x 3600) x 1e6
 * $ for a window   = usd_per_hour / 3600 x window_seconds
 * </pre>
 *
 * <p>Busy seconds of a request is its E2E latency. At concurrency c the hardware serves c requests at
 * once, so a request's fair share is its E2E / c; with the default c = 1 this is DESIGN.md's formula
 * exactly. Output tokens per second must be the aggregate output throughput measured at the
 * concurrency being costed (sum N / window), not one request's decode speed.
 */
public final class SelfHostedCost {

    /** Hours in an average month (8760 / 12), used for monthly fixed costs. */
    public static final double HOURS_PER_MONTH = 730;

    private SelfHostedCost() {}

    /** Cost of one request that kept the hardware busy for {@code busyNanos}, alone on it. */
    public static double perRequest(HardwareSpec hw, long busyNanos) {
        return perRequest(hw, busyNanos, 1);
    }

    /** Cost share of one request busy for {@code busyNanos} while {@code concurrency} requests shared the hardware. */
    public static double perRequest(HardwareSpec hw, long busyNanos, int concurrency) {
        if (busyNanos < 0 || concurrency < 1) {
            throw new IllegalArgumentException("busy time must be >= 0 and concurrency >= 1");
        }
        return hw.usdPerHour() / 3600.0 * (busyNanos / 1e9) / concurrency;
    }

    /** Cost of one sample from its E2E latency. */
    public static double perRequest(HardwareSpec hw, Sample sample, int concurrency) {
        return perRequest(hw, Math.max(0, sample.e2eNanos()), concurrency);
    }

    /** $ per 1M output tokens at the measured aggregate output throughput; empty when throughput is not positive. */
    public static OptionalDouble perMillionOutputTokens(HardwareSpec hw, double outputTokensPerSecond) {
        if (!(outputTokensPerSecond > 0) || Double.isInfinite(outputTokensPerSecond)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(hw.usdPerHour() / (outputTokensPerSecond * 3600.0) * 1e6);
    }

    /** Cost of holding the hardware for a measurement window. */
    public static double forWindow(HardwareSpec hw, long windowNanos) {
        return hw.usdPerHour() / 3600.0 * (Math.max(0, windowNanos) / 1e9);
    }

    /** Fixed monthly cost of keeping the hardware up: usd_per_hour x 730. */
    public static double monthly(HardwareSpec hw) {
        return hw.usdPerHour() * HOURS_PER_MONTH;
    }
}
