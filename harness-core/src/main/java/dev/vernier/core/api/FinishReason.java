package dev.vernier.core.api;

/** Why generation ended. */
public enum FinishReason {
    /** The model emitted an end-of-sequence token or a stop string. */
    STOP,
    /** The max-tokens limit was reached. */
    LENGTH,
    /** The provider filtered the content. */
    CONTENT_FILTER,
    /** The model asked for a tool call. */
    TOOL_CALL,
    /** The request failed or timed out; see the sample's failure. */
    ERROR,
    /** The stream ended without saying why. */
    UNKNOWN
}
