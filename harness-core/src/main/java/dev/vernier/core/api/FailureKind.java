package dev.vernier.core.api;

/** The class of a failed request. Kept coarse so reports can group by it. */
public enum FailureKind {
    /** The whole request exceeded its time limit. */
    TIMEOUT,
    /** No first token arrived within the first-token limit. */
    FIRST_TOKEN_TIMEOUT,
    /** Could not connect, or the connection broke. */
    CONNECTION,
    /** 401 or 403: key missing or refused. */
    AUTHENTICATION,
    /** 404 or an unknown model. */
    NOT_FOUND,
    /** 429. */
    RATE_LIMITED,
    /** 5xx. */
    SERVER_ERROR,
    /** Any other unexpected HTTP status. */
    HTTP_STATUS,
    /** The response could not be parsed or ended without the expected framing. */
    MALFORMED_RESPONSE,
    /** An empty response where content was expected. */
    EMPTY_RESPONSE,
    /** The provider raised an exception. */
    PROVIDER_ERROR,
    /** The provider could not be used at all (not reachable, no key). */
    UNAVAILABLE,
    /**
     * A later turn of a conversation that was not sent because an earlier turn failed: the
     * conversation could not go on. Counted as a failed request of its turn.
     */
    NOT_RUN,
    /**
     * The harness stopped the request itself: the run was stopped (a signal, or a journal that can no
     * longer be written) while it was in flight. Not the provider's failure: a resumed run sends it
     * again, and summaries leave it out of the error rate.
     */
    CANCELLED
}
