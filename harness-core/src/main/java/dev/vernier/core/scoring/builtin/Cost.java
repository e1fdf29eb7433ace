package dev.vernier.core.scoring.builtin;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.Locale;

/**
 * {@code cost}: the request cost at most {@code value} US dollars. A request whose cost is unknown
 * fails with the reason "cost unknown": an unknown price is never taken as free.
 */
public final class Cost implements Scorer {

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("cost", "request cost is at most value US dollars", false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.number(a, "the largest cost in US dollars");
        Support.noThreshold(a);
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        Double cost = subject.costUsd();
        if (cost == null || cost.isNaN()) {
            return Support.binary(a, false, "cost unknown");
        }
        double limit = ((Number) a.value()).doubleValue();
        boolean pass = cost <= limit;
        return Support.score(
                a,
                pass,
                pass ? 1 : limit / cost,
                String.format(Locale.ROOT, "cost $%.6f %s $%s", cost, pass ? "<=" : ">", Support.plain(limit)));
    }
}
