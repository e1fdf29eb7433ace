package dev.vernier.scoring.similarity;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScorerInfo;
import dev.vernier.core.scoring.ScoringContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code similar} assertion: the output means about the same as a reference answer.
 *
 * <p>Both texts are embedded with the all-MiniLM-L6-v2 sentence model, run in process (see
 * {@code MiniLmEmbedder}), and compared by cosine similarity. The assertion passes when the similarity
 * is at least {@code threshold} (default {@value #DEFAULT_THRESHOLD}); the score is the similarity
 * clamped to [0, 1]. In a suite:
 *
 * <pre>{@code
 * assert:
 *   - type: similar
 *     value: "Paris is the capital of France."
 *     threshold: 0.8
 * }</pre>
 *
 * <p>The reference's embedding is computed once per text and kept. An empty output fails without
 * calling the model; an output longer than {@value #MAX_OUTPUT_CHARS} characters is compared on its
 * beginning. When the model cannot be loaded or run, the assertion fails with the reason; it never
 * throws. Scores carry the details {@code similarity}, {@code model} and {@code threshold}.
 */
public final class SimilarScorer implements Scorer {

    /** The assertion type. */
    public static final String TYPE = "similar";

    /** The pass threshold when the assertion gives none. */
    public static final double DEFAULT_THRESHOLD = 0.75;

    /** Outputs longer than this many characters are compared on their first this many characters. */
    static final int MAX_OUTPUT_CHARS = 10_000;

    /** Reference embeddings kept at most; the cache is emptied when it is full. */
    static final int MAX_CACHED_REFERENCES = 1_024;

    private final Embedder embedder;
    private final Map<String, float[]> references = new ConcurrentHashMap<>();

    /** A scorer using the JVM-wide all-MiniLM-L6-v2 model, loaded on first use. */
    public SimilarScorer() {
        this(MiniLmEmbedder.shared());
    }

    SimilarScorer(Embedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
    }

    @Override
    public ScorerInfo info() {
        return new ScorerInfo(
                TYPE,
                "cosine similarity of the output's " + MiniLmEmbedder.MODEL_NAME
                        + " embedding to the reference in value is at least threshold (default " + DEFAULT_THRESHOLD
                        + ")",
                true,
                true);
    }

    @Override
    public void validate(Assertion assertion) throws ConfigException {
        Object value = assertion.value();
        if (value == null) {
            throw new ConfigException(
                    "value",
                    "'" + assertion.name() + "' needs 'value:' with the reference answer "
                            + "to compare with, e.g. value: \"Paris is the capital of France.\"");
        }
        if (!(value instanceof String text)) {
            throw new ConfigException(
                    "value",
                    "'value' of '" + assertion.name() + "' must be the reference answer " + "as one text, found "
                            + kind(value) + "; write it in quotes, e.g. value: \"42\"");
        }
        if (text.isBlank()) {
            throw new ConfigException(
                    "value",
                    "'value' of '" + assertion.name() + "' is empty; give the reference "
                            + "answer the output should mean, e.g. value: \"Paris is the capital of France.\"");
        }
        Double threshold = assertion.threshold();
        if (threshold != null && !(threshold >= 0 && threshold <= 1)) {
            throw new ConfigException(
                    "threshold",
                    "'threshold' of '" + assertion.name() + "' is a cosine "
                            + "similarity between 0 and 1, found " + threshold + "; e.g. threshold: 0.8 (default "
                            + DEFAULT_THRESHOLD + ")");
        }
    }

    @Override
    public Score score(Assertion assertion, Scored subject, ScoringContext context) {
        double threshold = assertion.threshold() == null ? DEFAULT_THRESHOLD : assertion.threshold();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("model", embedder.modelName());
        details.put("threshold", threshold);

        if (!(assertion.value() instanceof String reference) || reference.isBlank()) {
            return fail(assertion, "no reference answer: 'value' must be a non-empty text", details);
        }
        String output = subject.output().strip();
        if (output.isEmpty()) {
            return fail(assertion, "the output is empty, so it cannot mean the same as the reference", details);
        }
        if (output.length() > MAX_OUTPUT_CHARS) {
            output = output.substring(0, MAX_OUTPUT_CHARS);
            details.put("compared_chars", MAX_OUTPUT_CHARS);
        }

        double similarity;
        try {
            float[] expected = referenceEmbedding(reference.strip());
            float[] actual = embedder.embed(output);
            similarity = cosine(expected, actual);
        } catch (RuntimeException e) {
            details.put("error", String.valueOf(e.getMessage()));
            return fail(assertion, "embedding failed: " + e.getMessage(), details);
        }
        if (Double.isNaN(similarity)) {
            return fail(assertion, "similarity is undefined (an embedding is all zeros)", details);
        }
        details.put("similarity", similarity);
        boolean pass = similarity >= threshold;
        double score = Math.max(0, Math.min(1, similarity));
        return new Score(
                assertion.type(), pass, score, assertion.weight(), reason(similarity, threshold, pass), details);
    }

    private float[] referenceEmbedding(String reference) {
        float[] cached = references.get(reference);
        if (cached != null) {
            return cached;
        }
        float[] computed = embedder.embed(reference);
        if (references.size() >= MAX_CACHED_REFERENCES) {
            references.clear();
        }
        references.putIfAbsent(reference, computed);
        return computed;
    }

    /** Number of reference embeddings currently cached, for tests. */
    int cachedReferences() {
        return references.size();
    }

    /** Cosine similarity of two vectors of the same length; NaN when either is all zeros. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalStateException("embeddings differ in length: " + a.length + " and " + b.length);
        }
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        if (normA == 0 || normB == 0) {
            return Double.NaN;
        }
        return dot / (Math.sqrt(normA) * Math.sqrt(normB));
    }

    /**
     * "similarity 0.83 ≥ 0.75 to the reference", with more digits when two decimals would show the
     * similarity equal to a threshold it is not equal to.
     */
    static String reason(double similarity, double threshold, boolean pass) {
        int digits = 2;
        String s = format(similarity, digits);
        String t = format(threshold, digits);
        while (s.equals(t) && similarity != threshold && digits < 6) {
            digits++;
            s = format(similarity, digits);
            t = format(threshold, digits);
        }
        return "similarity " + s + (pass ? " ≥ " : " < ") + t + " to the reference";
    }

    private static String format(double x, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", x);
    }

    private static Score fail(Assertion assertion, String reason, Map<String, Object> details) {
        return new Score(assertion.type(), false, 0, assertion.weight(), reason, details);
    }

    private static String kind(Object value) {
        if (value instanceof Map) {
            return "a map";
        }
        if (value instanceof Iterable) {
            return "a list";
        }
        return "the " + value.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " " + value;
    }
}
