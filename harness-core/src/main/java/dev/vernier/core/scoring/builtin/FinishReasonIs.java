package dev.vernier.core.scoring.builtin;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code finish-reason}: generation ended for the given reason, e.g. {@code stop} or {@code length}. */
public final class FinishReasonIs implements Scorer {

    @Override
    public ScorerInfo info() {
        return new ScorerInfo(
                "finish-reason", "generation ended for the given reason (stop, length, ...)", false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.noThreshold(a);
        String v = Support.string(a);
        if (parse(v) == null) {
            throw new ConfigException(
                    "value",
                    "unknown finish reason '" + v + "'. Use one of "
                            + Arrays.stream(FinishReason.values())
                                    .map(FinishReasonIs::word)
                                    .collect(Collectors.joining(", "))
                            + ".");
        }
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        FinishReason expected = parse(Support.text(a));
        FinishReason actual = subject.sample().finishReason();
        boolean pass = expected != null && expected == actual;
        return Support.binary(
                a,
                pass,
                "finish reason " + (actual == null ? "unknown" : word(actual))
                        + (pass ? "" : ", expected " + Support.text(a)));
    }

    private static FinishReason parse(String v) {
        try {
            return FinishReason.valueOf(v.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String word(FinishReason r) {
        return r.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
