package dev.vernier.scoring.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.ScoringContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Scorer mechanics with a scripted embedder: caching, failures, arithmetic, wording. */
class SimilarScorerBehaviourTest {

    /** Maps texts to fixed 2-d vectors and records what it was asked. */
    static final class ScriptedEmbedder implements Embedder {
        final List<String> calls = new ArrayList<>();

        @Override
        public String modelName() {
            return "scripted";
        }

        @Override
        public synchronized float[] embed(String text) {
            calls.add(text);
            return switch (text) {
                case "x" -> new float[] {1, 0};
                case "y" -> new float[] {0, 1};
                case "minus x" -> new float[] {-1, 0};
                case "zero" -> new float[] {0, 0};
                case "boom" -> throw new IllegalStateException("onnx exploded");
                default -> new float[] {1, 1};
            };
        }
    }

    private final ScriptedEmbedder embedder = new ScriptedEmbedder();
    private final SimilarScorer scorer = new SimilarScorer(embedder);

    private Score score(String reference, String out) {
        return scorer.score(
                SimilarScorerTest.similar(reference, null), SimilarScorerTest.output(out), ScoringContext.none());
    }

    @Test
    void referenceIsEmbeddedOncePerText() {
        score("x", "y");
        score("x", "x");
        score("x", "other");

        assertThat(embedder.calls).containsExactly("x", "y", "x", "other");
        assertThat(scorer.cachedReferences()).isEqualTo(1);
    }

    @Test
    void negativeSimilarityIsClampedToZeroButReported() {
        Score s = score("x", "minus x");

        assertThat(s.score()).isZero();
        assertThat(s.pass()).isFalse();
        assertThat((Double) s.details().get("similarity")).isCloseTo(-1.0, within(1e-9));
        assertThat(s.reason()).isEqualTo("similarity -1.00 < 0.75 to the reference");
    }

    @Test
    void cosineOfOrthogonalAndDiagonalVectors() {
        assertThat(score("x", "y").score()).isZero();
        assertThat(score("x", "other").score()).isCloseTo(Math.sqrt(0.5), within(1e-6));
        assertThat(score("x", "other").reason()).isEqualTo("similarity 0.71 < 0.75 to the reference");
    }

    @Test
    void embeddingFailureBecomesAFailingScoreWithTheReason() {
        Score s = score("x", "boom");

        assertThat(s.pass()).isFalse();
        assertThat(s.score()).isZero();
        assertThat(s.reason()).isEqualTo("embedding failed: onnx exploded");
        assertThat(s.details()).containsEntry("error", "onnx exploded").containsEntry("model", "scripted");
    }

    @Test
    void allZeroEmbeddingFailsInsteadOfDividingByZero() {
        Score s = score("x", "zero");

        assertThat(s.pass()).isFalse();
        assertThat(s.reason()).contains("undefined");
    }

    @Test
    void invalidValueAtScoreTimeFailsWithoutThrowing() {
        Score s =
                scorer.score(SimilarScorerTest.similar(7, null), SimilarScorerTest.output("x"), ScoringContext.none());

        assertThat(s.pass()).isFalse();
        assertThat(s.reason()).contains("no reference answer");
        assertThat(embedder.calls).isEmpty();
    }

    @Test
    void veryLongOutputIsComparedOnItsBeginning() {
        String longOutput = "a".repeat(SimilarScorer.MAX_OUTPUT_CHARS + 50);

        Score s = score("x", longOutput);

        assertThat(embedder.calls.get(1)).hasSize(SimilarScorer.MAX_OUTPUT_CHARS);
        assertThat(s.details()).containsEntry("compared_chars", SimilarScorer.MAX_OUTPUT_CHARS);
    }

    @Test
    void reasonShowsMoreDigitsWhenTwoWouldHideTheDifference() {
        assertThat(SimilarScorer.reason(0.7496, 0.75, false)).isEqualTo("similarity 0.7496 < 0.7500 to the reference");
        assertThat(SimilarScorer.reason(0.83, 0.75, true)).isEqualTo("similarity 0.83 ≥ 0.75 to the reference");
        assertThat(SimilarScorer.reason(0.75, 0.75, true)).isEqualTo("similarity 0.75 ≥ 0.75 to the reference");
    }

    @Test
    void modelLoadFailureIsRememberedAndReportedEveryTime() {
        AtomicInteger attempts = new AtomicInteger();
        MiniLmEmbedder broken = new MiniLmEmbedder(() -> {
            attempts.incrementAndGet();
            throw new UnsatisfiedLinkError("no onnxruntime in java.library.path");
        });
        SimilarScorer withBroken = new SimilarScorer(broken);

        Score first = withBroken.score(
                SimilarScorerTest.similar("x", null), SimilarScorerTest.output("y"), ScoringContext.none());
        Score second = withBroken.score(
                SimilarScorerTest.similar("x", null), SimilarScorerTest.output("y"), ScoringContext.none());

        assertThat(attempts).hasValue(1);
        assertThat(first.pass()).isFalse();
        assertThat(first.reason())
                .startsWith("embedding failed: could not load the all-MiniLM-L6-v2 embedding model")
                .contains("no onnxruntime in java.library.path");
        assertThat(second.reason()).isEqualTo(first.reason());
        assertThat(broken.loaded()).isFalse();
    }

    @Test
    void modelIsLoadedOnceWhenManyThreadsAskAtOnce() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        EmbeddingModel stub = text -> {
            throw new UnsupportedOperationException();
        };
        MiniLmEmbedder lazy = new MiniLmEmbedder(() -> {
            loads.incrementAndGet();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return stub;
        });
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    lazy.embed("x");
                } catch (RuntimeException expected) {
                    // the stub cannot embed; only the load count matters here
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(loads).hasValue(1);
        assertThat(lazy.loaded()).isTrue();
    }
}
