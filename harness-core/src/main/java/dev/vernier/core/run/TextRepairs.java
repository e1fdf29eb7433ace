package dev.vernier.core.run;

import java.util.Map;
import java.util.TreeMap;

/**
 * What was replaced in a sample's texts to make them safe to journal (see {@link SafeText}), by field
 * ({@code prompt}, {@code text}, {@code reasoning_text}); empty when nothing was.
 *
 * @param byField the repair of each field that needed one
 */
public record TextRepairs(Map<String, Repair> byField) {

    /** Nothing replaced. */
    public static final TextRepairs NONE = new TextRepairs(Map.of());

    public TextRepairs {
        byField = byField == null ? Map.of() : Map.copyOf(new TreeMap<>(byField));
    }

    /**
     * One field's repair.
     *
     * @param replaced  characters replaced by U+FFFD (unpaired surrogates, NULs)
     * @param rawSha256 sha256 of the raw text before replacement, encoded as WTF-8 (UTF-8 that also
     *                  encodes a lone surrogate as its three bytes), so the original can be matched
     */
    public record Repair(int replaced, String rawSha256) {}

    /** Total characters replaced over every field. */
    public int replaced() {
        return byField.values().stream().mapToInt(Repair::replaced).sum();
    }

    public boolean any() {
        return !byField.isEmpty();
    }
}
