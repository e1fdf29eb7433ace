package dev.vernier.provider.llamacpp;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import dev.vernier.core.api.ConfigException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/** A {@code threads: auto} candidate: the model loaded with one thread count, a small context and one slot. */
final class DecodeProbe implements ThreadTuning.Probe {

    /** Context of a candidate: the probe prompt and {@link ThreadTuning#PROBE_TOKENS} pieces fit. */
    static final int CONTEXT = 512;

    private static final int SEED = 42;

    private final LlamaModel model;

    private DecodeProbe(LlamaModel model) {
        this.model = model;
    }

    /** Loads the model with the settings' attention and GPU layers and {@code threads} threads. */
    static DecodeProbe load(Path file, LlamaCppSettings settings, int threads) throws ConfigException {
        return new DecodeProbe(LlamaModels.open(
                file,
                LlamaModels.parameters(file, settings, threads)
                        .setCtxSize(CONTEXT)
                        .setParallel(1)
                        // The first round's prompt pass warms the model up.
                        .skipWarmup()));
    }

    @Override
    public void decode(int maxPieces, BooleanSupplier onPiece) {
        InferenceParameters parameters = new InferenceParameters(ThreadTuning.PROBE_PROMPT)
                .setTemperature(0)
                .setSeed(SEED)
                .setNPredict(maxPieces)
                .setIgnoreEos(true)
                .setCachePrompt(false);
        LlamaIterator iterator = model.generate(parameters).iterator();
        while (iterator.hasNext()) {
            LlamaOutput output = iterator.next();
            if (!output.text.isEmpty() && !onPiece.getAsBoolean()) {
                if (iterator.hasNext()) {
                    iterator.cancel();
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
