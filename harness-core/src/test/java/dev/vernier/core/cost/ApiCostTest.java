package dev.vernier.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.stats.Samples;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiCostTest {

    // $0.40 in, $0.10 cached, $1.60 out per 1M tokens
    private static final ModelPrice MINI = new ModelPrice(
            "m", "openai", List.of(), "USD", 0.40, 0.10, 1.60, "https://example.test", LocalDate.of(2026, 11, 23), "");
    private static final ModelPrice NO_CACHED_PRICE = new ModelPrice(
            "n", "mistral", List.of(), "USD", 2.0, null, 6.0, "https://example.test", LocalDate.of(2026, 11, 23), "");

    private static TokenCounts tokens(long in, long out, long cached) {
        return new TokenCounts(in, out, cached, -1, CountSource.SERVER_USAGE, CountSource.SERVER_USAGE);
    }

    @Test
    void billsInputAndOutputPerMillionTokens() {
        // 1,000 x 0.40 + 500 x 1.60 = 400 + 800 = 1,200 per 1M -> $0.0012
        assertThat(ApiCost.of(tokens(1_000, 500, -1), MINI).getAsDouble()).isCloseTo(0.0012, within(1e-12));
    }

    @Test
    void billsCachedTokensAtTheCachedPriceAndTheRestAtTheInputPrice() {
        // input 10,000 of which 8,000 cached: 2,000 x 0.40 + 8,000 x 0.10 + 1,000 x 1.60
        //   = 800 + 800 + 1,600 = 3,200 per 1M -> $0.0032
        assertThat(ApiCost.of(tokens(10_000, 1_000, 8_000), MINI).getAsDouble()).isCloseTo(0.0032, within(1e-12));
    }

    @Test
    void unknownCachedCountBillsEveryInputTokenAtTheFullPrice() {
        assertThat(ApiCost.of(tokens(10_000, 0, -1), MINI).getAsDouble()).isCloseTo(0.004, within(1e-12));
    }

    @Test
    void modelWithoutCachedPriceBillsCachedTokensAsInput() {
        // 1M input (half cached) x $2 + 1M output x $6 = $8
        assertThat(ApiCost.of(tokens(1_000_000, 1_000_000, 500_000), NO_CACHED_PRICE)
                        .getAsDouble())
                .isCloseTo(8.0, within(1e-9));
    }

    @Test
    void unknownInputOrOutputCountGivesUnknownCostNotZero() {
        assertThat(ApiCost.of(tokens(-1, 10, -1), MINI)).isEmpty();
        assertThat(ApiCost.of(tokens(10, -1, -1), MINI)).isEmpty();
        assertThat(ApiCost.of(TokenCounts.UNKNOWN, MINI)).isEmpty();
    }

    @Test
    void unknownPriceGivesUnknownCost() {
        assertThat(ApiCost.of(tokens(10, 10, 0), Optional.empty())).isEmpty();
        assertThat(ApiCost.of(tokens(10, 10, 0), PriceCatalogue.shipped().find("no-such-model")))
                .isEmpty();
    }

    @Test
    void totalIsUnknownWhenAnySampleIsUnpricedButKeepsTheKnownPart() {
        CostTotal total = ApiCost.total(
                List.of(Samples.withTokens(tokens(1_000, 500, -1)), Samples.withTokens(TokenCounts.UNKNOWN)), MINI);
        assertThat(total.usd()).isEmpty();
        assertThat(total.knownUsd()).isCloseTo(0.0012, within(1e-12));
        assertThat(total.pricedItems()).isEqualTo(1);
        assertThat(total.unpricedItems()).isEqualTo(1);

        CostTotal all = ApiCost.total(
                List.of(Samples.withTokens(tokens(1_000, 500, -1)), Samples.withTokens(tokens(10_000, 1_000, 8_000))),
                MINI);
        assertThat(all.usd().getAsDouble()).isCloseTo(0.0044, within(1e-12));
    }
}
