package dev.vernier.core.scoring.builtin;

import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;

/** {@code starts-with}: the output, after leading white space, starts with the value. */
public final class StartsWith extends SingleTextScorer {

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("starts-with", "output (after leading white space) starts with the value", false, false);
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        String prefix = Support.text(a);
        boolean pass = subject.output().stripLeading().startsWith(prefix);
        return Support.binary(
                a, pass, (pass ? "output starts with " : "output does not start with ") + Support.quote(prefix));
    }
}
