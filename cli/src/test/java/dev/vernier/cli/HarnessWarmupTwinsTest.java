package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.provider.http.HttpWarmup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The harness warm-up exercises each HTTP provider's own code: a loopback twin of the provider, made by
 * its factory from its entry, streams the provider's own warm-up answer through the provider's own
 * decoder, over http and https, with no failure and every token.
 */
class HarnessWarmupTwinsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
    void each_http_provider_warms_up_its_own_decoder_on_a_loopback_twin_without_a_failure(String type)
            throws Exception {
        ProviderFactory factory =
                ProviderRegistry.load(getClass().getClassLoader()).find(type).orElseThrow();
        // an entry aimed at an address that is never dialled, through a proxy that does not exist, without
        // a key: the twin replaces all three
        ProviderConfig entry = new ProviderConfig(
                type,
                null,
                Map.of(
                        "model", "some-model",
                        "base_url", "https://unreachable.invalid/v1",
                        "proxy", "http://127.0.0.1:9"),
                dir,
                name -> null);
        HttpWarmup.Result result;
        try (Provider provider = factory.create(entry)) {
            result = new HttpWarmup().exercise(Duration.ofMillis(1_500), List.of(provider));
        }

        assertThat(result.twinned()).as("the provider was twinned").isEqualTo(1);
        assertThat(result.failures()).isZero();
        assertThat(result.requests()).isGreaterThan(0);
        assertThat(result.chunks())
                .as("every request that was not cut at the budget streamed all its tokens, through the"
                        + " provider's own decoder")
                .isBetween(
                        (result.requests() - result.cut()) * HttpWarmup.TOKENS, result.requests() * HttpWarmup.TOKENS);
    }
}
