package dev.vernier.provider.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.vernier.core.api.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;

/** Loads GGUF files into llama.cpp: the provider's model and the candidates of {@code threads: auto}. */
final class LlamaModels {

    private LlamaModels() {}

    /**
     * The parameters every load shares: the file, the thread count, no logging, flash attention and
     * GPU layers as the settings say.
     */
    static ModelParameters parameters(Path file, LlamaCppSettings settings, int threads) {
        ModelParameters parameters = new ModelParameters()
                .setModel(file.toString())
                .setThreads(threads)
                .disableLog();
        if (settings.flashAttention()) {
            parameters.enableFlashAttn();
        }
        if (settings.gpuLayers() > 0) {
            // Passed only when asked for: the CPU-only natives the jar ships warn on stderr otherwise.
            parameters.setGpuLayers(settings.gpuLayers());
        }
        return parameters;
    }

    /**
     * Loads a model.
     *
     * @throws ConfigException when llama.cpp cannot load the file or its native library is missing
     */
    static LlamaModel open(Path file, ModelParameters parameters) throws ConfigException {
        JllamaNatives.prepare();
        PrintStream stdout = System.out;
        try {
            // The library announces where it unpacked its natives on System.out; only front ends
            // may write there, so the announcement goes to stderr.
            System.setOut(System.err);
            return new LlamaModel(parameters);
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new ConfigException(
                    null,
                    "llama.cpp's native library could not be loaded on "
                            + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ": " + e
                            + ". Fix: use a platform java-llama.cpp ships natives for, or set de.kherud.llama.lib.path");
        } catch (RuntimeException e) {
            throw new ConfigException("model", "llama.cpp could not load " + file + ": " + e.getMessage());
        } finally {
            System.setOut(stdout);
        }
    }
}
