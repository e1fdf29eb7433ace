package dev.vernier.report;

import dev.vernier.core.cost.BreakEven;
import dev.vernier.core.cost.SelfHostedCost;
import dev.vernier.core.run.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Monthly cost against monthly token volume for the providers of a run that can be costed that way:
 * each provider with declared hardware (kept up all month: {@code usd_per_hour x 730}, whatever the
 * volume) and each API provider with a price for its measured token mix ({@code volume x $/1M / 1e6}),
 * and the {@link BreakEven} comparison of every self-hosted x API pair.
 */
final class VolumeCosts {

    /**
     * One self-hosted x API comparison.
     *
     * @param selfHosted the self-hosted provider id
     * @param api        the API provider id
     * @param result     the comparison at the declared volume (0 when none was declared)
     * @param sentence   the verdict for a report
     */
    record Pair(String selfHosted, String api, BreakEven.Result result, String sentence) {}

    private VolumeCosts() {}

    /** Providers that ran with declared hardware, in suite order. */
    static List<ProviderFigures> selfHosted(ReportModel m) {
        return m.figures().stream().filter(f -> f.run().hardware() != null).toList();
    }

    /** API providers that ran with a known average price per 1M tokens, in suite order. */
    static List<ProviderFigures> apis(ReportModel m) {
        return m.figures().stream()
                .filter(f -> f.run().hardware() == null && f.run().apiUsdPerMillionTokens() != null)
                .toList();
    }

    /** Fixed monthly cost of a self-hosted provider: usd_per_hour x 730. */
    static double monthlyFixed(ProviderFigures f) {
        return SelfHostedCost.monthly(f.run().hardware());
    }

    /**
     * Every self-hosted x API comparison. With {@code expected_monthly_tokens} the sentence is
     * {@link BreakEven.Result#verdict()}; without it, the break-even (if any) and a request to declare the volume.
     */
    static List<Pair> pairs(ReportModel m) {
        RunResult r = m.result();
        Double expected = r.expectedMonthlyTokens();
        List<Pair> out = new ArrayList<>();
        for (ProviderFigures s : selfHosted(m)) {
            for (ProviderFigures a : apis(m)) {
                BreakEven.Result res = BreakEven.compare(
                        BreakEven.SelfHosted.fixed(s.run().hardware()),
                        a.run().apiUsdPerMillionTokens(),
                        expected == null ? 0 : expected);
                String head = s.id() + " (self-hosted) vs " + a.id() + " (API): ";
                String sentence;
                if (expected != null) {
                    sentence = head + res.verdict() + ".";
                } else {
                    OptionalDouble v = res.breakEvenTokensPerMonth();
                    sentence = head
                            + (v.isPresent()
                                    ? "break-even at " + BreakEven.tokens(v.getAsDouble()) + " tokens/month"
                                    : switch (res.outcome()) {
                                        case API_ALWAYS_CHEAPER ->
                                            "they never break even: the API is cheaper at every volume";
                                        case SELF_HOSTED_ALWAYS_CHEAPER ->
                                            "they never break even: self-hosted is cheaper at every volume";
                                        default -> "they cost the same at every volume";
                                    })
                            + "; declare expected_monthly_tokens in the suite for a verdict at your volume.";
                }
                out.add(new Pair(s.id(), a.id(), res, sentence));
            }
        }
        return out;
    }
}
