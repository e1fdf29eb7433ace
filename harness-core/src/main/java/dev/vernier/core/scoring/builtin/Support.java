package dev.vernier.core.scoring.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers shared by the built-in scorers: reading values, making scores. */
final class Support {

    private Support() {}

    static String string(Assertion a) throws ConfigException {
        Object v = a.value();
        if (v == null || v instanceof Map || v instanceof List) {
            throw new ConfigException("value", "'" + a.name() + "' needs 'value:' with a single text to compare with.");
        }
        return plain(v);
    }

    /** The value as text, never throwing (validated at load). */
    static String text(Assertion a) {
        return a.value() == null ? "" : plain(a.value());
    }

    static String plain(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(v);
    }

    static List<String> strings(Assertion a) throws ConfigException {
        Object v = a.value();
        if (v instanceof List<?> list && !list.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (o == null || o instanceof Map || o instanceof List) {
                    throw new ConfigException(
                            "value",
                            "'" + a.name() + "' needs 'value:' as a list of texts, "
                                    + "found an entry that is not a single text.");
                }
                out.add(plain(o));
            }
            return out;
        }
        if (v == null || v instanceof Map || v instanceof List) {
            throw new ConfigException(
                    "value",
                    "'" + a.name() + "' needs 'value:' with a list of texts, e.g. " + "[\"Paris\", \"paris\"].");
        }
        return List.of(plain(v));
    }

    static List<String> stringsOrEmpty(Assertion a) {
        try {
            return strings(a);
        } catch (ConfigException e) {
            return List.of();
        }
    }

    static double number(Assertion a, String what) throws ConfigException {
        if (!(a.value() instanceof Number n) || !(n.doubleValue() >= 0)) {
            throw new ConfigException(
                    "value",
                    "'" + a.name() + "' needs 'value:' with " + what + " (a number >= 0), found " + describe(a.value())
                            + ".");
        }
        return n.doubleValue();
    }

    static void noThreshold(Assertion a) throws ConfigException {
        if (a.threshold() != null) {
            throw new ConfigException(
                    "threshold", "'" + a.name() + "' is pass/fail and takes no 'threshold'. " + "Remove it.");
        }
    }

    static void unitThreshold(Assertion a) throws ConfigException {
        if (a.threshold() != null && !(a.threshold() >= 0 && a.threshold() <= 1)) {
            throw new ConfigException(
                    "threshold", "'threshold' must be between 0 and 1, found " + plain(a.threshold()) + ".");
        }
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        return v instanceof List ? "a list" : "'" + v + "'";
    }

    /**
     * A JSON Schema written in an assertion under {@code key}: a YAML mapping (or list), or a JSON string.
     *
     * @param example what to show in the error, e.g. {@code '{type: object, required: [name]}'}
     * @throws ConfigException (key {@code key}) when it is neither, or the string is not JSON
     */
    static JsonNode schemaNode(Object v, String key, String example) throws ConfigException {
        if (v instanceof Map || v instanceof List) {
            return JsonOutput.MAPPER.valueToTree(v);
        }
        if (v instanceof String s) {
            try {
                return JsonOutput.MAPPER.readTree(s);
            } catch (JsonProcessingException e) {
                throw new ConfigException(
                        key, "the JSON Schema in '" + key + "' is not valid JSON: " + e.getOriginalMessage() + ".");
            }
        }
        throw new ConfigException(
                key,
                "'" + key + "' must be a JSON Schema, as a YAML mapping (e.g. " + example + ") or a JSON string, found "
                        + describe(v) + ".");
    }

    static Score score(Assertion a, boolean pass, double score, String reason) {
        return new Score(a.name(), pass, Math.max(0, Math.min(1, score)), a.weight(), reason, Map.of());
    }

    static Score binary(Assertion a, boolean pass, String reason) {
        return score(a, pass, pass ? 1 : 0, reason);
    }

    static String quote(String s) {
        return "'" + Text.abbreviate(s, 60) + "'";
    }
}
