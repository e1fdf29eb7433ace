package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyRulesTest {

    private static ProxyRules env(Map<String, String> env) throws ConfigException {
        return ProxyRules.parse(null, env::get);
    }

    @Test
    void https_urls_take_https_proxy_and_http_urls_http_proxy_lower_case_first() throws Exception {
        ProxyRules rules = env(Map.of(
                "HTTPS_PROXY", "http://upper:1",
                "https_proxy", "http://lower:2",
                "HTTP_PROXY", "plain:3"));
        assertThat(rules.select(URI.create("https://api.openai.com/v1")))
                .isEqualTo(new ProxyRules.Proxy("lower", 2, null));
        assertThat(rules.select(URI.create("http://10.1.2.3:8000/v1")))
                .as("a bare host:port is an http proxy")
                .isEqualTo(new ProxyRules.Proxy("plain", 3, null));
    }

    @Test
    void no_proxy_matches_hosts_domains_their_subdomains_ports_and_star() throws Exception {
        ProxyRules rules = env(Map.of(
                "HTTPS_PROXY", "http://proxy:3128", "NO_PROXY", "internal.example, .corp.example, api.x.io:8443"));
        assertThat(rules.select(URI.create("https://internal.example/v1"))).isNull();
        assertThat(rules.select(URI.create("https://llm.internal.example/v1"))).isNull();
        assertThat(rules.select(URI.create("https://corp.example/v1"))).isNull();
        assertThat(rules.select(URI.create("https://a.corp.example/v1"))).isNull();
        assertThat(rules.select(URI.create("https://notinternal.example/v1"))).isNotNull();
        assertThat(rules.select(URI.create("https://api.x.io:8443/v1"))).isNull();
        assertThat(rules.select(URI.create("https://api.x.io/v1")))
                .as("other port")
                .isNotNull();
        assertThat(env(Map.of("HTTPS_PROXY", "proxy:1", "no_proxy", "*")).select(URI.create("https://a.b/c")))
                .isNull();
    }

    @Test
    void loopback_hosts_skip_an_environment_proxy_but_not_an_explicit_one() throws Exception {
        ProxyRules fromEnv = env(Map.of("HTTP_PROXY", "http://proxy:3128"));
        assertThat(fromEnv.select(URI.create("http://127.0.0.1:8080/v1"))).isNull();
        assertThat(fromEnv.select(URI.create("http://localhost:11434"))).isNull();
        assertThat(fromEnv.select(URI.create("http://[::1]:8000/v1"))).isNull();
        ProxyRules explicit = ProxyRules.parse("http://proxy:3128", Map.<String, String>of()::get);
        assertThat(explicit.select(URI.create("http://127.0.0.1:8080/v1"))).isNotNull();
    }

    @Test
    void none_ignores_the_environment() throws Exception {
        ProxyRules rules = ProxyRules.parse("none", Map.of("HTTPS_PROXY", "http://proxy:1")::get);
        assertThat(rules).isEqualTo(ProxyRules.NONE);
    }

    @Test
    void credentials_become_basic_authorization_and_never_show_in_text() throws Exception {
        ProxyRules rules = ProxyRules.parse("http://bob:pa%40ss@proxy:3128", Map.<String, String>of()::get);
        ProxyRules.Proxy proxy = rules.select(URI.create("https://api.anthropic.com"));
        assertThat(proxy.authorization()).isEqualTo("Basic Ym9iOnBhQHNz"); // bob:pa@ss
        assertThat(proxy.user()).isEqualTo("bob");
        assertThat(proxy.password()).isEqualTo("pa@ss");
        assertThat(rules.toString())
                .doesNotContain("pa@ss")
                .doesNotContain("Ym9i")
                .contains("***@proxy:3128");
    }

    @Test
    void a_proxy_that_is_not_an_http_url_is_refused_naming_where_it_came_from_and_the_fix() {
        assertThatThrownBy(() -> ProxyRules.parse("socks5://user:secret@proxy:1080", Map.<String, String>of()::get))
                .isInstanceOf(ConfigException.class)
                .hasMessage("option 'proxy' must be an http:// proxy URL such as http://proxy.example:3128, was"
                        + " 'socks5://***@proxy:1080' (only HTTP proxies are supported)");
        assertThatThrownBy(() -> env(Map.of("HTTPS_PROXY", "https://proxy:443")))
                .hasMessageStartingWith("environment variable HTTPS_PROXY must be an http:// proxy URL");
    }
}
