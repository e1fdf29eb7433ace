package dev.vernier.core.scoring;

import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Scorers keyed by {@link ScorerInfo#type()}, found with {@link ServiceLoader}. Two scorers claiming
 * one type is an error. A name with a {@code not-} prefix resolves to the scorer of the rest, negated.
 */
public final class ScorerRegistry {

    /** The prefix that negates any assertion type. */
    public static final String NEGATION_PREFIX = "not-";

    private final Map<String, Scorer> byType;

    private ScorerRegistry(Map<String, Scorer> byType) {
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** Every scorer on the class path of the given loader. */
    public static ScorerRegistry load(ClassLoader loader) {
        return of(ServiceLoader.load(Scorer.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    /** Every scorer visible to the context class loader (or this class's loader). */
    public static ScorerRegistry load() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return load(context != null ? context : ScorerRegistry.class.getClassLoader());
    }

    /**
     * @throws IllegalStateException when two scorers declare the same type, naming both classes
     */
    public static ScorerRegistry of(Collection<? extends Scorer> scorers) {
        Map<String, Scorer> map = new TreeMap<>();
        for (Scorer scorer : scorers) {
            String type = scorer.info().type();
            Scorer previous = map.putIfAbsent(type, scorer);
            if (previous != null) {
                throw new IllegalStateException("scorer type '" + type + "' is declared twice: by "
                        + previous.getClass().getName() + " and by "
                        + scorer.getClass().getName()
                        + ". Remove one of the two jars from the class path, or give one scorer another type.");
            }
        }
        return new ScorerRegistry(map);
    }

    /** The scorer of a plain type (no {@code not-} prefix). */
    public Optional<Scorer> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /**
     * Resolves a name as written in a suite, e.g. {@code contains} or {@code not-contains}.
     *
     * @throws IllegalArgumentException for an unknown type, listing the known ones with a did-you-mean
     */
    public Resolved resolve(String name) {
        boolean negated = name.startsWith(NEGATION_PREFIX) && !byType.containsKey(name);
        String type = negated ? name.substring(NEGATION_PREFIX.length()) : name;
        Scorer scorer = byType.get(type);
        if (scorer == null) {
            throw new IllegalArgumentException(unknownMessage(name));
        }
        return new Resolved(type, negated, scorer);
    }

    /** The message for an unknown assertion type: did-you-mean and the known types. */
    public String unknownMessage(String name) {
        return "unknown assertion type '" + name + "'." + suggestion(name)
                + " Known types: " + String.join(", ", byType.keySet())
                + " (any of them negated with 'not-'). A scorer of another type must be on the class path.";
    }

    /** Known types in alphabetical order. */
    public Collection<String> types() {
        return byType.keySet();
    }

    private String suggestion(String given) {
        String lower = given.toLowerCase(Locale.ROOT);
        boolean negated = lower.startsWith(NEGATION_PREFIX);
        String bare = negated ? lower.substring(NEGATION_PREFIX.length()) : lower;
        String best = null;
        int bestDistance = 3;
        for (String candidate : byType.keySet()) {
            int d = Text.levenshtein(bare, candidate, Integer.MAX_VALUE);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " Did you mean '" + (negated ? NEGATION_PREFIX : "") + best + "'?";
    }

    /**
     * A name resolved to its scorer.
     *
     * @param type    the plain type
     * @param negated whether the name had a {@code not-} prefix
     * @param scorer  the scorer of the type
     */
    public record Resolved(String type, boolean negated, Scorer scorer) {}
}
