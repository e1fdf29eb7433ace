package dev.vernier.core.scoring.builtin;

import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;

/** {@code equals}: the output, without leading and trailing white space, equals the value exactly. */
public final class Equals extends SingleTextScorer {

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("equals", "output (trimmed) equals the value exactly", false, false);
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        String expected = Support.text(a).strip();
        String actual = subject.output().strip();
        boolean pass = actual.equals(expected);
        return Support.binary(
                a,
                pass,
                pass
                        ? "output equals " + Support.quote(expected)
                        : "expected " + Support.quote(expected) + ", got " + Support.quote(actual));
    }
}
