package dev.vernier.core.api;

/** How a model is reached. The open-vs-proprietary comparison is organised around this. */
public enum AccessMode {
    /** Weights loaded into this JVM's process (for example llama.cpp through JNI). */
    IN_PROCESS,
    /** A server the user runs (Ollama, vLLM, llama.cpp server, LM Studio). */
    SELF_HOSTED_SERVER,
    /** A vendor's paid API (OpenAI, Anthropic, Gemini). */
    PROPRIETARY_API
}
