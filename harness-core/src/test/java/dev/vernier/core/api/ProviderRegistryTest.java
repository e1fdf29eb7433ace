package dev.vernier.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.testing.FakeProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProviderRegistryTest {

    @Test
    void finds_a_provider_type_defined_only_in_test_code_through_its_services_file() throws Exception {
        ProviderRegistry registry = ProviderRegistry.load(getClass().getClassLoader());

        assertThat(registry.types()).contains(FakeProviderFactory.TYPE);
        ProviderFactory factory = registry.find(FakeProviderFactory.TYPE).orElseThrow();
        assertThat(factory).isInstanceOf(FakeProviderFactory.class);
        try (Provider provider = factory.create(ProviderConfig.of(FakeProviderFactory.TYPE, Map.of()))) {
            assertThat(provider.id()).isEqualTo(FakeProviderFactory.TYPE);
        }
    }

    @Test
    void rejects_two_factories_claiming_the_same_type() {
        ProviderFactory impostor = new ProviderFactory() {
            @Override
            public String type() {
                return FakeProviderFactory.TYPE;
            }

            @Override
            public Set<String> optionKeys() {
                return Set.of();
            }

            @Override
            public Provider create(ProviderConfig config) {
                throw new UnsupportedOperationException();
            }
        };

        assertThatThrownBy(() -> ProviderRegistry.of(List.of(new FakeProviderFactory(), impostor)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("provider type 'test-fake' is declared twice: by "
                        + FakeProviderFactory.class.getName() + " and by ")
                .hasMessageEndingWith(
                        "Remove one of the two jars from the class path, or give one factory " + "another type().");
    }

    @Test
    void unknown_type_is_absent_rather_than_an_exception() {
        assertThat(ProviderRegistry.of(List.of(new FakeProviderFactory())).find("nope"))
                .isEmpty();
    }

    @Test
    void redacts_registered_secrets_and_key_shaped_strings() {
        Secrets.register("my-very-private-token");
        assertThat(Secrets.redact("auth failed for my-very-private-token at host"))
                .isEqualTo("auth failed for [REDACTED] at host");
        assertThat(Secrets.redact("Incorrect API key provided: sk-proj-abcdef1234567890"))
                .isEqualTo("Incorrect API key provided: [REDACTED]");
        assertThat(Failure.fromException(new RuntimeException("Bearer abcdefghijk123 rejected"))
                        .message())
                .isEqualTo("RuntimeException: [REDACTED] rejected");
    }
}
