package dev.vernier.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's embedded default model for tests: {@code models/stories260K.gguf} at the
 * repository root, found through {@code -Dvernier.models.dir} (the parent pom sets it) or by looking
 * upwards from the working directory, so a clone anywhere runs the tests with nothing beside it.
 */
public final class TestModels {

    /** sha256 of {@code models/stories260K.gguf}, as {@code models/README.md} states it. */
    public static final String STORIES_SHA256 = "270cba1bd5109f42d03350f60406024560464db173c0e387d91f0426d3bd256d";

    private TestModels() {}

    /** The folder holding the repository's models. */
    public static Path dir() {
        String configured = System.getProperty("vernier.models.dir");
        if (configured != null && Files.isRegularFile(Path.of(configured, "stories260K.gguf"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("models/stories260K.gguf"))) {
                return d.resolve("models");
            }
        }
        throw new IllegalStateException("the repository's models/stories260K.gguf was not found from "
                + Path.of("").toAbsolutePath() + " (set -Dvernier.models.dir to the folder holding it)");
    }

    /** {@code models/stories260K.gguf}. */
    public static Path stories260K() {
        return dir().resolve("stories260K.gguf");
    }
}
