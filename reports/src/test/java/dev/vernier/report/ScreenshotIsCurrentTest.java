package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.testing.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README shows a picture of a real report (docs/images/report.png), made by
 * docs/make-screenshot.sh, which records the sha256 of the report's sources it was made from. When
 * the HTML report changes, the picture must be made again: this test says so.
 */
class ScreenshotIsCurrentTest {

    @Test
    void the_readme_picture_was_made_from_the_html_report_as_it_is() throws IOException, NoSuchAlgorithmException {
        Path root = TestModels.dir().getParent();
        Path sources = root.resolve("docs/images/report.png.sources");
        assertThat(root.resolve("docs/images/report.png")).isRegularFile();
        List<String> recorded = Files.readAllLines(sources, StandardCharsets.UTF_8);
        assertThat(recorded).as("sources recorded by docs/make-screenshot.sh").hasSize(3);
        for (String line : recorded) {
            String[] parts = line.split("\\s+", 2);
            byte[] now = Files.readAllBytes(root.resolve("reports/src/main").resolve(parts[1].trim()));
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(now));
            assertThat(sha)
                    .as(parts[1] + " changed since docs/images/report.png was made: run docs/make-screenshot.sh")
                    .isEqualTo(parts[0]);
        }
    }
}
