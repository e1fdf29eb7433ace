package dev.vernier.report;

import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.StepRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The numbers every report shows for one provider in one load step: the step's {@link Summary} over
 * its own window, goodput against the suite's {@link Slo}, and self-hosted cost at the step's measured
 * throughput. A result without recorded steps (written before load profiles existed) gets one closed-loop
 * step per provider that ran, at its concurrency, over its whole window.
 *
 * @param run      the provider
 * @param step     the step as it ran
 * @param summary  aggregates of the step's measured samples over the step window
 * @param measured the step's measured (non-warm-up) samples
 * @param slo      the suite's latency objectives
 */
record StepFigures(ProviderRun run, StepRun step, Summary summary, List<Sample> measured, Slo slo) {

    String providerId() {
        return run.providerId();
    }

    /** The offered load in words, e.g. {@code concurrency 16} or {@code 4 req/s poisson (max 64 in flight)}. */
    String label() {
        return step.label();
    }

    /**
     * Every step of every provider that ran, in suite order and then run order. Samples belong to a step
     * by {@link Sample#step()}; warm-ups are left out.
     */
    static List<StepFigures> all(RunResult r) {
        Map<String, List<Sample>> byProvider = new HashMap<>();
        for (Sample s : r.samples()) {
            if (!s.warmup()) {
                byProvider
                        .computeIfAbsent(s.providerId(), k -> new ArrayList<>())
                        .add(s);
            }
        }
        List<StepFigures> out = new ArrayList<>();
        for (ProviderRun p : r.providers()) {
            if (!p.skipped()) {
                out.addAll(of(r, p, byProvider.getOrDefault(p.providerId(), List.of())));
            }
        }
        return out;
    }

    /** One provider's steps; {@code measured} are its measured samples. */
    static List<StepFigures> of(RunResult r, ProviderRun p, List<Sample> measured) {
        List<StepRun> steps = r.stepsOf(p.providerId());
        List<StepFigures> out = new ArrayList<>();
        if (steps.isEmpty()) {
            long sent = r.samples().stream()
                    .filter(s -> s.providerId().equals(p.providerId()))
                    .count();
            StepRun only = new StepRun(
                    p.providerId(), 0, new LoadStep.Closed(Math.max(1, p.concurrency())), p.windowNanos(), sent, null);
            out.add(new StepFigures(p, only, Summary.of(p.providerId(), measured, p.windowNanos()), measured, r.slo()));
            return out;
        }
        Map<Integer, List<Sample>> byStep = new HashMap<>();
        for (Sample s : measured) {
            byStep.computeIfAbsent(s.step(), k -> new ArrayList<>()).add(s);
        }
        for (StepRun st : steps) {
            List<Sample> mine = byStep.getOrDefault(st.step(), List.of());
            out.add(new StepFigures(
                    p, st, Summary.of(p.providerId(), mine, st.windowNanos()), List.copyOf(mine), r.slo()));
        }
        return out;
    }

    /**
     * Whether the run's steps call for a per-step report: a provider ran more than one step, a step was
     * open-loop, or a stop rule ended a step early.
     */
    static boolean worthShowing(RunResult r) {
        return r.swept()
                || r.steps().stream().anyMatch(s -> s.load() instanceof LoadStep.Open || s.stopReason() != null);
    }

    /** Requests that succeeded, met every latency objective and passed their assertions; -1 without an SLO. */
    long good() {
        return slo.goodCount(measured);
    }

    /**
     * Goodput: {@link #good()} / step window, requests per second; without an SLO the successful requests
     * that passed their assertions; empty without a window.
     */
    OptionalDouble goodputPerSecond() {
        return goodput(slo, measured, summary.windowSeconds());
    }

    /** Goodput of any measured samples over a window in seconds; empty without a window. */
    static OptionalDouble goodput(Slo slo, List<Sample> measured, double windowSeconds) {
        if (!(windowSeconds > 0)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(slo.goodCount(measured) / windowSeconds);
    }

    /** Self-hosted USD per 1M output tokens at this step's output throughput; empty without hardware. */
    OptionalDouble selfHostedUsdPerMillionOutputTokens() {
        return ProviderFigures.selfHostedUsdPerMillionOutputTokens(run, summary);
    }

    /** p95 TTFT measured from t_intended, ms; NaN when no request of the step produced output. */
    double ttftFromIntendedP95() {
        return summary.ttftFromIntendedMs().p95();
    }

    /** Whether the step's p95 TTFT from t_intended is within the SLO's TTFT limit (false without one). */
    boolean meetsTtftSlo() {
        double p95 = ttftFromIntendedP95();
        return !Double.isNaN(slo.ttftMs()) && !Double.isNaN(p95) && p95 <= slo.ttftMs();
    }

    /** This step's position in {@code steps} (by identity), or -1. */
    int indexIn(List<StepFigures> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) == this) {
                return i;
            }
        }
        return -1;
    }

    /** The offered load as a number: concurrency in a closed loop, requests per second in an open one. */
    double loadValue() {
        return loadValue(step.load());
    }

    static double loadValue(LoadStep load) {
        return load instanceof LoadStep.Open o ? o.rate() : ((LoadStep.Closed) load).concurrency();
    }

    /**
     * A provider's load in a few words: {@code concurrency 4} for one closed-loop step,
     * {@code concurrency 1, 4, 16} for a closed-loop sweep, else the step labels joined by "; ".
     */
    static String describe(List<StepFigures> steps) {
        if (steps.isEmpty()) {
            return "no load step";
        }
        if (steps.stream().allMatch(s -> s.step().load() instanceof LoadStep.Closed)) {
            return "concurrency "
                    + String.join(
                            ", ",
                            steps.stream()
                                    .map(s -> Integer.toString(
                                            ((LoadStep.Closed) s.step().load()).concurrency()))
                                    .toList());
        }
        return String.join("; ", steps.stream().map(StepFigures::label).toList());
    }

    /** Whether every step is of the same kind (all closed-loop or all open-loop), so loads compare. */
    static boolean sameKind(List<StepFigures> steps) {
        return steps.stream().map(s -> s.step().load().getClass()).distinct().count() <= 1;
    }

    /**
     * One provider's saturation point: of the steps whose p95 TTFT from t_intended is within the
     * SLO's TTFT limit, the one with the highest offered load (when the steps are of one kind; else the
     * last such step run).
     *
     * @param at       that step, or null
     * @param sentence the finding in words, for every report
     */
    record Saturation(StepFigures at, String sentence) {

        static Saturation of(List<StepFigures> steps, Slo slo) {
            if (Double.isNaN(slo.ttftMs())) {
                return new Saturation(null, "declare slo.ttft_ms in the suite to get a saturation point");
            }
            boolean comparable = sameKind(steps);
            StepFigures best = null;
            for (StepFigures s : steps) {
                if (s.meetsTtftSlo() && (best == null || !comparable || s.loadValue() >= best.loadValue())) {
                    best = s;
                }
            }
            String limit = ms(slo.ttftMs());
            if (best == null) {
                return new Saturation(
                        null, "no step met the SLO (p95 TTFT from the intended time within " + limit + ")");
            }
            String sentence = "saturation point: " + best.label() + " (highest step whose p95 TTFT from the "
                    + "intended time is within the SLO of " + limit + ")";
            if (steps.stream().allMatch(StepFigures::meetsTtftSlo)) {
                sentence += "; every step met it, so the provider may sustain more than the highest load tried";
            }
            return new Saturation(best, sentence);
        }

        private static String ms(double v) {
            return (v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v)) + " ms";
        }
    }
}
