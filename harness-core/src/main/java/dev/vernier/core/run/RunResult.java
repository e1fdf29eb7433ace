package dev.vernier.core.run;

import dev.vernier.core.metrics.Slo;
import dev.vernier.core.metrics.Summary;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable result tree of a run: everything a report may show, nothing more.
 *
 * @param suiteName   suite name
 * @param suiteFile   suite file as given
 * @param startedAt   wall-clock start
 * @param finishedAt  wall-clock end
 * @param environment machine, JVM and Vernier version facts
 * @param providers   every provider of the suite, including skipped ones
 * @param samples     every sample, warm-ups included (flagged)
 * @param expectedMonthlyTokens the suite's {@code expected_monthly_tokens} (input + output tokens per month,
 *                    for the break-even verdicts), null when the suite declares none
 * @param steps       every load step as it ran, per provider in run order (one per provider without a sweep)
 * @param slo         the suite's latency objectives (goodput, saturation point)
 * @param completeness whether the run got to its end, and in how many attempts
 */
public record RunResult(
        String suiteName,
        String suiteFile,
        Instant startedAt,
        Instant finishedAt,
        Map<String, String> environment,
        List<ProviderRun> providers,
        List<Sample> samples,
        Double expectedMonthlyTokens,
        List<StepRun> steps,
        Slo slo,
        Completeness completeness) {

    public RunResult {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        providers = List.copyOf(providers);
        samples = List.copyOf(samples);
        steps = steps == null ? List.of() : List.copyOf(steps);
        slo = slo == null ? Slo.NONE : slo;
        completeness = completeness == null ? Completeness.FINISHED : completeness;
    }

    /** A result of a run that got to its end in one attempt. */
    public RunResult(
            String suiteName,
            String suiteFile,
            Instant startedAt,
            Instant finishedAt,
            Map<String, String> environment,
            List<ProviderRun> providers,
            List<Sample> samples,
            Double expectedMonthlyTokens,
            List<StepRun> steps,
            Slo slo) {
        this(
                suiteName,
                suiteFile,
                startedAt,
                finishedAt,
                environment,
                providers,
                samples,
                expectedMonthlyTokens,
                steps,
                slo,
                Completeness.FINISHED);
    }

    /** A result without a declared expected monthly volume. */
    public RunResult(
            String suiteName,
            String suiteFile,
            Instant startedAt,
            Instant finishedAt,
            Map<String, String> environment,
            List<ProviderRun> providers,
            List<Sample> samples) {
        this(suiteName, suiteFile, startedAt, finishedAt, environment, providers, samples, null, List.of(), null);
    }

    /** Summary per provider that ran, in suite order, from measured (non-warm-up) samples. */
    public Map<String, Summary> summaries() {
        Map<String, Summary> out = new LinkedHashMap<>();
        for (ProviderRun p : providers) {
            if (!p.skipped()) {
                out.put(
                        p.providerId(),
                        Summary.of(
                                p.providerId(),
                                samples.stream()
                                        .filter(s -> s.providerId().equals(p.providerId()))
                                        .toList(),
                                p.windowNanos()));
            }
        }
        return out;
    }

    /** The steps one provider ran, in order. */
    public List<StepRun> stepsOf(String providerId) {
        return steps.stream().filter(s -> s.providerId().equals(providerId)).toList();
    }

    /** Whether any provider ran more than one load step. */
    public boolean swept() {
        return providers.stream().anyMatch(p -> stepsOf(p.providerId()).size() > 1);
    }

    /** One provider's samples of one load step, warm-ups included, in completion order. */
    public List<Sample> stepSamples(StepRun step) {
        return samples.stream()
                .filter(s -> s.providerId().equals(step.providerId()) && s.step() == step.step())
                .toList();
    }
}
