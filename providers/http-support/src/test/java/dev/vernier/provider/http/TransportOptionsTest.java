package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ProviderConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportOptionsTest {

    private static ProviderConfig config(Map<String, Object> options) {
        return ProviderConfig.of("x", options);
    }

    @Test
    void defaults_apply_when_no_option_is_given() throws Exception {
        TransportOptions options = TransportOptions.parse(config(Map.of()), "https://api.example.com/v1/", 60_000);

        assertThat(options)
                .isEqualTo(new TransportOptions(
                        URI.create("https://api.example.com/v1"),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(60),
                        3,
                        Duration.ofMillis(200)));
        assertThat(options.streamSettings().retry().maxRetries()).isEqualTo(3);
    }

    @Test
    void a_base_url_with_a_query_or_another_scheme_is_refused_naming_the_option() {
        assertThatThrownBy(() -> TransportOptions.parse(
                        config(Map.of("base_url", "http://h/v1?key=abc")), "https://api.example.com", 1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must not carry credentials, a query or a fragment")
                .extracting(e -> ((ConfigException) e).key())
                .isEqualTo("base_url");
        assertThatThrownBy(() ->
                        TransportOptions.parse(config(Map.of("base_url", "ftp://h")), "https://api.example.com", 1))
                .hasMessage("'base_url' must be an http(s) URL such as https://api.example.com, was 'ftp://h'");
    }

    @Test
    void retries_are_bounded_and_timeouts_cannot_be_negative() {
        assertThatThrownBy(() -> TransportOptions.parse(config(Map.of("max_retries", 21L)), "http://h", 1))
                .hasMessage("'max_retries' must be at most 20, was 21");
        assertThatThrownBy(() -> TransportOptions.parse(config(Map.of("first_token_timeout_ms", -1L)), "http://h", 1))
                .hasMessage("'first_token_timeout_ms' must be >= 0, was -1");
        assertThatThrownBy(() -> TransportOptions.parse(config(Map.of("connect_timeout_ms", 0L)), "http://h", 1))
                .hasMessage("'connect_timeout_ms' must be > 0");
    }
}
