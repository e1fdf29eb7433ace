package dev.vernier.provider.llamacpp;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.ProviderConfig;
import dev.vernier.core.model.ModelLocator;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The options of one {@code llamacpp} provider entry, checked.
 *
 * @param model        the {@code model} option (path or name), null when {@code url} is given
 * @param url          the {@code url} option, null when {@code model} is given
 * @param sha256       the expected digest of the download, lower case, null without {@code url}
 * @param threads      CPU threads for inference, or {@link #AUTO_THREADS} to measure the candidates
 *                     at load ({@code threads: auto}, the default; see {@link ThreadTuning})
 * @param parallel     slots: requests decoded together in one batch (continuous batching)
 * @param context      context size in tokens of each slot (the model's context is context x parallel)
 * @param chatTemplate whether to apply the model's chat template
 * @param gpuLayers    layers offloaded to a GPU (0 = CPU only)
 * @param flashAttention llama.cpp's flash attention kernel (default off): on the CPU it skips the
 *                     cache cells of other slots, which the plain kernel computes and masks, but it
 *                     pads the cache it reads to 256 cells; on stories260K one request decoded ~30%
 *                     slower with it and batches no faster (docs/in-process-models.md)
 * @param reasoningTags the tags a thinking model writes around its reasoning ({@code reasoning_tags}),
 *                     null when the output is never split
 */
record LlamaCppSettings(
        String model,
        URI url,
        String sha256,
        int threads,
        int parallel,
        int context,
        ChatTemplateMode chatTemplate,
        int gpuLayers,
        boolean flashAttention,
        ThinkSplitter.Tags reasoningTags) {

    static final int DEFAULT_CONTEXT = 2048;

    /** The {@code threads} value meaning "measure the candidates at load and keep the fastest". */
    static final int AUTO_THREADS = 0;

    /**
     * Slots when {@code parallel} is not given: one, as in the llama.cpp these natives are built from.
     * On this 2-core machine the embedded model's output throughput rose with concurrency with one
     * slot and fell with four (docs/in-process-models.md); a suite that wants batching sets
     * {@code parallel}.
     */
    static final int DEFAULT_PARALLEL = 1;

    /** True for {@code threads: auto}. */
    boolean autoThreads() {
        return threads == AUTO_THREADS;
    }

    static LlamaCppSettings parse(ProviderConfig config) throws ConfigException {
        boolean hasModel = config.has("model");
        boolean hasUrl = config.has("url");
        if (hasModel && hasUrl) {
            throw new ConfigException(
                    "url", "give either 'model' (a local file) or 'url' with 'sha256'" + " (a download), not both");
        }
        if (!hasModel && !hasUrl) {
            throw new ConfigException(
                    "model",
                    "provider type 'llamacpp' needs 'model' (a .gguf path or a name"
                            + " found in the models folders) or 'url' with 'sha256' to download one");
        }
        String model = null;
        URI url = null;
        String sha256 = null;
        if (hasModel) {
            model = config.string("model");
            if (model.isBlank()) {
                throw new ConfigException("model", "'model' is empty. Fix: give a .gguf path or a model name");
            }
            if (ModelLocator.isUrl(model)) {
                throw new ConfigException("model", "'model' is a URL; give it as 'url:' together with 'sha256:'");
            }
            if (config.has("sha256")) {
                throw new ConfigException("sha256", "'sha256' checks a download and only goes with 'url'");
            }
        } else {
            url = url(config.string("url"));
            if (!config.has("sha256")) {
                throw new ConfigException(
                        "sha256",
                        "'url' needs 'sha256' (64 hex digits) so the download can be"
                                + " checked. Fix: copy the SHA-256 from the model's download page");
            }
            sha256 = config.string("sha256").trim().toLowerCase(Locale.ROOT);
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new ConfigException(
                        "sha256", "'sha256' must be 64 hex digits, was '" + config.string("sha256") + "'");
            }
        }
        int threads = threads(config);
        int parallel = positive(config, "parallel", DEFAULT_PARALLEL, 1);
        int context = positive(config, "context", DEFAULT_CONTEXT, 16);
        if ((long) context * parallel > Integer.MAX_VALUE) {
            throw new ConfigException(
                    "parallel",
                    "'context' x 'parallel' (" + context + " x " + parallel + ") tokens is too large."
                            + " Fix: lower 'parallel' or 'context'");
        }
        int gpuLayers = positive(config, "gpu_layers", 0, 0);
        ChatTemplateMode template = ChatTemplateMode.parse(config.options().get("chat_template"));
        boolean flashAttention = config.bool("flash_attention", false);
        ThinkSplitter.Tags tags = ThinkSplitter.Tags.parse(config.options().get(ThinkSplitter.Tags.OPTION));
        return new LlamaCppSettings(
                model, url, sha256, threads, parallel, context, template, gpuLayers, flashAttention, tags);
    }

    /** {@code threads}: {@code auto} (also when absent) or a whole number of at least 1. */
    private static int threads(ProviderConfig config) throws ConfigException {
        if (!config.has("threads")) {
            return AUTO_THREADS;
        }
        if (config.options().get("threads") instanceof Number) {
            return positive(config, "threads", 1, 1);
        }
        String text = config.string("threads");
        if (text.trim().equalsIgnoreCase("auto")) {
            return AUTO_THREADS;
        }
        throw new ConfigException(
                "threads", "'threads' must be auto or a whole number of at least 1, was '" + text + "'");
    }

    private static URI url(String text) throws ConfigException {
        if (!ModelLocator.isUrl(text)) {
            throw new ConfigException("url", "'url' must start with https:// or http://, was '" + text + "'");
        }
        try {
            URI uri = new URI(text.trim());
            if (uri.getHost() == null) {
                throw new ConfigException("url", "'url' has no host: '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException("url", "'url' is not a valid URL: " + e.getMessage());
        }
    }

    private static int positive(ProviderConfig config, String key, int fallback, int min) throws ConfigException {
        long value = config.integer(key, fallback);
        if (value < min || value > Integer.MAX_VALUE) {
            throw new ConfigException(key, "'" + key + "' must be at least " + min + ", was " + value);
        }
        return (int) value;
    }
}
