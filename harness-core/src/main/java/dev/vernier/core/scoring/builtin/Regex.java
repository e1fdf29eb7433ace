package dev.vernier.core.scoring.builtin;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;

/**
 * {@code regex}: a regular expression is found somewhere in the output. Patterns use RE2 syntax
 * (Google's RE2/J): matching takes time linear in the output's length whatever the pattern, so a
 * pattern such as {@code ^(\w|\s)*$} on a 20,000-token output finishes at once instead of
 * overflowing the stack. RE2 has no backreferences or lookaround; such a pattern is refused when the
 * suite loads, with the reason.
 */
public final class Regex implements Scorer {

    @Override
    public ScorerInfo info() {
        return new ScorerInfo("regex", "a regular expression (RE2 syntax) is found in the output", false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        String pattern = Support.string(a);
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(
                    "value",
                    "regular expression '" + pattern + "' does not compile: " + e.getDescription()
                            + ". Patterns use RE2 syntax (like Java's, without backreferences or lookaround).");
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
        Matcher m = compiled.matcher(subject.output());
        boolean pass = m.find();
        return Support.binary(a, pass, pass ? "matched " + Support.quote(m.group()) : "no match for /" + pattern + "/");
    }
}
