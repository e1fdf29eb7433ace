package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each machine-readable writer, given the fixed {@link Results#golden()} run, writes exactly the
 * file kept under {@code src/test/resources/golden/}. Runs under a German default locale to prove
 * the output does not depend on it. To regenerate after an intended change, run with
 * {@code -Dvernier.golden.update=true}, then read the diff.
 */
class GoldenFilesTest {

    private static final Path GOLDEN = Paths.get("src", "test", "resources", "golden");

    @TempDir
    Path dir;

    private Locale before;

    @BeforeEach
    void germanLocale() {
        before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
    }

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(before);
    }

    private String written(ReportWriter writer, String file) throws IOException {
        writer.write(Results.golden(), dir);
        String text = Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        if (Boolean.getBoolean("vernier.golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(GOLDEN.resolve(file), text, StandardCharsets.UTF_8);
        }
        return text;
    }

    private static String golden(String file) throws IOException {
        return Files.readString(GOLDEN.resolve(file), StandardCharsets.UTF_8);
    }

    @Test
    void samples_csv_matches_the_golden_file() throws IOException {
        assertThat(written(new CsvReportWriter(), "samples.csv")).isEqualTo(golden("samples.csv"));
    }

    @Test
    void summary_csv_matches_the_golden_file() throws IOException {
        assertThat(written(new CsvReportWriter(), "summary.csv")).isEqualTo(golden("summary.csv"));
    }

    /** The golden run has no recorded load steps: one closed-loop step per provider that ran. */
    @Test
    void steps_csv_matches_the_golden_file() throws IOException {
        assertThat(written(new CsvReportWriter(), "steps.csv")).isEqualTo(golden("steps.csv"));
    }

    /**
     * Byte for byte, except the compressed histogram payloads: their deflate bytes may differ between
     * zlib builds, so they are compared by decoding them (see JsonReportWriterTest).
     */
    @Test
    void result_json_matches_the_golden_file_apart_from_histogram_bytes() throws IOException {
        String json = written(new JsonReportWriter(), "result.json");
        assertThat(maskHistograms(json)).isEqualTo(maskHistograms(golden("result.json")));
        assertThat(json).contains("\"ttft\" : \"HISTF");
    }

    @Test
    void junit_xml_matches_the_golden_file() throws IOException {
        assertThat(written(new JunitReportWriter(), "junit.xml")).isEqualTo(golden("junit.xml"));
    }

    @Test
    void summary_md_matches_the_golden_file() throws IOException {
        assertThat(written(new MarkdownReportWriter(), "summary.md")).isEqualTo(golden("summary.md"));
    }

    static String maskHistograms(String json) {
        return json.replaceAll("(\"(?:ttft|e2e|tpot|itl|decode_tps)\" : )\"[A-Za-z0-9+/=]{12,}\"", "$1\"<histogram>\"");
    }
}
