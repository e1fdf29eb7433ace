package dev.vernier.core.load;

import java.util.Locale;
import java.util.Objects;

/**
 * How requests are offered to a provider during one step of a {@link LoadProfile}: a closed loop of
 * N workers, or an open loop at a fixed rate.
 */
public sealed interface LoadStep {

    /** A short label for reports, e.g. {@code concurrency 16} or {@code 4 req/s poisson}. */
    String label();

    /**
     * The nominal concurrency, for self-hosted cost per request ({@code E2E / concurrency}): N in a closed
     * loop; in an open loop the in-flight cap, or 1 when uncapped (then the per-request cost is an upper
     * bound and the step's USD per 1M output tokens, from measured throughput, is the figure to use).
     */
    int nominalConcurrency();

    /**
     * Closed loop: {@code concurrency} workers; each sends its next request when its previous one completed.
     */
    record Closed(int concurrency) implements LoadStep {
        public Closed {
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
            }
        }

        @Override
        public String label() {
            return "concurrency " + concurrency;
        }

        @Override
        public int nominalConcurrency() {
            return concurrency;
        }
    }

    /**
     * Open loop: requests are due at {@code rate} per second whatever the responses do ({@link Arrivals}
     * spacing); with {@code maxInFlight > 0} a due request waits for a free slot, and that wait counts as
     * queueing delay (t_send - t_intended).
     *
     * @param rate        requests per second, > 0
     * @param arrivals    constant or Poisson spacing
     * @param maxInFlight cap on requests in flight, 0 for none
     */
    record Open(double rate, Arrivals arrivals, int maxInFlight) implements LoadStep {
        public Open {
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException(
                        "rate must be a positive number of requests per second, was " + rate);
            }
            Objects.requireNonNull(arrivals, "arrivals");
            if (maxInFlight < 0) {
                throw new IllegalArgumentException("max_in_flight must be >= 0, was " + maxInFlight);
            }
        }

        @Override
        public String label() {
            String r = rate == Math.rint(rate) ? Long.toString((long) rate) : String.format(Locale.ROOT, "%.3g", rate);
            return r + " req/s " + arrivals.name().toLowerCase(Locale.ROOT)
                    + (maxInFlight > 0 ? " (max " + maxInFlight + " in flight)" : "");
        }

        @Override
        public int nominalConcurrency() {
            return Math.max(1, maxInFlight);
        }
    }
}
