package dev.vernier.provider.llamacpp;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's test models live: {@code -Dvernier.shared.models}, else {@code ../../../shared/models}. */
final class SharedModels {

    private SharedModels() {
    }

    static Path stories260K() {
        String configured = System.getProperty("vernier.shared.models");
        Path dir = configured != null ? Path.of(configured) : Path.of("../../../shared/models");
        Path file = dir.resolve("stories260K.gguf").toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("test model missing: " + file
                    + " (set -Dvernier.shared.models to the folder holding stories260K.gguf)");
        }
        return file;
    }
}
