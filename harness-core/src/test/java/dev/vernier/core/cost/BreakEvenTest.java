package dev.vernier.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakEvenTest {

    private static final HardwareSpec H100 = new HardwareSpec("gpu: H100", 2.5); // $1,825 / month

    @Test
    void fixedHardwareBreaksEvenWhereApiSpendEqualsTheMonthlyCost() {
        // V* = 1825 / ($5 per 1M) = 365M tokens/month
        BreakEven.Result r = BreakEven.compare(BreakEven.SelfHosted.fixed(H100), 5.0, 50e6);
        assertThat(r.outcome()).isEqualTo(BreakEven.Outcome.CROSSES);
        assertThat(r.breakEvenTokensPerMonth().getAsDouble()).isCloseTo(365e6, within(1e-3));
        // at 50M: API 50 x $5 = $250, self-hosted $1,825: API cheaper by $1,575
        assertThat(r.apiMonthlyUsd()).isCloseTo(250, within(1e-9));
        assertThat(r.selfHostedMonthlyUsd()).isCloseTo(1825, within(1e-9));
        assertThat(r.cheaper()).isEqualTo(BreakEven.Cheaper.API);
        assertThat(r.savingUsd()).isCloseTo(1575, within(1e-9));
        assertThat(r.verdict())
                .isEqualTo("API is cheaper at 50M tokens/month by $1,575.00 "
                        + "(self-hosted $1,825.00 vs API $250.00 per month); break-even at 365M tokens/month");
    }

    @Test
    void aboveTheBreakEvenSelfHostedIsCheaper() {
        // at 1B tokens: API $5,000 vs self-hosted $1,825 -> self-hosted cheaper by $3,175
        BreakEven.Result r = BreakEven.compare(BreakEven.SelfHosted.fixed(H100), 5.0, 1e9);
        assertThat(r.cheaper()).isEqualTo(BreakEven.Cheaper.SELF_HOSTED);
        assertThat(r.savingUsd()).isCloseTo(3175, within(1e-6));
        assertThat(r.verdict()).startsWith("self-hosted is cheaper at 1B tokens/month by $3,175.00");
    }

    @Test
    void fixedPlusMarginalCostBreaksEvenOnTheMarginDifference() {
        // F = $1,000, s = $1 per 1M, API $3 per 1M: V* = 1000 / 2 per 1M = 500M
        BreakEven.Result r = BreakEven.compare(new BreakEven.SelfHosted(1000, 1), 3, 0);
        assertThat(r.breakEvenTokensPerMonth().getAsDouble()).isCloseTo(500e6, within(1e-3));
    }

    @Test
    void freeApiNeverBreaksEvenWithFixedHardware() {
        BreakEven.Result r = BreakEven.compare(BreakEven.SelfHosted.fixed(H100), 0, 50e6);
        assertThat(r.outcome()).isEqualTo(BreakEven.Outcome.API_ALWAYS_CHEAPER);
        assertThat(r.breakEvenTokensPerMonth()).isEmpty();
        assertThat(r.verdict()).endsWith("they never break even: the API is cheaper at every volume");
    }

    @Test
    void marginalSelfHostedCostAboveApiPriceNeverBreaksEven() {
        BreakEven.Result r = BreakEven.compare(new BreakEven.SelfHosted(100, 4), 3, 50e6);
        assertThat(r.outcome()).isEqualTo(BreakEven.Outcome.API_ALWAYS_CHEAPER);
        assertThat(r.breakEvenTokensPerMonth()).isEmpty();
    }

    @Test
    void perTokenSelfHostingIsCheaperOrDearerAtEveryVolume() {
        // $1.39 per 1M output tokens, 25% of tokens are output -> $0.3472 per 1M tokens; API $5 per 1M
        BreakEven.SelfHosted cheap = BreakEven.SelfHosted.fromOutputTokenPrice(2.5 / 1.8, 0.25);
        assertThat(cheap.usdPerMillionTokens()).isCloseTo(2.5 / 1.8 / 4, within(1e-12));
        BreakEven.Result r = BreakEven.compare(cheap, 5, 50e6);
        assertThat(r.outcome()).isEqualTo(BreakEven.Outcome.SELF_HOSTED_ALWAYS_CHEAPER);
        assertThat(r.breakEvenTokensPerMonth()).isEmpty();
        assertThat(r.savingUsd()).isCloseTo(50 * (5 - 2.5 / 1.8 / 4), within(1e-9));

        assertThat(BreakEven.compare(BreakEven.SelfHosted.perToken(6), 5, 1e6).outcome())
                .isEqualTo(BreakEven.Outcome.API_ALWAYS_CHEAPER);
        BreakEven.Result same = BreakEven.compare(BreakEven.SelfHosted.perToken(5), 5, 1e6);
        assertThat(same.outcome()).isEqualTo(BreakEven.Outcome.ALWAYS_EQUAL);
        assertThat(same.cheaper()).isEqualTo(BreakEven.Cheaper.EQUAL);
        assertThat(same.verdict()).startsWith("self-hosted and API cost the same at 1M tokens/month");
    }

    @Test
    void blendedApiPriceFollowsTheMeasuredTokenMix() {
        ModelPrice p =
                new ModelPrice("m", "openai", List.of(), "USD", 0.40, 0.10, 1.60, "u", LocalDate.of(2026, 11, 23), "");
        // 3M input (1M cached) + 1M output: 2 x 0.40 + 1 x 0.10 + 1 x 1.60 = $2.50 over 4M tokens = $0.625 per 1M
        assertThat(BreakEven.apiUsdPerMillionTokens(p, 3_000_000, 1_000_000, 1_000_000)
                        .getAsDouble())
                .isCloseTo(0.625, within(1e-12));
        assertThat(BreakEven.apiUsdPerMillionTokens(p, 0, 0, 0)).isEmpty();
    }

    @Test
    void formatsVolumesAndDollars() {
        assertThat(BreakEven.tokens(50e6)).isEqualTo("50M");
        assertThat(BreakEven.tokens(1.25e9)).isEqualTo("1.25B");
        assertThat(BreakEven.tokens(950)).isEqualTo("950");
        assertThat(BreakEven.usd(0.0012)).isEqualTo("$0.0012");
        assertThat(BreakEven.usd(1234.5)).isEqualTo("$1,234.50");
    }
}
