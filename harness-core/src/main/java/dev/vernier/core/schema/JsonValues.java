package dev.vernier.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Comparing JSON values as a reader means them: numbers by value (3 equals 3.0), and "contains" for an
 * expected object whose keys must all be present with equal (or, for objects, containing) values. Used
 * by the {@code tool-call} assertion and by mocked tool results keyed by arguments.
 */
public final class JsonValues {

    private JsonValues() {}

    /** Numbers by value, everything else as Jackson compares it. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /** Whether the two values are equal, numbers by value at every depth. */
    public static boolean equal(JsonNode a, JsonNode b) {
        return a.equals(BY_VALUE, b);
    }

    /**
     * The first part of {@code want} that {@code actual} lacks, as a path such as {@code 'city'} or
     * {@code 'where.city' = '"Paris"'}; null when {@code actual} contains all of it (for objects, every key
     * of {@code want} with a containing value; for anything else, an equal value).
     *
     * @param quote how to show an expected value in the answer
     */
    public static String missing(JsonNode want, JsonNode actual, UnaryOperator<String> quote) {
        return missing(want, actual, "", quote);
    }

    private static String missing(JsonNode want, JsonNode actual, String path, UnaryOperator<String> quote) {
        if (want.isObject()) {
            if (!actual.isObject()) {
                return "'" + (path.isEmpty() ? "an object" : path) + "'";
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (!actual.has(e.getKey())) {
                    return "'" + at + "'";
                }
                String inner = missing(e.getValue(), actual.get(e.getKey()), at, quote);
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        return equal(want, actual) ? null : "'" + path + "' = " + quote.apply(want.toString());
    }
}
