package dev.vernier.testkit;

import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Provider;
import dev.vernier.core.plan.PlannedRequest;
import dev.vernier.core.plan.RunPlan;
import dev.vernier.core.run.Runner;
import dev.vernier.core.run.Sample;
import dev.vernier.core.time.SystemClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Requests sent one at a time through the real {@link Runner} on the system clock, for end-to-end
 * timing tests of a provider against a {@link StreamingSimulator}: warm-ups first (connection pool,
 * JIT), then the measured requests, whose samples are returned.
 */
public final class TimedRuns {

    private TimedRuns() {}

    /**
     * Sends {@code warmups + measured} requests (prompt "two plus two", max 256 tokens, temperature 0)
     * sequentially and returns the measured samples, in completion order.
     */
    public static List<Sample> measure(Provider provider, int warmups, int measured) throws InterruptedException {
        List<PlannedRequest> requests = new ArrayList<>();
        for (int i = 0; i < warmups + measured; i++) {
            boolean warm = i < warmups;
            GenerationRequest request = new GenerationRequest("t" + i, "two plus two", null, 0.0, 256, null);
            requests.add(new PlannedRequest(i, provider.id(), "timing", "p", i, warm, request));
        }
        Runner runner = new Runner(SystemClock.instance(), 1, Duration.ofSeconds(20));
        Runner.Outcome outcome = runner.run(new RunPlan(requests), Map.of(provider.id(), provider), s -> {});
        return outcome.samples().stream().filter(s -> !s.warmup()).toList();
    }

    /** The median of a figure over the samples. */
    public static double median(List<Sample> samples, ToDoubleFunction<Sample> figure) {
        double[] v = samples.stream().mapToDouble(figure).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** {@link #median} of a nanosecond figure, in milliseconds. */
    public static double medianMs(List<Sample> samples, ToDoubleFunction<Sample> nanos) {
        return median(samples, s -> nanos.applyAsDouble(s) / 1e6);
    }

    /** For messages: the figure's values in order. */
    public static String values(List<Sample> samples, ToDoubleFunction<Sample> figure) {
        return Arrays.toString(samples.stream().mapToDouble(figure).toArray());
    }
}
