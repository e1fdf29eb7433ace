package dev.vernier.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.PassCount;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.scoring.Verdict;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.SuiteLoader;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.ScriptedProvider;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteSessionScoringTest {

    /** Type {@code canned}: answers every request with the text of option {@code reply}. */
    private static final class CannedFactory implements ProviderFactory {
        @Override
        public String type() {
            return "canned";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of("reply");
        }

        @Override
        public Provider create(ProviderConfig config) {
            return new ScriptedProvider(
                    "canned:" + config.id(),
                    new FakeClock(),
                    Duration.ofMillis(2),
                    Duration.ofMillis(1),
                    List.of(String.valueOf(config.options().get("reply"))));
        }
    }

    private final ProviderRegistry registry = ProviderRegistry.of(List.of(new CannedFactory()));

    private Suite suite() {
        return new SuiteLoader(registry, name -> null).parse(Path.of("suites/q.yaml"), new StringReader("""
                prompts: ["Capital of {{country}}?"]
                warmup: 1
                default_assert:
                  - type: not-icontains
                    value: "I don't know"
                cases:
                  - id: france
                    vars: {country: France}
                    assert:
                      - type: icontains
                        value: paris
                      - type: llm-judge
                        provider: judge
                        value: "Names Paris."
                  - id: italy
                    vars: {country: Italy}
                    assert:
                      - type: contains
                        value: Rome
                providers:
                  - type: canned
                    id: answerer
                    reply: "Paris is the capital."
                  - type: canned
                    id: judge
                    reply: '{"score": 1, "reason": "fine"}'
                """));
    }

    @Test
    void scores_measured_samples_before_the_journal_sees_them_and_yields_a_pass_rate(@TempDir Path dir)
            throws Exception {
        Path journalFile = dir.resolve("samples.jsonl");
        RunResult result;
        try (SuiteSession session = SuiteSession.open(suite(), registry, List.of(), w -> {});
                Journal journal = new Journal(journalFile)) {
            result = session.run(new FakeClock(), Map.of(), journal);
        }

        List<Sample> journaled = Journal.read(journalFile);
        Sample france = journaled.stream()
                .filter(s ->
                        s.providerId().equals("canned:answerer") && s.caseId().equals("france") && !s.warmup())
                .findFirst()
                .orElseThrow();
        assertThat(france.scores())
                .extracting(Score::assertion)
                .containsExactly("not-icontains", "icontains", "llm-judge");
        assertThat(france.scores()).allMatch(Score::pass);
        assertThat(france.scores().get(2).details()).containsKey("judge_prompt").containsEntry("judge_score", 1.0);
        assertThat(Verdict.passed(france)).isTrue();

        Sample italy = journaled.stream()
                .filter(s ->
                        s.providerId().equals("canned:answerer") && s.caseId().equals("italy"))
                .filter(s -> !s.warmup())
                .findFirst()
                .orElseThrow();
        assertThat(Verdict.passed(italy)).isFalse();
        assertThat(Verdict.failed(italy)).extracting(Score::reason).containsExactly("output does not contain 'Rome'");

        assertThat(journaled)
                .filteredOn(Sample::warmup)
                .allMatch(s -> s.scores().isEmpty());
        assertThat(result.samples())
                .filteredOn(s -> !s.warmup())
                .allMatch(s -> !s.scores().isEmpty());
        List<Sample> answerer = result.samples().stream()
                .filter(s -> s.providerId().equals("canned:answerer"))
                .toList();
        assertThat(PassCount.of(answerer).rate()).hasValue(0.5);
    }

    @Test
    void each_turn_of_a_conversation_is_scored_by_the_assertions_given_for_it(@TempDir Path dir) throws Exception {
        Suite suite = new SuiteLoader(registry, name -> null).parse(Path.of("suites/t.yaml"), new StringReader("""
                prompts: ["Capital of {{country}}?"]
                cases:
                  - id: france
                    vars: {country: France}
                    assert: [{type: icontains, value: paris}]
                    turns:
                      - "Are you sure?"
                      - content: "Say it in German."
                        assert: [{type: contains, value: Hauptstadt}]
                providers:
                  - type: canned
                    id: answerer
                    reply: "Paris is the capital."
                """));
        Path journalFile = dir.resolve("samples.jsonl");
        try (SuiteSession session = SuiteSession.open(suite, registry, List.of(), w -> {});
                Journal journal = new Journal(journalFile)) {
            session.run(new FakeClock(), Map.of(), journal);
        }

        List<Sample> turns = Journal.read(journalFile);
        assertThat(turns).extracting(s -> s.turn().index()).containsExactly(0, 1, 2);
        assertThat(turns.get(0).scores()).extracting(Score::assertion).containsExactly("icontains");
        assertThat(Verdict.passed(turns.get(0))).isTrue();
        assertThat(turns.get(1).scores())
                .as("the second turn gives no assertions")
                .isEmpty();
        assertThat(turns.get(2).scores()).extracting(Score::assertion).containsExactly("contains");
        assertThat(Verdict.passed(turns.get(2))).isFalse();
    }
}
