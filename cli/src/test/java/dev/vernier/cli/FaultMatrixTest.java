package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vernier.core.api.FailureKind;
import dev.vernier.testkit.Fault;
import dev.vernier.testkit.FaultDialect;
import dev.vernier.testkit.FaultPlan;
import dev.vernier.testkit.FaultServer;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every HTTP provider dialect against every {@link Fault}, through the real {@code vernier run} command:
 * the run ends within its bound, the journal has exactly one JSON line per planned request, the failure
 * kind is the one the fault determines, and the API key appears in no file of the run directory (nor on
 * the console), even when the server streams it back.
 */
class FaultMatrixTest {

    private static final String KEY = "vk-fault-3c9e71d4a8b25f06e1";
    private static final String KEY_ENV = "VERNIER_FAULT_KEY";
    private static final int REQUESTS = 3;
    /** The per-request timeout of most cases: faults that time out cost this much. */
    private static final long TIMEOUT_MS = 1_500;
    /**
     * The timeout of cases whose successful streams are slow to move on a busy machine (three 10 MB lines
     * at once, or a stream written byte by byte).
     */
    private static final long SLOW_STREAM_TIMEOUT_MS = 6_000;

    private static final int MAX_RETRIES = 1;
    /** Start-up, report writing and a loaded 2-core machine, on top of the time the faults may take. */
    private static final long OVERHEAD_MS = 12_000;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static Stream<Arguments> matrix() {
        List<Arguments> all = new ArrayList<>();
        for (FaultDialect dialect : FaultDialect.values()) {
            for (Fault fault : Fault.values()) {
                all.add(Arguments.of(dialect, fault));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("matrix")
    void every_fault_ends_as_one_journaled_sample_per_request_and_the_key_stays_out_of_every_file(
            FaultDialect dialect, Fault fault) throws Exception {
        FaultPlan plan = fault == Fault.RATE_LIMITED_SHORT ? FaultPlan.firstAttempt(fault) : FaultPlan.always(fault);
        try (FaultServer server = new FaultServer(dialect, plan)) {
            Path suite = suite(dialect, fault, server.baseUrl());
            // all requests run at once, so the run takes one request's worst case: every attempt timing out
            Duration bound = Duration.ofMillis(OVERHEAD_MS + timeoutMs(fault) * (1 + MAX_RETRIES));

            int code = assertTimeoutPreemptively(
                    bound, () -> vernier(suite), () -> "run did not end within " + bound + "; stderr so far: " + err);

            assertThat(code).as(err.toString()).isIn(0, 1);
            Path dir = RunDirChecks.onlyRunDir(tmp.resolve("runs"));
            for (String file : RunDirChecks.REPORT_FILES) {
                assertThat(dir.resolve(file)).as(err.toString()).isRegularFile();
            }
            List<JsonNode> samples = RunDirChecks.journal(dir, false);
            assertThat(samples).as("one journal line per planned request").hasSize(REQUESTS);
            assertThat(samples.stream().map(s -> s.path("case").asText())).containsExactlyInAnyOrder("c0", "c1", "c2");
            assertThat(server.keysSeen()).as("the key reached the server").containsExactly(KEY);
            SoftAssertions soft = new SoftAssertions();
            for (JsonNode sample : samples) {
                assertOutcome(soft, fault, sample);
            }
            RunDirChecks.assertNoFileContains(soft, dir, KEY);
            soft.assertThat(out.toString().contains(KEY))
                    .as("stdout has the key")
                    .isFalse();
            soft.assertThat(err.toString().contains(KEY))
                    .as("stderr has the key")
                    .isFalse();
            soft.assertAll();
        }
    }

    /** What the fault determines about one sample. */
    private static void assertOutcome(SoftAssertions soft, Fault fault, JsonNode sample) {
        FailureKind expected = expectedKind(fault);
        JsonNode failure = sample.path("failure");
        String seen = failure.isObject() ? failure.path("kind").asText() : "none";
        String c = sample.path("case").asText();
        soft.assertThat(seen)
                .as("%s: failure kind (%s)", c, failure)
                .isEqualTo(expected == null ? "none" : expected.name());
        if (expected == null) {
            assertText(soft, fault, c, sample.path("text").asText());
        }
        switch (fault) {
            case RATE_LIMITED_SHORT, SERVER_ERROR ->
                soft.assertThat(sample.path("attempts").asInt())
                        .as("%s: attempts", c)
                        .isEqualTo(fault == Fault.SERVER_ERROR ? 1 + MAX_RETRIES : 2);
            case RATE_LIMITED_LONG ->
                soft.assertThat(failure.path("http_status").asInt())
                        .as("%s: http_status", c)
                        .isEqualTo(429);
            case STALL_AFTER_FIRST_TOKEN, SILENT_AFTER_ACCEPT ->
                // a request that timed out ran until it was given up
                soft.assertThat(sample.path("e2e_ms").asDouble(-1))
                        .as("%s: e2e_ms of a request given up after %d ms", c, TIMEOUT_MS)
                        .isGreaterThanOrEqualTo(TIMEOUT_MS * 0.95);
            default -> {
                // nothing more the fault determines
            }
        }
    }

    /** The failure kind a fault leaves on every sample, or null for a successful one. */
    private static FailureKind expectedKind(Fault fault) {
        return switch (fault) {
            case NONE,
                    RATE_LIMITED_SHORT,
                    HUGE_LINE,
                    BYTE_AT_A_TIME,
                    SPLIT_SURROGATES,
                    UNPAIRED_SURROGATE,
                    NUL_IN_CONTENT,
                    ECHO_KEY -> null;
            case REFUSED, RESET_BEFORE_RESPONSE, RESET_MID_STREAM -> FailureKind.CONNECTION;
            case CLOSE_WITHOUT_END, MALFORMED_CHUNK -> FailureKind.MALFORMED_RESPONSE;
            case RATE_LIMITED_LONG -> FailureKind.RATE_LIMITED;
            case SERVER_ERROR -> FailureKind.SERVER_ERROR;
            case STALL_AFTER_FIRST_TOKEN, SILENT_AFTER_ACCEPT -> FailureKind.TIMEOUT;
        };
    }

    /** The text of a successful sample: what was streamed, made journal-safe where it could not be kept. */
    private static void assertText(SoftAssertions soft, Fault fault, String c, String text) {
        switch (fault) {
            case UNPAIRED_SURROGATE, NUL_IN_CONTENT -> {
                // the lone surrogate or NUL is replaced; the text around it is kept
                soft.assertThat(RunDirChecks.hasLoneSurrogate(text))
                        .as("%s: lone surrogate in the text", c)
                        .isFalse();
                soft.assertThat(text.indexOf('\0') >= 0)
                        .as("%s: NUL in the text", c)
                        .isFalse();
                soft.assertThat(text).as("%s: text", c).startsWith("Hello").endsWith(" server");
            }
            case ECHO_KEY -> soft.assertThat(text).as("%s: text", c).startsWith("Your key is ");
            default -> soft.assertThat(text).as("%s: text", c).isEqualTo(FaultServer.streamedText(fault, KEY));
        }
    }

    private static long timeoutMs(Fault fault) {
        return fault == Fault.HUGE_LINE || fault == Fault.BYTE_AT_A_TIME ? SLOW_STREAM_TIMEOUT_MS : TIMEOUT_MS;
    }

    private int vernier(Path suite) {
        return FaultSuites.run(out, err, Map.of(KEY_ENV, KEY), suite, tmp.resolve("runs"));
    }

    private Path suite(FaultDialect dialect, Fault fault, String baseUrl) throws IOException {
        String name = "faults-" + dialect.providerType() + "-" + fault.name().toLowerCase(Locale.ROOT);
        StringBuilder yaml = FaultSuites.head(name, "Fault test", REQUESTS)
                .append("concurrency: ")
                .append(REQUESTS)
                .append("\ntimeout_ms: ")
                .append(timeoutMs(fault))
                .append("\nproviders:\n")
                .append(FaultSuites.provider(dialect, "faulty", baseUrl, KEY_ENV, MAX_RETRIES));
        return FaultSuites.write(tmp.resolve("faults.yaml"), yaml);
    }
}
