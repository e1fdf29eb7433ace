package dev.vernier.scoring.similarity;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.function.Supplier;

/**
 * The all-MiniLM-L6-v2 sentence embedding model (384 dimensions), run in process with ONNX Runtime from
 * the model file bundled in langchain4j's jar: nothing is downloaded. The model is loaded on first use,
 * once per JVM, by whichever thread gets there first; the others wait for it. A failed load is
 * remembered and reported again on every later call instead of being retried per output.
 */
final class MiniLmEmbedder implements Embedder {

    static final String MODEL_NAME = "all-MiniLM-L6-v2";

    private static final MiniLmEmbedder SHARED = new MiniLmEmbedder(AllMiniLmL6V2EmbeddingModel::new);

    private final Supplier<EmbeddingModel> loader;
    private final Object lock = new Object();
    private volatile EmbeddingModel model;
    private volatile RuntimeException loadFailure;
    private volatile long loadNanos = -1;

    MiniLmEmbedder(Supplier<EmbeddingModel> loader) {
        this.loader = loader;
    }

    /** The JVM-wide instance. */
    static MiniLmEmbedder shared() {
        return SHARED;
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public float[] embed(String text) {
        float[] vector = model().embed(text).content().vector();
        if (vector == null || vector.length == 0) {
            throw new IllegalStateException(MODEL_NAME + " returned an empty embedding");
        }
        return vector;
    }

    /** How long loading the model took, in nanoseconds; -1 while it is not loaded. */
    long loadNanos() {
        return loadNanos;
    }

    /** Whether the model has been loaded successfully. */
    boolean loaded() {
        return model != null;
    }

    private EmbeddingModel model() {
        EmbeddingModel m = model;
        if (m != null) {
            return m;
        }
        synchronized (lock) {
            if (model != null) {
                return model;
            }
            if (loadFailure != null) {
                throw loadFailure;
            }
            long start = System.nanoTime();
            try {
                EmbeddingModel loadedModel = loader.get();
                loadNanos = System.nanoTime() - start;
                model = loadedModel;
                return loadedModel;
            } catch (RuntimeException | LinkageError e) {
                loadFailure = new IllegalStateException(
                        "could not load the " + MODEL_NAME + " embedding model ("
                                + e.getClass().getSimpleName() + ": " + e.getMessage()
                                + "); it needs ONNX Runtime's natives "
                                + "(bundled for Linux x86_64/aarch64, macOS and Windows) and about 200 MB of heap",
                        e);
                throw loadFailure;
            }
        }
    }
}
