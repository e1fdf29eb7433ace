package dev.vernier.scoring.similarity;

/** Turns a text into an embedding vector; implementations are thread-safe. */
interface Embedder {

    /** The model's name, recorded with every score. */
    String modelName();

    /**
     * The embedding of a non-empty text.
     *
     * @throws RuntimeException when the model cannot be loaded or run; the message says why
     */
    float[] embed(String text);
}
