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
 * {@code latency}: E2E latency (t_n - t_send) is at most {@code value} milliseconds. The score is 1
 * within the limit, else limit / latency.
 */
public final class Latency implements Scorer {

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("latency", "E2E latency is at most value milliseconds", false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.number(a, "the largest E2E latency in milliseconds");
        Support.noThreshold(a);
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        double limit = ((Number) a.value()).doubleValue();
        double ms = subject.sample().e2eNanos() / 1e6;
        boolean pass = ms <= limit;
        return Support.score(
                a,
                pass,
                pass ? 1 : (ms <= 0 ? 0 : limit / ms),
                String.format(Locale.ROOT, "E2E %.1f ms %s %s ms", ms, pass ? "<=" : ">", Support.plain(limit)));
    }
}
