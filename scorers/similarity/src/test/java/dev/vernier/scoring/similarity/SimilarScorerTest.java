package dev.vernier.scoring.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Scored;
import dev.vernier.core.scoring.Scorer;
import dev.vernier.core.scoring.ScoringContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Runs the real all-MiniLM-L6-v2 model: these tests check meaning, not a stub. */
class SimilarScorerTest {

    private static final String PARIS = "The capital of France is Paris.";

    private final SimilarScorer scorer = new SimilarScorer();

    static Assertion similar(Object value, Double threshold) {
        return new Assertion("similar", false, value, threshold, 1, Map.of());
    }

    static Scored output(String text) {
        Sample sample = Sample.builder()
                .seq(0)
                .providerId("p")
                .caseId("c")
                .promptId("ask")
                .repeat(0)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of(1L))
                .endNanos(1)
                .prompt("prompt")
                .text(text)
                .finishReason(FinishReason.STOP)
                .tokens(TokenCounts.UNKNOWN)
                .failure(null)
                .attempts(1)
                .providerStats(Map.of())
                .build();
        return new Scored(sample, Map.of(), null);
    }

    private Score score(String reference, String out, Double threshold) {
        return scorer.score(similar(reference, threshold), output(out), ScoringContext.none());
    }

    @Test
    void paraphraseOfTheReferenceScoresHighAndPasses() {
        Score s = score(PARIS, "Paris is France's capital city.", null);

        assertThat(s.score()).isGreaterThanOrEqualTo(0.75);
        assertThat(s.pass()).isTrue();
        assertThat(s.reason()).matches("similarity 0\\.\\d\\d ≥ 0\\.75 to the reference");
        assertThat(s.details()).containsEntry("model", "all-MiniLM-L6-v2").containsEntry("threshold", 0.75);
        assertThat((Double) s.details().get("similarity")).isCloseTo(s.score(), within(1e-12));
    }

    @Test
    void unrelatedTextScoresLowAndFails() {
        Score s = score(PARIS, "Bananas are rich in potassium.", null);

        assertThat(s.score()).isLessThan(0.5);
        assertThat(s.pass()).isFalse();
        assertThat(s.reason()).matches("similarity -?0\\.\\d\\d < 0\\.75 to the reference");
    }

    @Test
    void identicalTextScoresAboutOne() {
        Score s = score(PARIS, PARIS, null);

        assertThat(s.score()).isCloseTo(1.0, within(1e-4));
        assertThat(s.pass()).isTrue();
    }

    @Test
    void surroundingWhitespaceDoesNotChangeTheSimilarity() {
        Score s = score(PARIS, "\n  " + PARIS + "  \n", null);

        assertThat(s.score()).isCloseTo(1.0, within(1e-4));
    }

    @Test
    void thresholdDecidesPassOrFailForTheSameSimilarity() {
        String paraphrase = "Paris is France's capital city.";
        double similarity = score(PARIS, paraphrase, null).score();

        Score lenient = score(PARIS, paraphrase, Math.max(0, similarity - 0.05));
        Score strict = score(PARIS, paraphrase, Math.min(1, similarity + 0.05));

        assertThat(lenient.pass()).isTrue();
        assertThat(strict.pass()).isFalse();
        assertThat(strict.score()).isEqualTo(lenient.score());
        assertThat(strict.reason()).contains(" < ").endsWith(" to the reference");
        assertThat(score(PARIS, paraphrase, 0.0).pass()).isTrue();
        assertThat(score(PARIS, paraphrase, 1.0).pass()).isFalse();
    }

    @Test
    void emptyOutputFailsWithAReason() {
        for (String empty : List.of("", "   \n\t")) {
            Score s = score(PARIS, empty, null);

            assertThat(s.pass()).isFalse();
            assertThat(s.score()).isZero();
            assertThat(s.reason()).contains("output is empty");
        }
    }

    @Test
    void scoreIsNamedByTypeAndKeepsTheWeight() {
        Score s = scorer.score(
                new Assertion("similar", true, PARIS, null, 2.5, Map.of()), output(PARIS), ScoringContext.none());

        assertThat(s.assertion()).isEqualTo("similar");
        assertThat(s.weight()).isEqualTo(2.5);
        assertThat(s.pass()).as("negation is the caller's job").isTrue();
    }

    @Test
    void modelIsLoadedOncePerJvmAndEmbeddingsAreNormalised() {
        MiniLmEmbedder shared = MiniLmEmbedder.shared();
        float[] a = shared.embed("hello world");
        long loadNanos = shared.loadNanos();
        float[] b = MiniLmEmbedder.shared().embed("hello world");

        assertThat(MiniLmEmbedder.shared()).isSameAs(shared);
        assertThat(shared.loaded()).isTrue();
        assertThat(shared.loadNanos()).isEqualTo(loadNanos).isPositive();
        assertThat(a).hasSize(384).containsExactly(b);
    }

    @Test
    void concurrentScoringGivesTheSameSimilaritiesAsSequential() throws Exception {
        List<String> outputs = List.of(
                "Paris is France's capital city.",
                "Bananas are rich in potassium.",
                "France's capital is Paris.",
                "I like trains.",
                PARIS,
                "Berlin is the capital of Germany.");
        List<Double> sequential =
                outputs.stream().map(o -> score(PARIS, o, null).score()).toList();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Double>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String o : outputs) {
                    futures.add(pool.submit(() -> new SimilarScorer()
                            .score(similar(PARIS, null), output(o), ScoringContext.none())
                            .score()));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isCloseTo(sequential.get(i % outputs.size()), within(1e-6));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void isFoundByServiceLoaderAsSimilar() {
        // Only this module's provider is instantiated: others on the class path are not this test's concern.
        List<Scorer> found = ServiceLoader.load(Scorer.class).stream()
                .filter(p -> p.type().getPackageName().equals(SimilarScorer.class.getPackageName()))
                .map(ServiceLoader.Provider::get)
                .toList();

        assertThat(found).singleElement().isInstanceOf(SimilarScorer.class);
        assertThat(found.get(0).info().type()).isEqualTo("similar");
        assertThat(found.get(0).info().needsModel()).isTrue();
        assertThat(found.get(0).info().supportsThreshold()).isTrue();
    }

    @Test
    void validateAcceptsATextReferenceWithOrWithoutThreshold() throws ConfigException {
        scorer.validate(similar(PARIS, null));
        scorer.validate(similar(PARIS, 0.0));
        scorer.validate(similar(PARIS, 1.0));
    }

    @Test
    void validateRejectsMissingValue() {
        assertThatThrownBy(() -> scorer.validate(similar(null, null)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.key()).isEqualTo("value"))
                .hasMessageContaining("needs 'value:'")
                .hasMessageContaining("e.g. value:");
    }

    @Test
    void validateRejectsEmptyOrNonTextValue() {
        assertThatThrownBy(() -> scorer.validate(similar("  ", null)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.key()).isEqualTo("value"))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> scorer.validate(similar(42, null)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.key()).isEqualTo("value"))
                .hasMessageContaining("in quotes");
        assertThatThrownBy(() -> scorer.validate(similar(List.of("a", "b"), null)))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.key()).isEqualTo("value"))
                .hasMessageContaining("a list");
    }

    @Test
    void validateRejectsThresholdOutsideZeroToOne() {
        for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> scorer.validate(similar(PARIS, bad)))
                    .isInstanceOfSatisfying(
                            ConfigException.class, e -> assertThat(e.key()).isEqualTo("threshold"))
                    .hasMessageContaining("between 0 and 1")
                    .hasMessageContaining("e.g. threshold: 0.8");
        }
    }
}
