package dev.vernier.core.session;

import dev.vernier.core.cost.ModelPrice;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.StepRun;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code run.json} holds: the facts of a run the journal lacks. Written when a run starts (so a
 * killed run can still be reported and resumed) and again when each attempt ends.
 *
 * @param suiteName             suite name
 * @param suiteFile             the suite file as given
 * @param startedAt             when the run's first attempt started
 * @param finishedAt            when its last attempt ended; null while it runs (or after it was killed)
 * @param status                {@link #RUNNING}, {@link #COMPLETE} or {@link #STOPPED}
 * @param stopReason            why the last attempt stopped early, null otherwise
 * @param environment           machine and version facts
 * @param providers             every provider's part in the run (windows as of the last write)
 * @param apiPrices             the catalogue price of each priced API provider, by provider id
 * @param expectedMonthlyTokens the suite's {@code expected_monthly_tokens}, or null
 * @param steps                 every load step as it ran (as of the last write)
 * @param slo                   the suite's latency objectives
 * @param plan                  what resuming needs to send the same requests again, null for runs
 *                              written before resume existed
 */
public record RunHeader(
        String suiteName,
        String suiteFile,
        Instant startedAt,
        Instant finishedAt,
        String status,
        String stopReason,
        Map<String, String> environment,
        List<ProviderRun> providers,
        Map<String, ModelPrice> apiPrices,
        Double expectedMonthlyTokens,
        List<StepRun> steps,
        Slo slo,
        Plan plan) {

    /** The run is in progress, or its process was killed. */
    public static final String RUNNING = "running";
    /** Its last attempt ran to its end. */
    public static final String COMPLETE = "complete";
    /** Its last attempt was stopped (a signal, a journal that could not be written). */
    public static final String STOPPED = "stopped";

    public RunHeader {
        Objects.requireNonNull(suiteName, "suiteName");
        Objects.requireNonNull(startedAt, "startedAt");
        status = status == null ? COMPLETE : status;
        environment = environment == null ? Map.of() : new LinkedHashMap<>(environment);
        providers = List.copyOf(providers);
        apiPrices = apiPrices == null ? Map.of() : new LinkedHashMap<>(apiPrices);
        steps = steps == null ? List.of() : List.copyOf(steps);
        slo = slo == null ? Slo.NONE : slo;
    }

    /**
     * What a run sends, recorded so that a resumed run sends the same requests.
     *
     * @param suitePath   the suite file, absolute
     * @param suiteSha256 the suite file's sha256 when the run started
     * @param repeats     the repeats the run used (the suite's, or a command-line override)
     * @param load        the load profile the run used (the suite's, or with command-line overrides)
     * @param only        the providers filter the run used; empty for every provider
     * @param planned     measured requests the plan holds; -1 when bounded by time
     */
    public record Plan(
            String suitePath, String suiteSha256, int repeats, LoadProfile load, List<String> only, long planned) {
        public Plan {
            Objects.requireNonNull(suitePath, "suitePath");
            Objects.requireNonNull(load, "load");
            only = only == null ? List.of() : List.copyOf(only);
        }
    }

    /** This header with the status and end of an attempt, and the run's windows and steps as they now stand. */
    public RunHeader ended(
            Instant at, String newStatus, String reason, List<ProviderRun> nowProviders, List<StepRun> nowSteps) {
        return new RunHeader(
                suiteName,
                suiteFile,
                startedAt,
                at,
                newStatus,
                reason,
                environment,
                nowProviders,
                apiPrices,
                expectedMonthlyTokens,
                nowSteps,
                slo,
                plan);
    }

    /** This header as a new attempt starts (status running, in this environment, with these providers). */
    public RunHeader restarted(Map<String, String> nowEnvironment, List<ProviderRun> nowProviders) {
        return new RunHeader(
                suiteName,
                suiteFile,
                startedAt,
                null,
                RUNNING,
                null,
                nowEnvironment,
                nowProviders,
                apiPrices,
                expectedMonthlyTokens,
                steps,
                slo,
                plan);
    }
}
