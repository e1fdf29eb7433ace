package dev.vernier.core.scoring.builtin;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code regex}: a Java regular expression is found somewhere in the output. The pattern must compile
 * when the suite loads. As a guard against runaway matching on huge outputs, it runs on at most the
 * first {@value #MAX_CHARS} characters.
 */
public final class Regex implements Scorer {

    /** Longest output prefix a pattern is matched against. */
    public static final int MAX_CHARS = 100_000;

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("regex", "a Java regular expression is found in the output", false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        String pattern = Support.string(a);
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(
                    "value",
                    "regular expression '" + pattern + "' does not compile: " + e.getDescription() + " near index "
                            + e.getIndex() + ".");
        }
        Support.noThreshold(a);
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        String pattern = Support.text(a);
        Pattern compiled;
        try {
            compiled = Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return Support.binary(a, false, "regular expression does not compile: " + e.getDescription());
        }
        String output = subject.output();
        boolean truncated = output.length() > MAX_CHARS;
        String input = truncated ? output.substring(0, MAX_CHARS) : output;
        Matcher m = compiled.matcher(input);
        boolean pass = m.find();
        String where = truncated ? " (in the first " + MAX_CHARS + " characters)" : "";
        return Support.binary(
                a,
                pass,
                pass ? "matched " + Support.quote(m.group()) + where : "no match for /" + pattern + "/" + where);
    }
}
