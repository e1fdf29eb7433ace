package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = RetryPolicy.standard(3);

    @Test
    void backoff_is_half_the_exponential_step_plus_jitter_up_to_the_cap() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            assertThat(policy.backoffMillis(1, random)).isBetween(100L, 200L);
            assertThat(policy.backoffMillis(3, random)).isBetween(400L, 800L);
            assertThat(policy.backoffMillis(12, random)).isBetween(2_500L, 5_000L);
            assertThat(policy.backoffMillis(64, random)).isBetween(2_500L, 5_000L);
        }
    }

    @Test
    void the_same_seed_gives_the_same_delays() {
        Random a = new Random(7);
        Random b = new Random(7);
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(policy.delayMillis(attempt, -1, a)).isEqualTo(policy.delayMillis(attempt, -1, b));
        }
    }

    @Test
    void retry_after_replaces_the_backoff() {
        assertThat(policy.delayMillis(1, 1_000, new Random(1))).isEqualTo(1_000);
        assertThat(policy.delayMillis(2, 0, new Random(1))).isZero();
    }

    @Test
    void a_zero_base_never_waits() {
        RetryPolicy instant = new RetryPolicy(2, Duration.ZERO, Duration.ZERO);
        assertThat(instant.backoffMillis(5, new Random(3))).isZero();
    }

    @Test
    void only_retryable_http_failures_before_content_with_retries_left_are_retried() {
        Failure serverError = new Failure(FailureKind.SERVER_ERROR, 503, true, "x");
        assertThat(policy.shouldRetry(serverError, 1, 0)).isTrue();
        assertThat(policy.shouldRetry(serverError, 3, 0)).isTrue();
        assertThat(policy.shouldRetry(serverError, 4, 0))
                .as("retries exhausted")
                .isFalse();
        assertThat(policy.shouldRetry(serverError, 1, 2))
                .as("content already streamed")
                .isFalse();
        assertThat(policy.shouldRetry(new Failure(FailureKind.AUTHENTICATION, 401, false, "x"), 1, 0))
                .isFalse();
        assertThat(policy.shouldRetry(new Failure(FailureKind.CONNECTION, 0, true, "x"), 1, 0))
                .as("no HTTP status")
                .isFalse();
        assertThat(policy.shouldRetry(null, 1, 0)).isFalse();
        assertThat(RetryPolicy.standard(0).shouldRetry(serverError, 1, 0)).isFalse();
    }

    @Test
    void retry_after_reads_milliseconds_seconds_and_dates_and_caps_them() {
        ZonedDateTime now = ZonedDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        String inFiveSeconds = now.plusSeconds(5).format(DateTimeFormatter.RFC_1123_DATE_TIME);

        assertThat(RetryAfter.parse("250", "9", now)).as("retry-after-ms wins").isEqualTo(250);
        assertThat(RetryAfter.parse(null, "1", now)).isEqualTo(1_000);
        assertThat(RetryAfter.parse(null, "1.5", now)).isEqualTo(1_500);
        assertThat(RetryAfter.parse(null, inFiveSeconds, now)).isEqualTo(5_000);
        assertThat(RetryAfter.parse(null, "3600", now)).isEqualTo(RetryAfter.CAP.toMillis());
        assertThat(RetryAfter.parse(null, null, now)).isEqualTo(-1);
        assertThat(RetryAfter.parse(null, "soon", now)).isEqualTo(-1);
    }
}
