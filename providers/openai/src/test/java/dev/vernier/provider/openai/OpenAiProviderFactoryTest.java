package dev.vernier.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.Completion;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.api.Secrets;
import dev.vernier.testkit.RecordingSink;
import dev.vernier.testkit.SimulatorConfig;
import dev.vernier.testkit.StreamingSimulator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiProviderFactoryTest {

    private final OpenAiProviderFactory factory = new OpenAiProviderFactory();

    @Test
    void is_found_by_the_service_loader_as_type_openai() {
        assertThat(ProviderRegistry.load().find("openai")).get().isInstanceOf(OpenAiProviderFactory.class);
    }

    @Test
    void api_openai_com_is_the_default_and_a_proprietary_api_with_id_from_the_model() throws Exception {
        try (Provider provider =
                Providers.create(Map.of("model", "gpt-4.1-mini"), Map.of("OPENAI_API_KEY", Providers.FAKE_KEY))) {
            assertThat(provider.id()).isEqualTo("openai:gpt-4.1-mini");
            assertThat(provider.accessMode()).isEqualTo(AccessMode.PROPRIETARY_API);
            assertThat(provider.describe().dataGoes()).isEqualTo(DataDestination.VENDOR);
            assertThat(provider.describe().openWeights()).isNull();
            assertThat(provider.unavailableReason()).isNull();
        }
    }

    @Test
    void another_base_url_is_a_self_hosted_server_and_the_suite_id_wins() throws Exception {
        ProviderConfig config = new ProviderConfig(
                "openai",
                "my-vllm",
                Map.of("model", "qwen2.5:0.5b", "base_url", "http://127.0.0.1:8000/v1/", "open_weights", true),
                Path.of("."),
                name -> null);
        try (Provider provider = factory.create(config)) {
            assertThat(provider.id()).isEqualTo("my-vllm");
            assertThat(provider.accessMode()).isEqualTo(AccessMode.SELF_HOSTED_SERVER);
            assertThat(provider.describe().dataGoes()).isEqualTo(DataDestination.THIS_MACHINE);
            assertThat(provider.describe().openWeights()).isTrue();
        }
    }

    @Test
    void a_self_hosted_server_on_a_loopback_address_in_any_spelling_keeps_data_on_this_machine() throws Exception {
        for (String url : List.of(
                "http://LOCALHOST:8000/v1",
                "http://127.0.0.2:8000/v1",
                "http://[::1]:8000/v1",
                "http://[0:0:0:0:0:0:0:1]:8000/v1")) {
            try (Provider provider =
                    factory.create(ProviderConfig.of("openai", Map.of("model", "m", "base_url", url)))) {
                assertThat(provider.describe().dataGoes()).as(url).isEqualTo(DataDestination.THIS_MACHINE);
            }
        }
        try (Provider provider = factory.create(
                ProviderConfig.of("openai", Map.of("model", "m", "base_url", "http://10.0.0.7:8000/v1")))) {
            assertThat(provider.describe().dataGoes()).isEqualTo(DataDestination.OWN_SERVER);
        }
    }

    @Test
    void access_mode_can_be_given_explicitly() throws Exception {
        try (Provider provider = Providers.create(
                Map.of("model", "m", "base_url", "https://llm.example.com/v1", "access_mode", "proprietary_api"),
                Map.of())) {
            assertThat(provider.accessMode()).isEqualTo(AccessMode.PROPRIETARY_API);
        }
    }

    @Test
    void without_a_key_api_openai_com_is_unavailable_and_requests_fail_as_data() throws Exception {
        try (Provider provider = Providers.create(Map.of("model", "gpt-4.1-mini"), Map.of())) {
            assertThat(provider.unavailableReason()).isEqualTo("openai: no API key — set OPENAI_API_KEY");

            Completion completion = Providers.run(provider, new RecordingSink(), 8);

            assertThat(completion.failure().kind()).isEqualTo(FailureKind.UNAVAILABLE);
        }
    }

    @Test
    void a_self_hosted_url_with_no_server_is_unavailable_with_the_url() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/v1";
        try (Provider provider = Providers.local(url)) {
            assertThat(provider.unavailableReason()).isEqualTo("openai: no server at " + url + " — start it");
        }
    }

    @Test
    void a_running_self_hosted_server_is_available() throws Exception {
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults())) {
            simulator.start();
            try (Provider provider = Providers.local(simulator.openAiBaseUrl())) {
                assertThat(provider.unavailableReason()).isNull();
            }
        }
    }

    @Test
    void the_key_file_is_read_and_sent_as_a_bearer_token(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("key.txt"), "sk-file-abcdefghijklmnop\n");
        try (StreamingSimulator simulator = new StreamingSimulator(SimulatorConfig.defaults())) {
            simulator.start();
            ProviderConfig config = new ProviderConfig(
                    "openai",
                    null,
                    Map.of("model", "sim-model", "base_url", simulator.openAiBaseUrl(), "api_key_file", "key.txt"),
                    dir,
                    name -> null);
            factory.validate(config);
            try (Provider provider = factory.create(config)) {
                assertThat(Providers.run(provider, new RecordingSink(), 4).succeeded())
                        .isTrue();
            }
        }
        assertThat(Secrets.redact("x sk-file-abcdefghijklmnop y")).doesNotContain("abcdefghijklmnop");
    }

    @Test
    void configuration_mistakes_name_the_offending_key() {
        assertThatThrownBy(() -> factory.validate(ProviderConfig.of("openai", Map.of())))
                .isInstanceOf(ConfigException.class)
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("model");
        assertThatThrownBy(() ->
                        factory.validate(ProviderConfig.of("openai", Map.of("model", "m", "base_url", "ftp://x"))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("base_url");
        assertThatThrownBy(() ->
                        factory.validate(ProviderConfig.of("openai", Map.of("model", "m", "access_mode", "cloud"))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("access_mode");
        assertThatThrownBy(() -> factory.validate(ProviderConfig.of("openai", Map.of("model", "m", "max_retries", -1))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("max_retries");
        assertThatThrownBy(() -> factory.validate(
                        ProviderConfig.of("openai", Map.of("model", "m", "api_key_file", "missing.txt"))))
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("api_key_file");
    }
}
