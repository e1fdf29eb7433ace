package dev.vernier.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One provider entry run at several reasoning efforts ({@code reasoning.effort: [low, medium, high]}):
 * its levels in effort order, each a provider of the run ({@code <id>@<level>}) with all the usual
 * figures, so pass rate, latency and cost can be read per level.
 *
 * @param sweepOf the id the levels share
 * @param levels  the levels that ran, lowest effort first
 */
record EffortSweep(String sweepOf, List<ProviderFigures> levels) {

    /** The sweeps of a run, in suite order; empty when none ran. */
    static List<EffortSweep> of(ReportModel m) {
        Map<String, List<ProviderFigures>> groups = new LinkedHashMap<>();
        for (ProviderFigures f : m.figures()) {
            if (f.run().sweepOf() != null) {
                groups.computeIfAbsent(f.run().sweepOf(), k -> new ArrayList<>())
                        .add(f);
            }
        }
        List<EffortSweep> out = new ArrayList<>();
        groups.forEach((id, levels) -> {
            List<ProviderFigures> sorted = new ArrayList<>(levels);
            sorted.sort(Comparator.comparingInt(EffortSweep::rank));
            out.add(new EffortSweep(id, List.copyOf(sorted)));
        });
        return out;
    }

    /** A level's effort in words, e.g. {@code low}; "default" when it has none. */
    static String effort(ProviderFigures f) {
        var r = f.run().reasoning();
        return r == null || r.effort() == null ? "default" : r.effort().word();
    }

    private static int rank(ProviderFigures f) {
        var r = f.run().reasoning();
        return r == null || r.effort() == null ? -1 : r.effort().ordinal();
    }
}
