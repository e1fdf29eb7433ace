package dev.vernier.core.scoring.builtin;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.Locale;

/** {@code is-json}: the output (or the content of its {@code ```json} fence) is valid JSON. */
public final class IsJson implements Scorer {

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("is-json", "output is valid JSON (a ```json fence is unwrapped)", false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        if (a.value() != null) {
            throw new ConfigException("value", "'is-json' takes no 'value'. To check the shape, use 'json-schema'.");
        }
        Support.noThreshold(a);
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        JsonOutput.Parsed parsed = JsonOutput.parse(subject.output());
        return parsed.node() != null
                ? Support.binary(
                        a,
                        true,
                        "output is valid JSON ("
                                + parsed.node().getNodeType().name().toLowerCase(Locale.ROOT) + ")")
                : Support.binary(a, false, "output is not valid JSON: " + parsed.error());
    }
}
