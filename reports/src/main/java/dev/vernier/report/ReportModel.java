package dev.vernier.report;

import dev.vernier.core.metrics.Slo;
import dev.vernier.core.metrics.Summary;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the human-facing writers need from a {@link RunResult}, computed once: figures per provider
 * that ran, the skipped providers, and the case x prompt rows with each provider's measured samples.
 * Reads nothing but the result.
 */
final class ReportModel {

    private final RunResult result;
    private final List<ProviderFigures> figures;
    private final List<ProviderRun> skipped;
    private final List<CaseKey> cases;
    private final Map<String, List<StepFigures>> steps;
    private final Map<CaseKey, Map<String, List<Sample>>> cells;
    private final long measuredRequests;
    private final long warmupRequests;

    private ReportModel(RunResult result) {
        this.result = result;
        List<Sample> bySeq = new ArrayList<>(result.samples());
        bySeq.sort(Comparator.comparingInt(Sample::seq));
        Map<String, List<Sample>> measuredByProvider = new HashMap<>();
        Set<CaseKey> caseOrder = new LinkedHashSet<>();
        Map<CaseKey, Map<String, List<Sample>>> cellMap = new HashMap<>();
        long measured = 0;
        for (Sample s : bySeq) {
            if (s.warmup()) {
                continue;
            }
            measured++;
            measuredByProvider
                    .computeIfAbsent(s.providerId(), k -> new ArrayList<>())
                    .add(s);
            CaseKey key = CaseKey.of(s);
            caseOrder.add(key);
            cellMap.computeIfAbsent(key, k -> new HashMap<>())
                    .computeIfAbsent(s.providerId(), k -> new ArrayList<>())
                    .add(s);
        }
        this.measuredRequests = measured;
        this.warmupRequests = bySeq.size() - measured;
        this.cases = List.copyOf(caseOrder);
        this.cells = cellMap;
        List<ProviderFigures> ran = new ArrayList<>();
        List<ProviderRun> skip = new ArrayList<>();
        Map<String, List<StepFigures>> stepMap = new LinkedHashMap<>();
        for (ProviderRun p : result.providers()) {
            if (p.skipped()) {
                skip.add(p);
                continue;
            }
            List<Sample> mine = measuredByProvider.getOrDefault(p.providerId(), List.of());
            stepMap.put(p.providerId(), StepFigures.of(result, p, mine));
            Summary summary = Summary.of(p.providerId(), mine, p.windowNanos());
            ran.add(consistency(p, summary, mine, result.slo()));
        }
        this.figures = List.copyOf(ran);
        this.skipped = List.copyOf(skip);
        this.steps = stepMap;
    }

    static ReportModel of(RunResult result) {
        return new ReportModel(result);
    }

    private static ProviderFigures consistency(ProviderRun p, Summary summary, List<Sample> mine, Slo slo) {
        Map<CaseKey, List<String>> outputs = new LinkedHashMap<>();
        for (Sample s : mine) {
            if (s.succeeded()) {
                outputs.computeIfAbsent(CaseKey.of(s), k -> new ArrayList<>()).add(s.text());
            }
        }
        int groups = 0;
        int identical = 0;
        for (List<String> texts : outputs.values()) {
            if (texts.size() < 2) {
                continue;
            }
            groups++;
            if (texts.stream().distinct().count() == 1) {
                identical++;
            }
        }
        return new ProviderFigures(
                p, summary, List.copyOf(mine), groups == 0 ? Double.NaN : (double) identical / groups, groups, slo);
    }

    RunResult result() {
        return result;
    }

    /** Providers that ran, in suite order. */
    List<ProviderFigures> figures() {
        return figures;
    }

    /** The load steps of a provider that ran, in run order (one for a run without a sweep). */
    List<StepFigures> steps(String providerId) {
        return steps.getOrDefault(providerId, List.of());
    }

    /** Every provider's load steps, in suite order then run order. */
    List<StepFigures> allSteps() {
        return steps.values().stream().flatMap(List::stream).toList();
    }

    /** A provider's saturation point against the suite's SLO. */
    StepFigures.Saturation saturation(String providerId) {
        return StepFigures.Saturation.of(steps(providerId), result.slo());
    }

    /** Whether the report shows a per-step section (see {@link StepFigures#worthShowing}). */
    boolean showSteps() {
        return StepFigures.worthShowing(result);
    }

    /** Providers that were skipped, in suite order. */
    List<ProviderRun> skipped() {
        return skipped;
    }

    /** Case x prompt rows in plan order (first measured appearance). */
    List<CaseKey> cases() {
        return cases;
    }

    /** Measured samples of one provider for one row, in plan order; empty when there are none. */
    List<Sample> cell(CaseKey key, String providerId) {
        return cells.getOrDefault(key, Map.of()).getOrDefault(providerId, List.of());
    }

    long measuredRequests() {
        return measuredRequests;
    }

    long warmupRequests() {
        return warmupRequests;
    }

    Duration duration() {
        return Duration.between(result.startedAt(), result.finishedAt());
    }

    /** The environment value, or null. */
    String env(String key) {
        return result.environment().get(key);
    }

    /**
     * Whether the providers that answered this row successfully gave different outputs: each
     * provider's most frequent output (first on ties, surrounding whitespace ignored) is compared.
     */
    boolean disagree(CaseKey key) {
        String first = null;
        for (ProviderFigures f : figures) {
            String modal = modalOutput(cell(key, f.id()));
            if (modal == null) {
                continue;
            }
            if (first == null) {
                first = modal;
            } else if (!first.equals(modal)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any measured request of this row failed. */
    boolean anyFailure(CaseKey key) {
        for (Map<String, List<Sample>> byProvider : List.of(cells.getOrDefault(key, Map.of()))) {
            for (List<Sample> samples : byProvider.values()) {
                for (Sample s : samples) {
                    if (!s.succeeded()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The most frequent successful output (stripped), or null when none succeeded. */
    static String modalOutput(List<Sample> samples) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Sample s : samples) {
            if (s.succeeded()) {
                counts.merge(s.text().strip(), 1, Integer::sum);
            }
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
