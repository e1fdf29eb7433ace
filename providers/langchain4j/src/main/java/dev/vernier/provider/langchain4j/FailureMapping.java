package dev.vernier.provider.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.Secrets;
import dev.vernier.provider.http.HttpFailures;
import java.io.IOException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns what a langchain4j model reports through {@code onError} (or throws) into a {@link Failure},
 * with the same kinds, retry flags and messages as Vernier's native HTTP providers: the causes are
 * searched for the facts langchain4j keeps (an {@link HttpException}'s status and body, a JSON parse
 * error, the JDK's I/O and timeout exceptions) and each goes through {@link HttpFailures}; only when
 * none is found does langchain4j's own exception type decide. Every message is redacted.
 */
final class FailureMapping {

    private final HttpFailures failures;
    private final Duration connectTimeout;

    /**
     * @param failures       how failures read (label, server, how to fix a refused key)
     * @param connectTimeout the connect limit in force, for messages
     */
    FailureMapping(HttpFailures failures, Duration connectTimeout) {
        this.failures = Objects.requireNonNull(failures, "failures");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    HttpFailures failures() {
        return failures;
    }

    /** The failure {@code error} stands for. */
    Failure of(Throwable error) {
        HttpException http = find(error, HttpException.class);
        if (http != null) {
            return failures.status(http.statusCode(), http.getMessage());
        }
        JsonProcessingException json = find(error, JsonProcessingException.class);
        if (json != null) {
            return failures.malformed("a chunk is not valid JSON: " + HttpFailures.clip(json.getOriginalMessage()));
        }
        IOException io = find(error, IOException.class);
        if (io != null) {
            return failures.transport(io, connectTimeout);
        }
        if (find(error, UnresolvedAddressException.class) != null || error instanceof UnresolvedModelServerException) {
            return new Failure(
                    FailureKind.CONNECTION, 0, false, failures.label() + ": cannot resolve " + failures.host());
        }
        return byType(error);
    }

    /** langchain4j's own exception types, when no cause says more (a client other than the JDK's). */
    private Failure byType(Throwable error) {
        String text = message(error);
        if (error instanceof AuthenticationException) {
            return new Failure(FailureKind.AUTHENTICATION, 0, false, text);
        }
        if (error instanceof RateLimitException) {
            return new Failure(FailureKind.RATE_LIMITED, 429, true, text);
        }
        if (error instanceof ModelNotFoundException) {
            return new Failure(FailureKind.NOT_FOUND, 0, false, text);
        }
        if (error instanceof InternalServerException) {
            return new Failure(FailureKind.SERVER_ERROR, 0, true, text);
        }
        if (error instanceof InvalidRequestException) {
            return new Failure(FailureKind.HTTP_STATUS, 0, false, text);
        }
        if (error instanceof TimeoutException) {
            return new Failure(FailureKind.TIMEOUT, 0, true, text);
        }
        return new Failure(FailureKind.PROVIDER_ERROR, 0, false, text);
    }

    /** {@code "<label>: <ExceptionType>: <message>"}, redacted and clipped. */
    private String message(Throwable error) {
        String detail = error.getMessage() == null ? "" : ": " + HttpFailures.clip(error.getMessage());
        return Secrets.redact(failures.label() + ": " + error.getClass().getSimpleName() + detail);
    }

    /** The first throwable of type {@code type} in the cause chain of {@code error}, or null. */
    static <T extends Throwable> T find(Throwable error, Class<T> type) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
