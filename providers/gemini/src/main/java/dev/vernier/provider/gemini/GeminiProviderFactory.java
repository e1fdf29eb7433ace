package dev.vernier.provider.gemini;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.Secrets;
import dev.vernier.provider.http.ApiKeySource;
import dev.vernier.provider.http.RetryPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Provider type {@code gemini}: the Gemini API's {@code streamGenerateContent} with server-sent
 * events.
 *
 * <p>Options: {@code model} (required, e.g. {@code gemini-2.5-flash}; a leading {@code models/} is
 * dropped); {@code base_url} (default {@value #DEFAULT_BASE_URL}; requests go to
 * {@code <base_url>/v1beta/models/<model>:streamGenerateContent?alt=sse}); {@code api_key_env}
 * (default {@value #DEFAULT_KEY_ENV}); {@code api_key_file} (a file holding only the key, relative to
 * the suite, used instead of the variable); {@code connect_timeout_ms} (default 10000);
 * {@code first_token_timeout_ms} (default 60000, 0 disables); {@code max_retries} (default 3);
 * {@code retry_backoff_ms} (first backoff step, default 200, doubled per retry up to 5 s).
 *
 * <p>Keys are read only from the environment variable or the key file, registered with
 * {@link Secrets}, sent only in the {@code x-goog-api-key} header (never as a {@code key=} query
 * parameter, so a logged URL carries no key), and never put in messages.
 */
public final class GeminiProviderFactory implements ProviderFactory {

    public static final String TYPE = "gemini";
    public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";
    public static final String DEFAULT_KEY_ENV = "GEMINI_API_KEY";

    /** Model names go into the URL path: letters, digits, dots, dashes, underscores only. */
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final ApiKeySource KEY = ApiKeySource.standard(DEFAULT_KEY_ENV);
    private static final Set<String> KEYS = Set.of("model", "base_url", KEY.envOption(), KEY.fileOption(),
            "connect_timeout_ms", "first_token_timeout_ms", "max_retries", "retry_backoff_ms");

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> optionKeys() {
        return KEYS;
    }

    @Override
    public void validate(ProviderConfig config) throws ConfigException {
        settings(config);
        KEY.validate(config);
    }

    @Override
    public Provider create(ProviderConfig config) throws ConfigException {
        GeminiSettings settings = settings(config);
        String key = KEY.resolve(config);
        String id = config.id() != null ? config.id() : TYPE + ":" + settings.model();
        return new GeminiProvider(id, settings, key);
    }

    /** Parses and checks every option except the key itself. */
    static GeminiSettings settings(ProviderConfig config) throws ConfigException {
        String model = config.string("model").trim();
        if (model.startsWith("models/")) {
            model = model.substring("models/".length());
        }
        if (model.isEmpty()) {
            throw new ConfigException("model", "'model' must not be empty. Fix: name the model, e.g. gemini-2.5-flash.");
        }
        if (!MODEL_NAME.matcher(model).matches()) {
            throw new ConfigException("model", "'model' must be a model name such as gemini-2.5-flash"
                    + " (letters, digits, '.', '-', '_'), was '" + model + "'");
        }
        URI baseUrl = baseUrl(config.string("base_url", DEFAULT_BASE_URL));
        String keyHint = config.has(KEY.fileOption())
                ? "put the key in the file " + config.string(KEY.fileOption())
                : "set " + KEY.envName(config);
        long connectMs = nonNegative(config, "connect_timeout_ms", 10_000);
        long firstTokenMs = nonNegative(config, "first_token_timeout_ms", 60_000);
        long retries = nonNegative(config, "max_retries", 3);
        long backoffMs = nonNegative(config, "retry_backoff_ms", RetryPolicy.STANDARD_BASE.toMillis());
        if (retries > 20) {
            throw new ConfigException("max_retries", "'max_retries' must be at most 20, was " + retries);
        }
        if (connectMs == 0) {
            throw new ConfigException("connect_timeout_ms", "'connect_timeout_ms' must be > 0");
        }
        return new GeminiSettings(model, baseUrl, keyHint, Duration.ofMillis(connectMs),
                Duration.ofMillis(firstTokenMs), (int) retries, Duration.ofMillis(backoffMs));
    }

    private static URI baseUrl(String text) throws ConfigException {
        String trimmed = text.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new ConfigException("base_url", "'base_url' must be an http(s) URL such as "
                        + DEFAULT_BASE_URL + ", was '" + text + "'");
            }
            if (uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new ConfigException("base_url", "'base_url' must not carry credentials, a query or a fragment;"
                        + " put the key in an environment variable (api_key_env) or a key file (api_key_file)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("base_url", "'base_url' is not a valid URL: '" + text + "'");
        }
    }

    private static long nonNegative(ProviderConfig config, String key, long fallback) throws ConfigException {
        long value = config.integer(key, fallback);
        if (value < 0) {
            throw new ConfigException(key, "'" + key + "' must be >= 0, was " + value);
        }
        return value;
    }
}
