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
    UNKNOWN;

    /**
     * The less trustworthy of two sources, for a count derived from both (e.g. answer tokens = a
     * server's output count less a chunk-counted reasoning): the exact ones (usage, native, tokenizer)
     * before {@link #CHUNK_COUNT}, before {@link #ESTIMATE}, before {@link #UNKNOWN}.
     */
    public static CountSource weaker(CountSource a, CountSource b) {
        return trust(a) <= trust(b) ? a : b;
    }

    private static int trust(CountSource s) {
        return switch (s) {
            case SERVER_USAGE, PROVIDER_NATIVE, LOCAL_TOKENIZER -> 3;
            case CHUNK_COUNT -> 2;
            case ESTIMATE -> 1;
            case UNKNOWN -> 0;
        };
    }
}
