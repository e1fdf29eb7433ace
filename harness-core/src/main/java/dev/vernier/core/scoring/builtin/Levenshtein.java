package dev.vernier.core.scoring.builtin;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import dev.vernier.core.scoring.Text;

/**
 * {@code levenshtein}: the edit distance between the trimmed output and the reference in {@code value}
 * is at most {@code threshold} (a whole number of edits, default 0). The score is
 * 1 - distance / length of the longer text.
 */
public final class Levenshtein implements Scorer {

    /** Outputs longer than this are compared on their first this many characters. */
    static final int MAX_CHARS = 10_000;

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("levenshtein", "edit distance to the reference is at most threshold", false, true);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.string(a);
        Double t = a.threshold();
        if (t != null && (t < 0 || t != Math.rint(t))) {
            throw new ConfigException(
                    "threshold",
                    "'threshold' of 'levenshtein' is the largest edit distance "
                            + "that passes: a whole number >= 0, found " + Support.plain(t) + ".");
        }
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        String reference = Support.text(a).strip();
        String output = subject.output().strip();
        if (output.length() > MAX_CHARS) {
            output = output.substring(0, MAX_CHARS);
        }
        int max = a.threshold() == null ? 0 : a.threshold().intValue();
        int d = Text.levenshtein(output, reference, Integer.MAX_VALUE);
        int longer = Math.max(output.length(), reference.length());
        double score = longer == 0 ? 1 : 1 - (double) d / longer;
        boolean pass = d <= max;
        return Support.score(
                a,
                pass,
                score,
                "edit distance " + d + (pass ? " <= " : " > ") + max + " to " + Support.quote(reference));
    }
}
