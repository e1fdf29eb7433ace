package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.Secrets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class HttpFailuresTest {

    private final HttpFailures failures = HttpFailures.of(
                    "acme", URI.create("http://127.0.0.1:8080/v1"), "check ACME_KEY")
            .withQuotaMarkers("insufficient_quota");

    @Test
    void statuses_map_to_kinds_with_the_right_retryability() {
        assertKind(failures.status(401, ""), FailureKind.AUTHENTICATION, false);
        assertKind(failures.status(403, ""), FailureKind.AUTHENTICATION, false);
        assertKind(failures.status(404, ""), FailureKind.NOT_FOUND, false);
        assertKind(failures.status(429, "{\"error\":{\"message\":\"slow down\"}}"), FailureKind.RATE_LIMITED, true);
        assertKind(
                failures.status(429, "{\"error\":{\"code\":\"insufficient_quota\"}}"), FailureKind.RATE_LIMITED, false);
        assertKind(failures.status(500, null), FailureKind.SERVER_ERROR, true);
        assertKind(failures.status(503, "overloaded"), FailureKind.SERVER_ERROR, true);
        assertKind(failures.status(400, ""), FailureKind.HTTP_STATUS, false);
        assertKind(failures.status(408, ""), FailureKind.HTTP_STATUS, true);
        assertThat(failures.status(503, "").httpStatus()).isEqualTo(503);
    }

    @Test
    void messages_name_label_server_and_detail_and_the_auth_fix() {
        Failure failure = failures.status(401, "{\"error\":{\"message\":\"Incorrect API key\"}}");

        assertThat(failure.message())
                .isEqualTo("acme: HTTP 401 from 127.0.0.1:8080: Incorrect API key (check ACME_KEY)");
    }

    @Test
    void registered_keys_are_redacted_from_server_text() {
        Secrets.register("plain-secret-value-123");

        Failure failure = failures.status(403, "{\"error\":\"key plain-secret-value-123 refused\"}");

        assertThat(failure.message()).doesNotContain("plain-secret-value-123").contains("[REDACTED]");
    }

    @Test
    void error_detail_reads_common_json_shapes_and_clips_raw_text() {
        assertThat(HttpFailures.errorDetail("{\"error\":{\"message\":\"m1\"}}")).isEqualTo("m1");
        assertThat(HttpFailures.errorDetail("{\"error\":\"m2\"}")).isEqualTo("m2");
        assertThat(HttpFailures.errorDetail("{\"message\":\"m3\"}")).isEqualTo("m3");
        assertThat(HttpFailures.errorDetail("plain\ntext")).isEqualTo("plain text");
        assertThat(HttpFailures.errorDetail("x".repeat(1000))).hasSize(HttpFailures.MAX_DETAIL + 3);
        assertThat(HttpFailures.errorDetail(null)).isEmpty();
    }

    @Test
    void transport_errors_map_to_connection_and_timeout() {
        Duration connect = Duration.ofSeconds(3);
        Failure refused =
                failures.transport(new CompletionException(new IOException("x", new ConnectException())), connect);
        assertKind(refused, FailureKind.CONNECTION, false);
        assertThat(refused.message()).contains("127.0.0.1:8080");
        assertKind(failures.transport(new IOException("Connection reset"), connect), FailureKind.CONNECTION, true);
        Failure slow = failures.transport(new HttpConnectTimeoutException("t"), connect);
        assertKind(slow, FailureKind.CONNECTION, true);
        assertThat(slow.message()).contains("3000 ms");
        assertThat(failures.transport(new CancellationException(), connect).kind())
                .isEqualTo(FailureKind.TIMEOUT);
        assertThat(failures.transport(new IllegalStateException("bug"), connect).kind())
                .isEqualTo(FailureKind.PROVIDER_ERROR);
    }

    private static void assertKind(Failure failure, FailureKind kind, boolean retryable) {
        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.retryable()).as("retryable for " + kind).isEqualTo(retryable);
    }
}
