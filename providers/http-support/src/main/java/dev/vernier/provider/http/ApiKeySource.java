package dev.vernier.provider.http;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Where a provider's API key comes from: a key file named by an option (relative to the suite's
 * folder), else the environment variable named by another option (with a default). A key read is
 * registered with {@link Secrets} at once; it is never placed in a message or an exception.
 *
 * @param envOption  the option naming the environment variable, e.g. {@code api_key_env}
 * @param defaultEnv the variable used when the option is absent, e.g. {@code OPENAI_API_KEY}
 * @param fileOption the option naming a key file, e.g. {@code api_key_file}
 */
public record ApiKeySource(String envOption, String defaultEnv, String fileOption) {

    /** The option names every Vernier HTTP provider uses. */
    public static final String ENV_OPTION = "api_key_env";

    public static final String FILE_OPTION = "api_key_file";

    public ApiKeySource {
        Objects.requireNonNull(envOption, "envOption");
        Objects.requireNonNull(defaultEnv, "defaultEnv");
        Objects.requireNonNull(fileOption, "fileOption");
    }

    /** {@code api_key_env} (default {@code defaultEnv}) and {@code api_key_file}. */
    public static ApiKeySource standard(String defaultEnv) {
        return new ApiKeySource(ENV_OPTION, defaultEnv, FILE_OPTION);
    }

    /** The environment variable's name. */
    public String envName(ProviderConfig config) throws ConfigException {
        String name = config.string(envOption, defaultEnv).trim();
        if (name.isEmpty()) {
            throw new ConfigException(envOption, "'" + envOption + "' must name an environment variable.");
        }
        return name;
    }

    /** The option keys this source reads ({@code api_key_env}, {@code api_key_file}). */
    public Set<String> optionKeys() {
        return Set.of(envOption, fileOption);
    }

    /**
     * Where the key is expected, for messages: "put the key in the file F" when a key file is named,
     * else "set VAR".
     */
    public String hint(ProviderConfig config) throws ConfigException {
        return config.has(fileOption)
                ? "put the key in the file " + config.string(fileOption)
                : "set " + envName(config);
    }

    /** The key file resolved against the suite's folder, or null when none is named. */
    public Path keyFile(ProviderConfig config) throws ConfigException {
        if (!config.has(fileOption)) {
            return null;
        }
        String given = config.string(fileOption);
        Path file = config.baseDir().resolve(given);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(
                    fileOption,
                    "key file '" + given + "' not found. Fix: point " + fileOption
                            + " at a file holding only the key, or use " + envOption + ".");
        }
        return file;
    }

    /** Checks the options without reading the key (for {@code ProviderFactory.validate}). */
    public void validate(ProviderConfig config) throws ConfigException {
        envName(config);
        keyFile(config);
    }

    /**
     * Reads the key: from the key file when one is named, else from the environment variable.
     * Surrounding whitespace is dropped. The key is registered with {@link Secrets}.
     *
     * @return the key, or null when there is none (fine for most self-hosted servers)
     * @throws ConfigException when the key file is missing or unreadable
     */
    public String resolve(ProviderConfig config) throws ConfigException {
        Path file = keyFile(config);
        String key;
        if (file != null) {
            try {
                key = Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new ConfigException(
                        fileOption,
                        "key file '" + config.string(fileOption) + "' cannot be read ("
                                + e.getClass().getSimpleName() + ")");
            }
        } else {
            key = config.env(envName(config));
            key = key == null ? null : key.trim();
        }
        if (key == null || key.isEmpty()) {
            return null;
        }
        Secrets.register(key);
        return key;
    }
}
