package dev.vernier.provider.llamacpp;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Provider;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ResponseSchema;
import dev.vernier.core.model.ModelLocator;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The {@code llamacpp} provider type: a GGUF model run inside this JVM by llama.cpp.
 *
 * <p>Options: {@code model} (a path, absolute or relative to the suite's folder, or a name looked
 * up in the models folders, see {@link ModelLocator}, or the name of a model bundled in this jar,
 * {@code stories260K}, see {@link BundledModels}) or {@code url} with {@code sha256} (downloaded
 * once into the cache); {@code threads} (default: available processors), {@code context} (default
 * 2048), {@code chat_template} ({@code true}, {@code false} or {@code auto}, the default: apply the
 * model's template when the file has one), {@code gpu_layers} (default 0), {@code reasoning_tags}
 * (default {@code ["<think>", "</think>"]}: output that opens with the first tag is reasoning up to the
 * second, see {@link ThinkSplitter}; {@code false} keeps the whole output as the answer).
 */
public final class LlamaCppProviderFactory implements ProviderFactory {

    /** The {@code type:} value in a suite. */
    public static final String TYPE = "llamacpp";

    private static final Set<String> OPTION_KEYS = Set.of(
            "model",
            "url",
            "sha256",
            "threads",
            "parallel",
            "context",
            "chat_template",
            "gpu_layers",
            "flash_attention",
            ThinkSplitter.Tags.OPTION);

    private final Path workingDir;
    private final Path home;

    /** The factory ServiceLoader creates: the working directory and home of this process. */
    public LlamaCppProviderFactory() {
        this(Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    /** A factory resolving models against the given working directory and home (for tests). */
    LlamaCppProviderFactory(Path workingDir, Path home) {
        this.workingDir = workingDir;
        this.home = home;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> optionKeys() {
        return OPTION_KEYS;
    }

    /** Checks the options and that a local model file exists and is GGUF; loads and downloads nothing. */
    @Override
    public void validate(ProviderConfig config) throws ConfigException {
        LlamaCppSettings settings = LlamaCppSettings.parse(config);
        if (settings.model() != null) {
            checkGguf(findLocal(settings, config));
        }
    }

    /** Resolves (or downloads) the model, reads its header and loads it. */
    @Override
    public Provider create(ProviderConfig config) throws ConfigException {
        LlamaCppSettings settings = LlamaCppSettings.parse(config);
        Path file = settings.model() != null ? findLocal(settings, config) : download(settings, config);
        checkGguf(file);
        GgufMetadata metadata;
        try {
            metadata = GgufMetadata.read(file);
        } catch (IOException e) {
            throw new ConfigException(settings.model() != null ? "model" : "url", e.getMessage());
        }
        String id = config.id() != null ? config.id() : TYPE + ":" + LlamaCppProvider.modelName(file);
        return LlamaCppProvider.load(id, file, metadata, settings);
    }

    private ModelLocator locator(ProviderConfig config) {
        return new ModelLocator(config::env, workingDir, home);
    }

    /**
     * The model file: from the models folders (see {@link ModelLocator}), else, for the bare name of a
     * model bundled in this jar, the bundled copy unpacked into the cache.
     */
    private Path findLocal(LlamaCppSettings settings, ProviderConfig config) throws ConfigException {
        ModelLocator locator = locator(config);
        try {
            return locator.findLocal(settings.model(), config.baseDir());
        } catch (ModelLocator.ModelNotFoundException e) {
            var bundled = BundledModels.fileFor(settings.model());
            if (bundled.isEmpty()) {
                throw new ConfigException("model", e.getMessage());
            }
            try {
                return BundledModels.unpack(bundled.get(), locator.cacheDir());
            } catch (IOException unpack) {
                throw new ConfigException(
                        "model",
                        unpack.getMessage() + ". Fix: give the model's path, or " + "set " + ModelLocator.CACHE_DIR_ENV
                                + " to a writable folder");
            }
        }
    }

    private Path download(LlamaCppSettings settings, ProviderConfig config) throws ConfigException {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        try {
            return locator(config).download(settings.url(), settings.sha256(), client);
        } catch (IOException e) {
            String key = e.getMessage() != null && e.getMessage().contains("sha256") ? "sha256" : "url";
            throw new ConfigException(key, e.getMessage());
        }
    }

    private static void checkGguf(Path file) throws ConfigException {
        try {
            if (!GgufMetadata.hasGgufMagic(file)) {
                throw new ConfigException(
                        "model",
                        file + " is not a GGUF file (it does not start with 'GGUF')."
                                + " Fix: point 'model' at a .gguf file, or convert the model with llama.cpp's convert script");
            }
        } catch (IOException e) {
            throw new ConfigException("model", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * llama.cpp constrains sampling to a JSON Schema (turned into a grammar) when the request carries
     * {@code json_schema}; java-llama.cpp has no setter for it, so it is set through {@link RequestFields}.
     */
    @Override
    public void validateResponseSchema(ProviderConfig config, ResponseSchema schema) throws ConfigException {
        if (!RequestFields.available()) {
            throw new ConfigException(
                    ResponseSchema.KEY,
                    "the java-llama.cpp on the class path gives no way to send a JSON Schema to llama.cpp. Fix: use"
                            + " de.kherud:llama 4.2.0, or add 'response_format: none' to this provider");
        }
    }

    @Override
    public String summary() {
        return "a GGUF model run inside this JVM by llama.cpp; stories260K is bundled";
    }
}
