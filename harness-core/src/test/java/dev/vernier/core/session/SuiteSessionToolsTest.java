package dev.vernier.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Message;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.Tools;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.run.Sample;
import dev.vernier.core.scoring.Score;
import dev.vernier.core.suite.Suite;
import dev.vernier.core.suite.SuiteLoader;
import dev.vernier.core.testing.FakeClock;
import dev.vernier.core.testing.ToolCallingProvider;
import dev.vernier.core.testing.ToolCallingProvider.Answer;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tool loop through a whole session: the final answer is scored, and its assertions see every call of the loop. */
class SuiteSessionToolsTest {

    /** Type {@code caller}: calls get_weather for Paris, then answers from the tool's result. */
    private static final class CallerFactory implements ProviderFactory {
        @Override
        public String type() {
            return "caller";
        }

        @Override
        public Set<String> optionKeys() {
            return Set.of();
        }

        @Override
        public void validateTools(ProviderConfig config, Tools tools) {}

        @Override
        public Provider create(ProviderConfig config) {
            return new ToolCallingProvider("caller", new FakeClock(), r -> {
                Message last = r.messages().get(r.messages().size() - 1);
                return last.role() == Message.Role.TOOL
                        ? Answer.text("It is " + last.content())
                        : Answer.calls(new ToolCall("c1", "get_weather", "{\"city\":\"Paris\"}"));
            });
        }
    }

    private final ProviderRegistry registry = ProviderRegistry.of(List.of(new CallerFactory()));

    @Test
    void the_final_answer_is_scored_and_its_tool_assertions_see_the_calls_of_earlier_rounds(@TempDir Path dir)
            throws Exception {
        Suite suite = new SuiteLoader(registry, name -> null).parse(Path.of("suites/t.yaml"), new StringReader("""
                tools:
                  - name: get_weather
                    parameters: {type: object, properties: {city: {type: string}}, required: [city]}
                prompts: ["Weather in Paris?"]
                cases:
                  - id: paris
                    tool_results: {get_weather: "3 C and sunny"}
                    assert:
                      - {type: tool-call, value: get_weather, arguments: {city: Paris}}
                      - {type: tool-call-valid}
                      - {type: contains, value: sunny}
                providers: [{type: caller}]
                """));
        Path journalFile = dir.resolve("samples.jsonl");
        try (SuiteSession session = SuiteSession.open(suite, registry, List.of(), w -> {});
                Journal journal = new Journal(journalFile)) {
            session.run(new FakeClock(), Map.of(), journal);
        }

        List<Sample> journaled = Journal.read(journalFile);
        assertThat(journaled).hasSize(2);
        assertThat(journaled.get(0).turn().lastRound()).isFalse();
        assertThat(journaled.get(0).scores())
                .as("a round the loop went on from is not scored")
                .isEmpty();
        Sample last = journaled.get(1);
        assertThat(last.text()).isEqualTo("It is 3 C and sunny");
        assertThat(last.scores()).extracting(Score::pass).containsExactly(true, true, true);
        assertThat(last.scores().get(0).reason()).isEqualTo("'get_weather' was called with the expected arguments");
    }
}
