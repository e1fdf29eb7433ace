package dev.vernier.provider.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generic {@code langchain4j} type: a builder named by class, its properties set by name from the
 * suite, checked before anything is built; the worked example of the docs (langchain4j-open-ai
 * pointed at the simulator, no key) measured end to end.
 */
class LangChain4jBuilderFactoryTest {

    private static final String OPENAI_STREAMING = "dev.langchain4j.model.openai.OpenAiStreamingChatModel";

    private StreamingSimulator simulator;

    @BeforeEach
    void start() throws Exception {
        simulator = new StreamingSimulator(SimulatorConfig.defaults()
                .withTtft(Duration.ofMillis(40))
                .withInterTokenDelay(Duration.ofMillis(5))
                .withTokens(5));
        simulator.start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private Map<String, Object> example() {
        Map<String, Object> options = new HashMap<>();
        options.put("builder", OPENAI_STREAMING);
        options.put(
                "properties", Map.of("baseUrl", simulator.openAiBaseUrl(), "modelName", "sim-model", "timeout", "30s"));
        return options;
    }

    private static ProviderConfig config(Map<String, Object> options, Map<String, String> env) {
        return new ProviderConfig(LangChain4jBuilderFactory.TYPE, null, options, Path.of("."), env::get);
    }

    private static ConfigException refused(Map<String, Object> options) {
        LangChain4jBuilderFactory factory = new LangChain4jBuilderFactory();
        Throwable thrown = Assertions.catchThrowable(() -> factory.validate(config(options, Map.of())));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return (ConfigException) thrown;
    }

    @Test
    void the_worked_example_streams_from_an_openai_compatible_server_with_no_key() throws Exception {
        LangChain4jBuilderFactory factory = new LangChain4jBuilderFactory();
        factory.validate(config(example(), Map.of()));
        try (Provider provider = factory.create(config(example(), Map.of()))) {
            RecordingSink sink = new RecordingSink();

            Completion completion = Factories.run(provider, sink, 100);

            assertThat(provider.id()).isEqualTo("langchain4j:sim-model");
            assertThat(provider.accessMode()).isEqualTo(AccessMode.SELF_HOSTED_SERVER);
            assertThat(provider.unavailableReason()).isNull();
            assertThat(completion.failure()).isNull();
            assertThat(sink.chunks()).containsExactlyElementsOf(simulator.expectedTokens(5));
            assertThat(completion.tokens().output()).isEqualTo(5);
            assertThat(completion.finishReason()).isEqualTo(FinishReason.STOP);
        }
    }

    @Test
    void a_builder_of_a_model_that_does_not_stream_is_called_whole() throws Exception {
        Map<String, Object> options = example();
        options.put("builder", "dev.langchain4j.model.openai.OpenAiChatModel");
        try (Provider provider = new LangChain4jBuilderFactory().create(config(options, Map.of()))) {
            RecordingSink sink = new RecordingSink();

            Completion completion = Factories.run(provider, sink, 100);

            assertThat(completion.failure()).isNull();
            assertThat(sink.chunks()).containsExactly(String.join("", simulator.expectedTokens(5)));
        }
    }

    @Test
    void the_key_comes_from_the_environment_and_the_servers_refusal_is_mapped() throws Exception {
        Map<String, Object> options = example();
        options.put("api_key_env", "MY_GATEWAY_KEY");
        options.put("properties", Map.of("baseUrl", "http://127.0.0.1:" + closedPort() + "/v1", "modelName", "m"));
        try (Provider provider =
                new LangChain4jBuilderFactory().create(config(options, Map.of("MY_GATEWAY_KEY", "gw-secret-123456")))) {
            Completion completion = Factories.run(provider, new RecordingSink(), 10);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.CONNECTION);
            assertThat(provider.unavailableReason()).contains("no server at");
        }
    }

    @Test
    void an_unknown_property_is_refused_naming_the_close_match() {
        Map<String, Object> options = example();
        options.put("properties", Map.of("base_url", "http://localhost"));

        ConfigException e = refused(options);

        assertThat(e.key()).isEqualTo("properties");
        assertThat(e.getMessage())
                .contains("'base_url' is not a property of")
                .contains("did you mean 'baseUrl'?")
                .contains("modelName");
    }

    @Test
    void a_value_of_the_wrong_type_is_refused_saying_what_the_property_takes() {
        Map<String, Object> options = example();
        options.put("properties", Map.of("temperature", "warm"));

        assertThat(refused(options).getMessage())
                .contains("'temperature'")
                .contains("cannot be set from 'warm'")
                .contains("a number");
    }

    @Test
    void a_key_written_in_the_suite_is_refused() {
        Map<String, Object> options = example();
        options.put("properties", Map.of("apiKey", "sk-in-the-file"));

        assertThat(refused(options).getMessage())
                .contains("'apiKey' must not be written in the suite")
                .doesNotContain("sk-in-the-file");
    }

    @Test
    void a_class_not_on_the_class_path_is_refused_with_the_fix() {
        Map<String, Object> options = example();
        options.put("builder", "dev.langchain4j.model.mistralai.MistralAiStreamingChatModel");

        ConfigException e = refused(options);

        assertThat(e.key()).isEqualTo("builder");
        assertThat(e.getMessage()).contains("is not on the class path").contains("jar");
    }

    @Test
    void a_class_that_is_not_a_model_or_builder_is_refused() {
        Map<String, Object> options = example();
        options.put("builder", "java.lang.String");

        assertThat(refused(options).getMessage()).contains("neither a model class");
    }

    @Test
    void durations_lists_and_enums_are_converted_to_the_builders_types() {
        assertThat(BuilderProperties.convert(1500L, Duration.class)).isEqualTo(Duration.ofMillis(1500));
        assertThat(BuilderProperties.convert("2m", Duration.class)).isEqualTo(Duration.ofMinutes(2));
        assertThat(BuilderProperties.convert("PT3S", Duration.class)).isEqualTo(Duration.ofSeconds(3));
        assertThat(BuilderProperties.convert(7L, Integer.class)).isEqualTo(7);
        assertThat(BuilderProperties.convert("stop", dev.langchain4j.model.output.FinishReason.class))
                .isEqualTo(dev.langchain4j.model.output.FinishReason.STOP);
        assertThatThrownBy(() -> BuilderProperties.convert(1.5, Integer.class)).hasMessage("a whole number");
    }

    @Test
    void a_list_property_is_set_from_a_yaml_list() throws Exception {
        Map<String, Object> options = example();
        options.put(
                "properties",
                Map.of("baseUrl", simulator.openAiBaseUrl(), "modelName", "sim-model", "stop", List.of("###")));
        try (Provider provider = new LangChain4jBuilderFactory().create(config(options, Map.of()))) {
            Factories.run(provider, new RecordingSink(), 10);

            assertThat(new ObjectMapper()
                            .readTree(simulator.lastRequestBody())
                            .at("/stop/0")
                            .asText())
                    .isEqualTo("###");
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
