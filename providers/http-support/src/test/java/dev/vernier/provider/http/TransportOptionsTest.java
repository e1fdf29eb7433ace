package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.testkit.TestCertificates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                .hasMessage(
                        "'base_url' must be an http(s) URL such as https://api.example.com, was 'ftp://h'. Fix: use http:// or https://");
    }

    @Test
    void a_base_url_without_a_scheme_says_how_to_write_it() {
        assertThatThrownBy(() -> TransportOptions.parse(
                        config(Map.of("base_url", "localhost:8000/v1")), "https://api.example.com", 1))
                .hasMessageEndingWith("Fix: start it with the scheme, e.g. 'http://localhost:8000/v1' for a server on"
                        + " your network or 'https://...' for an API");
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

    @Test
    void connection_options_are_read_and_checked_with_messages_that_say_the_fix(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, TestCertificates.authority("t").caPem());
        ProviderConfig config = new ProviderConfig(
                "x",
                null,
                Map.of(
                        "max_connections_per_host",
                        8L,
                        "idle_timeout_ms",
                        5000L,
                        "ca_file",
                        "ca.pem",
                        "proxy",
                        "proxy:3128"),
                dir,
                name -> null);
        ConnectionOptions options =
                TransportOptions.parse(config, "http://h", 1).connections();
        assertThat(options.maxConnectionsPerHost()).isEqualTo(8);
        assertThat(options.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.caFile()).isEqualTo(pem);
        assertThat(options.proxies().select(URI.create("https://api.openai.com")))
                .isEqualTo(new ProxyRules.Proxy("proxy", 3128, null));

        assertThatThrownBy(() -> TransportOptions.parse(config(Map.of("idle_timeout_ms", 0L)), "http://h", 1))
                .hasMessage("'idle_timeout_ms' must be > 0. Fix: give how long an idle connection is kept, e.g. 30000");
        assertThatThrownBy(() -> TransportOptions.parse(config(Map.of("max_connections_per_host", -1L)), "http://h", 1))
                .hasMessage("'max_connections_per_host' must be >= 0, was -1");
        Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> TransportOptions.parse(
                        new ProviderConfig("x", null, Map.of("ca_file", "not.pem"), dir, name -> null), "http://h", 1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'ca_file' " + dir.resolve("not.pem") + " holds no PEM certificate. Fix:");
        assertThatThrownBy(() -> TransportOptions.parse(
                        new ProviderConfig("x", null, Map.of("ca_file", "missing.pem"), dir, name -> null),
                        "http://h",
                        1))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void the_proxy_comes_from_the_environment_unless_the_option_says_none() throws Exception {
        ProviderConfig fromEnv =
                new ProviderConfig("x", null, Map.of(), Path.of("."), Map.of("HTTPS_PROXY", "http://p:1")::get);
        assertThat(TransportOptions.parse(fromEnv, "https://h", 1)
                        .connections()
                        .proxies()
                        .https())
                .isEqualTo(new ProxyRules.Proxy("p", 1, null));
        ProviderConfig none = new ProviderConfig(
                "x", null, Map.of("proxy", "none"), Path.of("."), Map.of("HTTPS_PROXY", "http://p:1")::get);
        assertThat(TransportOptions.parse(none, "https://h", 1).connections().proxies())
                .isEqualTo(ProxyRules.NONE);
    }
}
