package dev.vernier.provider.llamacpp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps java-llama.cpp away from the shared temporary folder. When its native library is first
 * loaded, it deletes every file whose name starts with {@code llama} or {@code jllama} in
 * {@code de.kherud.llama.tmpdir} (default {@code java.io.tmpdir}) and unpacks its library there.
 * Unless the property is already set, this points it at a folder private to this process.
 */
final class JllamaNatives {

    static final String TMPDIR_PROPERTY = "de.kherud.llama.tmpdir";

    private JllamaNatives() {}

    /**
     * Sets {@code de.kherud.llama.tmpdir} when unset, and creates the folder it names when missing
     * (the library does not, and then fails to find its own library). Must run before
     * {@code LlamaModel} is first touched.
     */
    static synchronized void prepare() {
        String configured = System.getProperty(TMPDIR_PROPERTY);
        if (configured != null) {
            try {
                Files.createDirectories(Path.of(configured));
            } catch (IOException | RuntimeException e) {
                // Left to the library, whose error names the folder.
            }
            return;
        }
        Path dir;
        try {
            Path base = Path.of(System.getProperty("user.home"), ".cache", "vernier", "jllama");
            Files.createDirectories(base);
            dir = Files.createTempDirectory(base, "run-");
        } catch (IOException | RuntimeException e) {
            try {
                dir = Files.createTempDirectory("vernier-jllama-");
            } catch (IOException again) {
                throw new IllegalStateException(
                        "cannot create a folder for llama.cpp's native library: " + again.getMessage() + ". Fix: set -D"
                                + TMPDIR_PROPERTY + "=<a writable folder>",
                        again);
            }
        }
        // Registered before the library registers its own file, so the folder is deleted after it.
        dir.toFile().deleteOnExit();
        System.setProperty(TMPDIR_PROPERTY, dir.toString());
    }
}
