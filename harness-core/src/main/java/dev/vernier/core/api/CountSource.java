package dev.vernier.core.api;

/** Where a token count came from. Every count carries one, so a reader knows how far to trust it. */
public enum CountSource {
    /** Reported by an API in its usage block. */
    SERVER_USAGE,
    /** Reported by a provider's own native statistics (e.g. Ollama's eval_count). */
    PROVIDER_NATIVE,
    /** Counted here with the model's own tokenizer. */
    LOCAL_TOKENIZER,
    /** Estimated (for example characters / 4). */
    ESTIMATE,
    /**
     * Counted here, one per streamed content chunk, because the provider reported no count: exact for
     * servers that stream one token per chunk, an undercount for those that batch several.
     */
    CHUNK_COUNT,
    /** Not known. */
    UNKNOWN
}
