package dev.vernier.core.scoring.builtin;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The substring family: {@code contains}, {@code contains-any}, {@code contains-all} and their
 * case-insensitive {@code icontains*} forms. Each type is a small nested class so the service file can
 * name it. {@code contains-all} scores the share of values found (pass only when all are).
 */
public abstract class Contains implements Scorer {

    /** How many of the values must occur. */
    enum Mode {
        ONE,
        ANY,
        ALL
    }

    private final String type;
    private final Mode mode;
    private final boolean ignoreCase;

    Contains(String type, Mode mode, boolean ignoreCase) {
        this.type = type;
        this.mode = mode;
        this.ignoreCase = ignoreCase;
    }

    @Override
    public ScorerInfo info() {
        String what = switch (mode) {
            case ONE -> "output contains the value";
            case ANY -> "output contains at least one of the values";
            case ALL -> "output contains every one of the values";
        };
        return new ScorerInfo(type, what + (ignoreCase ? ", ignoring case" : ""), false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        if (mode == Mode.ONE) {
            Support.string(a);
        } else {
            Support.strings(a);
        }
        Support.noThreshold(a);
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        List<String> values = mode == Mode.ONE ? List.of(Support.text(a)) : Support.stringsOrEmpty(a);
        String output = fold(subject.output());
        List<String> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String v : values) {
            (output.contains(fold(v)) ? found : missing).add(v);
        }
        return switch (mode) {
            case ONE ->
                Support.binary(
                        a,
                        !found.isEmpty(),
                        (found.isEmpty() ? "output does not contain " : "output contains ")
                                + Support.quote(values.get(0)));
            case ANY ->
                Support.binary(
                        a,
                        !found.isEmpty(),
                        found.isEmpty()
                                ? "output contains none of " + values
                                : "output contains " + Support.quote(found.get(0)));
            case ALL ->
                Support.score(
                        a,
                        missing.isEmpty(),
                        values.isEmpty() ? 0 : (double) found.size() / values.size(),
                        missing.isEmpty() ? "output contains all of " + values : "output lacks " + missing);
        };
    }

    private String fold(String s) {
        return ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
    }

    /** {@code contains}. */
    public static final class Plain extends Contains {
        public Plain() {
            super("contains", Mode.ONE, false);
        }
    }

    /** {@code contains-any}. */
    public static final class Any extends Contains {
        public Any() {
            super("contains-any", Mode.ANY, false);
        }
    }

    /** {@code contains-all}. */
    public static final class All extends Contains {
        public All() {
            super("contains-all", Mode.ALL, false);
        }
    }

    /** {@code icontains}. */
    public static final class IgnoreCase extends Contains {
        public IgnoreCase() {
            super("icontains", Mode.ONE, true);
        }
    }

    /** {@code icontains-any}. */
    public static final class IgnoreCaseAny extends Contains {
        public IgnoreCaseAny() {
            super("icontains-any", Mode.ANY, true);
        }
    }

    /** {@code icontains-all}. */
    public static final class IgnoreCaseAll extends Contains {
        public IgnoreCaseAll() {
            super("icontains-all", Mode.ALL, true);
        }
    }
}
