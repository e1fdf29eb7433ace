package dev.vernier.core.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What to tell the user when an API refuses a request parameter: a table from the parameter names a
 * provider sends (as the vendor's error messages spell them) to the suite option that controls each.
 * A request answered with HTTP 400 or 422 whose message names one of them (as a whole word, any case;
 * when it names several, the one added to the table first wins, so list the specific names before the
 * general ones) becomes a failure that keeps the vendor's message and adds which parameter it was and
 * what to change, e.g. {@code ... the request's 'max_tokens' was refused. Fix: set
 * 'parameter_style: reasoning' on this provider.}
 */
public final class RefusedParameters {

    private final Map<String, String> fixes;

    private RefusedParameters(Map<String, String> fixes) {
        this.fixes = fixes;
    }

    /** An empty table. */
    public static RefusedParameters none() {
        return new RefusedParameters(Map.of());
    }

    /** This table and one more parameter: when {@code name} is refused, the {@code fix} is given. */
    public RefusedParameters with(String name, String fix) {
        Map<String, String> more = new LinkedHashMap<>(fixes);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(fix, "fix"));
        return new RefusedParameters(Collections.unmodifiableMap(more));
    }

    /**
     * The completion with its failure explained when it is a refused parameter of this table; the
     * completion itself otherwise.
     */
    public Completion explain(Completion completion) {
        Failure failure = completion.failure();
        Failure explained = explain(failure);
        if (explained == failure) {
            return completion;
        }
        return new Completion(
                completion.finishReason(),
                completion.tokens(),
                explained,
                completion.attempts(),
                completion.providerStats());
    }

    /** The failure with the refused parameter and its fix added, or the failure itself. */
    public Failure explain(Failure failure) {
        if (failure == null || (failure.httpStatus() != 400 && failure.httpStatus() != 422)) {
            return failure;
        }
        String message = failure.message().toLowerCase(Locale.ROOT);
        String first = null;
        for (String name : fixes.keySet()) {
            if (wordAt(message, name.toLowerCase(Locale.ROOT)) >= 0) {
                first = name;
                break;
            }
        }
        if (first == null) {
            return failure;
        }
        return new Failure(
                failure.kind(),
                failure.httpStatus(),
                false,
                failure.message() + " — the request's '" + first + "' was refused. Fix: " + fixes.get(first));
    }

    /** Where {@code word} first occurs in {@code text} not inside a longer name, or -1. */
    private static int wordAt(String text, String word) {
        for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
            boolean before = i == 0 || !namePart(text.charAt(i - 1));
            int end = i + word.length();
            boolean after = end == text.length() || !namePart(text.charAt(end));
            if (before && after) {
                return i;
            }
        }
        return -1;
    }

    private static boolean namePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
