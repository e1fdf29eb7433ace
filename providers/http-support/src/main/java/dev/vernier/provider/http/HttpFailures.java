package dev.vernier.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.Secrets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns what went wrong with an HTTP exchange into a {@link Failure}. Every message starts with the
 * provider's label and names the server ({@code host:port}), and passes through
 * {@link Secrets#redact} so a key echoed by a server never reaches a report.
 *
 * <p>Status mapping: 401 and 403 are {@link FailureKind#AUTHENTICATION} (not retryable, the
 * {@code authHint} appended); 404 {@link FailureKind#NOT_FOUND}; 429 {@link FailureKind#RATE_LIMITED}
 * (retryable unless the body contains one of {@code quotaMarkers}: an exhausted quota does not
 * recover by waiting); 5xx {@link FailureKind#SERVER_ERROR} (retryable); any other status
 * {@link FailureKind#HTTP_STATUS} (retryable only for 408 and 409).
 *
 * @param label        provider type used as the message prefix, e.g. {@code openai}
 * @param host         {@code host} or {@code host:port} of the server, for messages
 * @param authHint     how to fix a refused key, e.g. "check the key in OPENAI_API_KEY or api_key_file"
 * @param quotaMarkers strings that, found in a 429 body, mean the quota is exhausted (not retryable)
 */
public record HttpFailures(String label, String host, String authHint, List<String> quotaMarkers) {

    /** Longest server-provided detail kept in a message. */
    public static final int MAX_DETAIL = 300;

    public HttpFailures {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(host, "host");
        authHint = authHint == null ? "" : authHint;
        quotaMarkers = quotaMarkers == null ? List.of() : List.copyOf(quotaMarkers);
    }

    /** Failures for a server at {@code baseUrl}, with no quota markers. */
    public static HttpFailures of(String label, URI baseUrl, String authHint) {
        return new HttpFailures(label, hostOf(baseUrl), authHint, List.of());
    }

    /** The same mapping, treating a 429 whose body contains any of {@code markers} as final. */
    public HttpFailures withQuotaMarkers(String... markers) {
        return new HttpFailures(label, host, authHint, List.of(markers));
    }

    /** {@code host:port}, or the host alone when the URL has no explicit port. */
    public static String hostOf(URI url) {
        return url.getPort() > 0 ? url.getHost() + ":" + url.getPort() : url.getHost();
    }

    /** A non-2xx answer. {@code body} is the error body as read, possibly null or empty. */
    public Failure status(int status, String body) {
        String detail = errorDetail(body);
        String message =
                Secrets.redact(label + ": HTTP " + status + " from " + host + (detail.isEmpty() ? "" : ": " + detail));
        if (status == 401 || status == 403) {
            return new Failure(
                    FailureKind.AUTHENTICATION,
                    status,
                    false,
                    authHint.isEmpty() ? message : message + " (" + authHint + ")");
        }
        if (status == 404) {
            return new Failure(FailureKind.NOT_FOUND, status, false, message);
        }
        if (status == 429) {
            boolean quota = body != null && quotaMarkers.stream().anyMatch(body::contains);
            return new Failure(FailureKind.RATE_LIMITED, status, !quota, message);
        }
        if (status >= 500) {
            return new Failure(FailureKind.SERVER_ERROR, status, true, message);
        }
        return new Failure(FailureKind.HTTP_STATUS, status, status == 408 || status == 409, message);
    }

    /**
     * An exception from the transport. Connection refused is {@link FailureKind#CONNECTION}, not
     * retryable (nothing is listening); a connect timeout or a broken connection is
     * {@link FailureKind#CONNECTION}, retryable; a host name that does not resolve and a TLS handshake
     * refused for the server's certificate are {@link FailureKind#CONNECTION}, not retryable (waiting
     * does not fix them; the message says what does); a request timeout is {@link FailureKind#TIMEOUT};
     * cancellation is {@link FailureKind#TIMEOUT} (the harness gave up).
     *
     * @param connectTimeout the connect limit in force, for the message
     */
    public Failure transport(Throwable error, Duration connectTimeout) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CancellationException) {
            return Failure.of(FailureKind.TIMEOUT, label + ": request cancelled");
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new Failure(
                    FailureKind.CONNECTION,
                    0,
                    true,
                    label + ": could not connect to " + host + " within " + connectTimeout.toMillis() + " ms");
        }
        if (cause instanceof HttpTimeoutException) {
            return new Failure(FailureKind.TIMEOUT, 0, true, label + ": " + host + " timed out");
        }
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new Failure(
                        FailureKind.CONNECTION,
                        0,
                        false,
                        label + ": connection refused by " + host + " — is the server running?");
            }
        }
        if (cause instanceof UnknownHostException) {
            return new Failure(
                    FailureKind.CONNECTION,
                    0,
                    false,
                    label + ": cannot resolve the host name of " + host + " — check base_url (and the proxy settings)");
        }
        if (cause instanceof SSLException) {
            boolean certificate = cause instanceof SSLHandshakeException
                    || cause.getCause() instanceof CertificateException
                    || String.valueOf(cause.getMessage()).contains("certificate");
            String text = Secrets.redact(String.valueOf(cause.getMessage()));
            return new Failure(
                    FailureKind.CONNECTION,
                    0,
                    !certificate,
                    label + ": TLS with " + host + " failed: " + text
                            + (certificate
                                    ? " — if the server's certificate comes from a private CA, give that CA's"
                                            + " certificate (PEM) with the ca_file option"
                                    : ""));
        }
        if (cause instanceof IOException) {
            String text =
                    cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            return new Failure(
                    FailureKind.CONNECTION,
                    0,
                    true,
                    Secrets.redact(label + ": connection to " + host + " failed: " + text));
        }
        return Failure.fromException(cause);
    }

    /** The 2xx body broke the wire format (bad JSON, missing framing). Not retryable. */
    public Failure malformed(String detail) {
        return new Failure(
                FailureKind.MALFORMED_RESPONSE,
                200,
                false,
                Secrets.redact(label + ": malformed response from " + host + ": " + detail));
    }

    /** A 2xx answer with nothing in its body. Retryable (status 200), as a server may recover. */
    public Failure emptyBody() {
        return new Failure(
                FailureKind.EMPTY_RESPONSE, 200, true, label + ": " + host + " answered 200 with an empty body");
    }

    /** The server reported an error inside an otherwise good stream. Not retried. */
    public Failure streamError(String detail) {
        return new Failure(
                FailureKind.SERVER_ERROR, 0, false, Secrets.redact(label + ": error event in stream: " + clip(detail)));
    }

    /** No content within the first-token limit. */
    public Failure firstTokenTimeout(Duration limit) {
        return new Failure(
                FailureKind.FIRST_TOKEN_TIMEOUT,
                0,
                true,
                label + ": no first token from " + host + " within " + limit.toMillis() + " ms");
    }

    /** The harness gave up on the request (its sink reports cancelled). */
    public Failure abandoned() {
        return Failure.of(FailureKind.TIMEOUT, label + ": request abandoned by the harness");
    }

    /**
     * The human part of an error body, on one line and clipped: {@code error.message},
     * {@code error} as text, or a top-level {@code message} of a JSON body, else the raw text;
     * empty for no body. Not yet redacted.
     */
    public static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode node = Json.object(body);
        if (node != null) {
            JsonNode error = node.get("error");
            if (error != null && !error.isNull()) {
                return clip(errorText(error));
            }
            if (node.path("message").isTextual()) {
                return clip(node.get("message").asText());
            }
        }
        return clip(body.strip());
    }

    /** The text of an {@code error} member: itself when a string, else its {@code message}, else its JSON. */
    public static String errorText(JsonNode error) {
        if (error.isTextual()) {
            return error.asText();
        }
        String message = error.path("message").asText("");
        return message.isEmpty() ? error.toString() : message;
    }

    /** The text on one line, cut to {@link #MAX_DETAIL} characters. */
    public static String clip(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_DETAIL ? oneLine : oneLine.substring(0, MAX_DETAIL) + "...";
    }
}
