package dev.vernier.core.cost;

import java.util.OptionalDouble;

/**
 * A summed cost that knows whether it is complete.
 *
 * @param knownUsd         the sum over the priced items (a lower bound when some are unpriced)
 * @param pricedItems      items that had a cost
 * @param unpricedItems    items whose cost was unknown (unknown tokens or no price)
 */
public record CostTotal(double knownUsd, int pricedItems, int unpricedItems) {

    /** The total, empty unless every item was priced (and there was at least one). */
    public OptionalDouble usd() {
        return unpricedItems == 0 && pricedItems > 0 ? OptionalDouble.of(knownUsd) : OptionalDouble.empty();
    }
}
