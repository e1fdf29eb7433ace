package dev.vernier.provider.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.Secrets;
import dev.vernier.provider.http.HttpFailures;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What langchain4j reports, as the failure kinds, statuses and messages of the native providers. */
class FailureMappingTest {

    private final FailureMapping mapping = new FailureMapping(
            HttpFailures.of("langchain4j-openai", URI.create("http://127.0.0.1:8000/v1"), "check the key"),
            Duration.ofSeconds(10));

    @Test
    void the_status_and_body_inside_langchain4js_mapped_exception_decide() {
        Failure failure = mapping.of(new AuthenticationException(
                new HttpException(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}")));

        assertThat(failure.kind()).isEqualTo(FailureKind.AUTHENTICATION);
        assertThat(failure.httpStatus()).isEqualTo(401);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message())
                .isEqualTo(
                        "langchain4j-openai: HTTP 401 from 127.0.0.1:8000: Incorrect API key provided (check the key)");
    }

    @Test
    void a_5xx_is_a_retryable_server_error_with_its_status() {
        Failure failure = mapping.of(new InternalServerException(new HttpException(502, "bad gateway")));

        assertThat(failure.kind()).isEqualTo(FailureKind.SERVER_ERROR);
        assertThat(failure.httpStatus()).isEqualTo(502);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void a_chunk_jackson_could_not_parse_is_a_malformed_response() {
        Failure failure = mapping.of(new RuntimeException(new JsonParseException(null, "Unexpected end-of-input")));

        assertThat(failure.kind()).isEqualTo(FailureKind.MALFORMED_RESPONSE);
        assertThat(failure.message()).contains("not valid JSON").contains("Unexpected end-of-input");
    }

    @Test
    void the_jdks_timeout_under_langchain4js_is_a_timeout() {
        Failure failure = mapping.of(
                new TimeoutException(new CompletionException(new HttpTimeoutException("request timed out"))));

        assertThat(failure.kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void a_refused_connection_is_a_connection_failure_naming_the_server() {
        Failure failure = mapping.of(new CompletionException(new ConnectException("Connection refused")));

        assertThat(failure.kind()).isEqualTo(FailureKind.CONNECTION);
        assertThat(failure.retryable()).isFalse();
        assertThat(failure.message()).contains("127.0.0.1:8000");
    }

    @Test
    void an_unresolvable_host_is_a_connection_failure() {
        assertThat(mapping.of(new UnresolvedModelServerException(new UnresolvedAddressException()))
                        .kind())
                .isEqualTo(FailureKind.CONNECTION);
    }

    @Test
    void anything_else_is_a_provider_error_with_registered_keys_removed() {
        Secrets.register("vk-mapping-test-0123456789");

        Failure failure = mapping.of(new IllegalStateException("bad key vk-mapping-test-0123456789"));

        assertThat(failure.kind()).isEqualTo(FailureKind.PROVIDER_ERROR);
        assertThat(failure.message())
                .startsWith("langchain4j-openai: IllegalStateException")
                .doesNotContain("vk-mapping-test-0123456789");
    }
}
