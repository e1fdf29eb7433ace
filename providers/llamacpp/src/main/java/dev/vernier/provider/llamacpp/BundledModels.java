package dev.vernier.provider.llamacpp;

import dev.vernier.core.model.ModelLocator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Models that ship inside this module's jar (see {@code models/README.md} in the repository): a bare
 * name such as {@code stories260K} resolves to one of them when no models folder has the file, so a
 * user of the published artifacts or the Maven plugin runs the embedded default with no download.
 * The jar's copy is unpacked once into the model cache; its sha256 is checked on every unpacking and
 * before a cached copy is reused.
 */
final class BundledModels {

    /** Where the build puts the repository's {@code models/*.gguf} on the class path. */
    static final String RESOURCE_DIR = "/dev/vernier/provider/llamacpp/models/";

    /** Bundled file name to its sha256 (from {@code models/README.md}). */
    static final Map<String, String> SHA256 =
            Map.of("stories260K.gguf", "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d");

    private BundledModels() {}

    /** The bundled file a suite's {@code model:} names, when it is a bare name of one. */
    static Optional<String> fileFor(String spec) {
        if (spec == null || spec.contains("/") || spec.contains("\\")) {
            return Optional.empty();
        }
        String file = spec.toLowerCase(Locale.ROOT).endsWith(".gguf") ? spec : spec + ".gguf";
        return SHA256.keySet().stream().filter(f -> f.equalsIgnoreCase(file)).findFirst();
    }

    /**
     * The bundled model unpacked into {@code cacheDir} (reused when a copy with the right digest is
     * already there).
     *
     * @throws IOException when the jar lacks the file or the copy does not match its digest
     */
    static Path unpack(String file, Path cacheDir) throws IOException {
        String expected = SHA256.get(file);
        if (expected == null) {
            throw new IOException("no bundled model named " + file);
        }
        Path target = cacheDir.resolve(file);
        if (Files.isRegularFile(target) && ModelLocator.sha256(target).equals(expected)) {
            return target;
        }
        Files.createDirectories(cacheDir);
        Path part = Files.createTempFile(cacheDir, file + ".", ".part");
        try {
            try (InputStream in = BundledModels.class.getResourceAsStream(RESOURCE_DIR + file)) {
                if (in == null) {
                    throw new IOException("the bundled model " + file + " is missing from the class path ("
                            + RESOURCE_DIR + file + "); the llamacpp jar was built without the repository's models/");
                }
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = ModelLocator.sha256(part);
            if (!actual.equals(expected)) {
                throw new IOException("the bundled model " + file + " has sha256 " + actual + ", expected " + expected
                        + "; the jar is damaged");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
