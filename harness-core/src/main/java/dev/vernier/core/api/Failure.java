package dev.vernier.core.api;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A failed request, as data. Messages must already be free of secrets; use {@link Secrets#redact}.
 *
 * @param kind       class of failure
 * @param httpStatus HTTP status when there was one, else 0
 * @param retryable  whether retrying could succeed
 * @param message    human-readable explanation, secrets removed
 */
public record Failure(FailureKind kind, int httpStatus, boolean retryable, String message) {

    public Failure {
        Objects.requireNonNull(kind, "kind");
        message = message == null ? "" : message;
    }

    public static Failure of(FailureKind kind, String message) {
        return new Failure(kind, 0, false, message);
    }

    /** Turns an exception thrown by provider code into a failure; the message is redacted. */
    public static Failure fromException(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null
                && root.getCause() != root
                && (root instanceof CompletionException || root instanceof ExecutionException)) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return new Failure(FailureKind.PROVIDER_ERROR, 0, false, Secrets.redact(text));
    }
}
