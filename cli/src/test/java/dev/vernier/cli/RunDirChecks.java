package dev.vernier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;

/** What the fault, soak and resume tests check in a run directory. */
final class RunDirChecks {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The files every finished run writes with the default formats. */
    static final List<String> REPORT_FILES = List.of(
            "samples.jsonl",
            "samples.csv",
            "summary.csv",
            "result.json",
            "index.html",
            "junit.xml",
            "summary.md",
            "run.json");

    private RunDirChecks() {}

    /** The one directory under {@code runs}. */
    static Path onlyRunDir(Path runs) throws IOException {
        try (Stream<Path> dirs = Files.list(runs)) {
            List<Path> all = dirs.toList();
            assertThat(all).as("run directories under " + runs).hasSize(1);
            return all.get(0);
        }
    }

    /**
     * The samples of the journal: every line must be a JSON object; lines with an {@code "event"} member
     * (the run's events: an attempt started or ended, a step finished) are parsed and left out. A last
     * line without its line end is left out when {@code allowTornLastLine} (a process killed mid-write),
     * else it must parse too.
     */
    static List<JsonNode> journal(Path dir, boolean allowTornLastLine) throws IOException {
        String text = strictUtf8(dir.resolve("samples.jsonl"));
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        String last = lines.remove(lines.size() - 1); // after the final line end: "" when whole
        if (!last.isEmpty() && !allowTornLastLine) {
            lines.add(last);
        }
        List<JsonNode> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                throw new AssertionError("samples.jsonl line " + (i + 1) + " is not JSON: " + e.getMessage(), e);
            }
            assertThat(node).as("samples.jsonl line %d", i + 1).isNotNull();
            assertThat(node.isObject())
                    .as("samples.jsonl line %d is an object", i + 1)
                    .isTrue();
            if (!node.has("event")) {
                samples.add(node);
            }
        }
        return samples;
    }

    /**
     * Every regular file of the directory (recursively) is valid UTF-8 (else it fails at once) and
     * contains neither the key nor a raw NUL character (collected in {@code soft}).
     */
    static void assertNoFileContains(SoftAssertions soft, Path dir, String key) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String text = strictUtf8(file);
                soft.assertThat(text.contains(key))
                        .as("%s contains the API key", file.getFileName())
                        .isFalse();
                soft.assertThat(text.indexOf('\0') >= 0)
                        .as("%s contains a raw NUL", file.getFileName())
                        .isFalse();
            }
        }
    }

    /** The file decoded as UTF-8, failing on any malformed sequence (e.g. an encoded lone surrogate). */
    static String strictUtf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError(file.getFileName() + " is not valid UTF-8: " + e, e);
        }
    }

    /** Whether the text has a UTF-16 surrogate without its partner. */
    static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
