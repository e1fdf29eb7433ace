package dev.vernier.core.scoring.builtin;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.Map;

/**
 * Size bounds, {@code value: {min: a, max: b}} (either may be left out, both inclusive):
 * {@code word-count} counts white-space separated words, {@code length} counts characters (code
 * points) of the trimmed output.
 */
public abstract class Bounds implements Scorer {

    private final String type;
    private final String unit;

    Bounds(String type, String unit) {
        this.type = type;
        this.unit = unit;
    }

    abstract long measure(String output);

    @Override
    public ScorerInfo info() {
        return new ScorerInfo(type, "number of " + unit + " is within value {min, max}", false, false);
    }

    @Override
    public void validate(Assertion a) throws ConfigException {
        Support.noThreshold(a);
        if (!(a.value() instanceof Map<?, ?> map) || map.isEmpty()) {
            throw new ConfigException(
                    "value", "'" + a.name() + "' needs 'value:' with bounds, e.g. " + "'{min: 1, max: 50}'.");
        }
        for (Object key : map.keySet()) {
            if (!"min".equals(key) && !"max".equals(key)) {
                throw new ConfigException(
                        "value", "unknown bound '" + key + "' in '" + a.name() + "'. Use 'min' and/or 'max'.");
            }
            Object v = map.get(key);
            if (!(v instanceof Long || v instanceof Integer) || ((Number) v).longValue() < 0) {
                throw new ConfigException(
                        "value", "bound '" + key + "' must be a whole number >= 0, found " + Support.describe(v) + ".");
            }
        }
        if (bound(a, "min", 0) > bound(a, "max", Long.MAX_VALUE)) {
            throw new ConfigException("value", "'min' is larger than 'max' in '" + a.name() + "'.");
        }
    }

    private static long bound(Assertion a, String key, long otherwise) {
        return a.value() instanceof Map<?, ?> map && map.get(key) instanceof Number n ? n.longValue() : otherwise;
    }

    @Override
    public Score score(Assertion a, Scored subject, ScoringContext context) {
        long min = bound(a, "min", 0);
        long max = bound(a, "max", Long.MAX_VALUE);
        long n = measure(subject.output());
        boolean pass = n >= min && n <= max;
        String range = (min > 0 ? min + ".." : "<= ") + (max == Long.MAX_VALUE ? "" : max);
        if (max == Long.MAX_VALUE) {
            range = ">= " + min;
        }
        return Support.binary(a, pass, n + " " + unit + (pass ? ", within " : ", outside ") + range);
    }

    /** {@code word-count}. */
    public static final class Words extends Bounds {
        public Words() {
            super("word-count", "words");
        }

        @Override
        long measure(String output) {
            String s = output.strip();
            return s.isEmpty() ? 0 : s.split("\\s+").length;
        }
    }

    /** {@code length}. */
    public static final class Length extends Bounds {
        public Length() {
            super("length", "characters");
        }

        @Override
        long measure(String output) {
            String s = output.strip();
            return s.codePointCount(0, s.length());
        }
    }
}
