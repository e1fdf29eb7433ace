package dev.vernier.provider.http;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Which HTTP proxy, if any, a request goes through: the {@code proxy} option, else the environment
 * ({@code https_proxy} for https URLs, {@code http_proxy} for http ones, lower case first, then
 * {@code HTTPS_PROXY} / {@code HTTP_PROXY}), minus the hosts of {@code no_proxy} / {@code NO_PROXY}.
 * An https request is tunnelled with {@code CONNECT}; an http request is sent to the proxy with its
 * absolute URL. Loopback hosts never take a proxy from the environment (as Go's and most tools'
 * rules have it: a local server is not behind the company proxy); an explicit {@code proxy} option
 * applies to them too.
 *
 * @param http        proxy for http URLs, or null
 * @param https       proxy for https URLs, or null
 * @param noProxy     NO_PROXY entries, lower case: {@code *}, a host, a domain ({@code example.com}
 *                    or {@code .example.com}: itself and its subdomains), each with an optional port
 * @param explicit    the proxies came from the {@code proxy} option (they then apply to loopback hosts)
 */
public record ProxyRules(Proxy http, Proxy https, List<String> noProxy, boolean explicit) {

    /** No proxy at all. */
    public static final ProxyRules NONE = new ProxyRules(null, null, List.of(), false);

    public ProxyRules {
        noProxy = noProxy == null ? List.of() : List.copyOf(noProxy);
    }

    /**
     * A proxy server: where it is and, when its URL carried {@code user:password@}, the
     * {@code Proxy-Authorization} value (Basic). {@link #toString()} never shows the credentials.
     *
     * @param authorization {@code Basic <base64>}, or null
     */
    public record Proxy(String host, int port, String authorization) {
        public Proxy {
            Objects.requireNonNull(host, "host");
        }

        /** The user name, from the authorization, or null (for Netty's proxy handler). */
        String user() {
            return credentials() == null ? null : credentials()[0];
        }

        /** The password, from the authorization, or null. */
        String password() {
            return credentials() == null ? null : credentials()[1];
        }

        private String[] credentials() {
            if (authorization == null) {
                return null;
            }
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring("Basic ".length())), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        }

        @Override
        public String toString() {
            return "http://" + (authorization == null ? "" : "***@") + host + ":" + port;
        }
    }

    /**
     * Reads the {@code proxy} option and the environment.
     *
     * @param option the {@code proxy} option: null or empty to follow the environment, {@code none} to
     *               use no proxy whatever the environment says, or an {@code http://host:port} URL
     * @param env    the environment
     * @throws ConfigException naming {@code proxy}, or the variable, when a URL is not an http proxy URL
     */
    public static ProxyRules parse(String option, UnaryOperator<String> env) throws ConfigException {
        List<String> noProxy = noProxy(firstSet(env, "no_proxy", "NO_PROXY"));
        String chosen = option == null ? "" : option.trim();
        if (chosen.equalsIgnoreCase("none")) {
            return NONE;
        }
        if (!chosen.isEmpty()) {
            Proxy proxy = proxy(chosen, "proxy", "option 'proxy'");
            return new ProxyRules(proxy, proxy, noProxy, true);
        }
        Proxy http = proxyFromEnv(env, "http_proxy", "HTTP_PROXY");
        Proxy https = proxyFromEnv(env, "https_proxy", "HTTPS_PROXY");
        if (http == null && https == null) {
            return NONE;
        }
        return new ProxyRules(http, https, noProxy, false);
    }

    private static Proxy proxyFromEnv(UnaryOperator<String> env, String lower, String upper) throws ConfigException {
        String value = env.apply(lower);
        String name = lower;
        if (value == null || value.isBlank()) {
            value = env.apply(upper);
            name = upper;
        }
        return value == null || value.isBlank() ? null : proxy(value.trim(), "proxy", "environment variable " + name);
    }

    private static String firstSet(UnaryOperator<String> env, String... names) {
        for (String name : names) {
            String value = env.apply(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static List<String> noProxy(String value) {
        List<String> entries = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                String entry = part.trim().toLowerCase(Locale.ROOT);
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    /** An {@code http://[user:password@]host[:port]} proxy URL; a bare {@code host:port} is read as http. */
    static Proxy proxy(String text, String key, String where) throws ConfigException {
        String withScheme = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = new URI(withScheme);
        } catch (URISyntaxException e) {
            throw new ConfigException(
                    key,
                    where + " is not a proxy URL: '" + redacted(text)
                            + "'. Fix: give it as http://host:port (or 'none' for no proxy)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") || uri.getHost() == null) {
            throw new ConfigException(
                    key,
                    where + " must be an http:// proxy URL such as http://proxy.example:3128, was '" + redacted(text)
                            + "'" + (scheme.equals("http") ? "" : " (only HTTP proxies are supported)"));
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String authorization = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            String user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            Secrets.register(password);
            authorization = "Basic "
                    + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            Secrets.register(authorization.substring("Basic ".length()));
        }
        return new Proxy(host, port, authorization);
    }

    private static String redacted(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 ? url : url.substring(0, scheme < 0 ? 0 : scheme + 3) + "***" + url.substring(at);
    }

    /**
     * The proxy for a request to {@code uri}, or null to connect directly.
     */
    public Proxy select(URI uri) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        Proxy proxy = tls ? https : http;
        if (proxy == null) {
            return null;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : (tls ? 443 : 80);
        if (!explicit && HttpProviderSettings.isLoopbackHost(host)) {
            return null;
        }
        return bypassed(host, port) ? null : proxy;
    }

    /** Whether NO_PROXY names this host (and port). */
    boolean bypassed(String host, int port) {
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String name = entry;
            int entryPort = -1;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && !entry.endsWith("]")) { // host:port, not IPv6
                try {
                    entryPort = Integer.parseInt(entry.substring(colon + 1));
                    name = entry.substring(0, colon);
                } catch (NumberFormatException e) {
                    continue;
                }
            }
            if (name.startsWith("[") && name.endsWith("]")) {
                name = name.substring(1, name.length() - 1);
            }
            if (entryPort >= 0 && entryPort != port) {
                continue;
            }
            String domain = name.startsWith(".") ? name.substring(1) : name;
            if (name.startsWith("*.")) {
                domain = name.substring(2);
            }
            if (host.equals(domain) || host.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }
}
