package dev.vernier.provider.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.vernier.app.RunOutcome;
import dev.vernier.app.Vernier;
import dev.vernier.core.journal.Journal;
import dev.vernier.core.run.Sample;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team's own langchain4j model, built in code, measured by the code API with a suite that names no provider. */
class CodeApiTest {

    @TempDir
    Path tmp;

    @Test
    void a_user_built_streaming_model_runs_through_the_code_api_into_the_same_run_directory_and_reports()
            throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(30))
                .withInterTokenDelay(Duration.ofMillis(5))
                .withTokens(6))) {
            simulator.start();
            StreamingChatModel model = OpenAiStreamingChatModel.builder()
                    .baseUrl(simulator.openAiBaseUrl())
                    .apiKey("not-needed")
                    .modelName("sim-model")
                    .build();
            Path suite = Files.writeString(
                    tmp.resolve("suite.yaml"), "name: code-api\nprompts: [\"say six words\"]\nrepeats: 3\n");

            RunOutcome outcome = Vernier.suite(suite)
                    .provider(
                            "my-bot", ChatModelProvider.builder("my-bot", model).build())
                    .outputDirectory(tmp.resolve("runs"))
                    .formats("csv", "html")
                    .run();

            assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunOutcome.Status.MEASURED);
            List<Sample> samples = Journal.read(outcome.runDir().resolve("samples.jsonl"));
            assertThat(samples).hasSize(3).allSatisfy(s -> {
                assertThat(s.providerId()).isEqualTo("my-bot");
                assertThat(s.succeeded()).isTrue();
                assertThat(s.chunkNanos()).hasSize(6);
                assertThat(s.ttftNanos())
                        .isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
            });
            assertThat(outcome.runDir().resolve("index.html")).isRegularFile();
            assertThat(Files.readString(outcome.runDir().resolve("summary.csv")))
                    .contains("my-bot");
        }
    }
}
