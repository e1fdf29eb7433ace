package dev.vernier.core.model;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Finds a model file from what a suite says: a path, a bare name looked up in the models
 * directories, or an {@code https://} URL with its sha256, downloaded once into the cache.
 *
 * <p>Search order for a name: {@code $VERNIER_MODELS_PATH} (entries separated by the path
 * separator) when set, otherwise {@code ./models} and {@code ~/.cache/vernier/models}. The download cache is {@code $VERNIER_CACHE_DIR} or
 * {@code ~/.cache/vernier/models}.
 */
public final class ModelLocator {

    public static final String MODELS_PATH_ENV = "VERNIER_MODELS_PATH";
    public static final String CACHE_DIR_ENV = "VERNIER_CACHE_DIR";

    private final UnaryOperator<String> env;
    private final Path workingDir;
    private final Path home;

    public ModelLocator(UnaryOperator<String> env, Path workingDir, Path home) {
        this.env = env;
        this.workingDir = workingDir;
        this.home = home;
    }

    public static ModelLocator standard() {
        return new ModelLocator(System::getenv, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    public static boolean isUrl(String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /** Directories searched for a bare model name, in order. */
    public List<Path> searchPath() {
        String custom = env.apply(MODELS_PATH_ENV);
        List<Path> dirs = new ArrayList<>();
        if (custom != null && !custom.isBlank()) {
            for (String part : custom.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    dirs.add(workingDir.resolve(part.trim()).normalize());
                }
            }
            return dirs;
        }
        dirs.add(workingDir.resolve("models").normalize());
        dirs.add(cacheDir());
        return dirs;
    }

    public Path cacheDir() {
        String custom = env.apply(CACHE_DIR_ENV);
        return custom != null && !custom.isBlank()
                ? workingDir.resolve(custom).normalize()
                : home.resolve(".cache/vernier/models");
    }

    /**
     * Resolves a local model: a path (absolute, or relative to {@code baseDir} or the working
     * directory) or a name in the search path, with or without {@code .gguf}.
     *
     * @throws ModelNotFoundException listing every place looked at
     */
    public Path findLocal(String spec, Path baseDir) throws ModelNotFoundException {
        List<Path> tried = new ArrayList<>();
        Path given = Path.of(spec);
        List<Path> candidates = new ArrayList<>();
        if (given.isAbsolute()) {
            candidates.add(given);
        } else {
            if (baseDir != null) {
                candidates.add(baseDir.resolve(given).normalize());
            }
            candidates.add(workingDir.resolve(given).normalize());
            if (given.getNameCount() == 1) {
                for (Path dir : searchPath()) {
                    candidates.add(dir.resolve(spec));
                    if (!spec.endsWith(".gguf")) {
                        candidates.add(dir.resolve(spec + ".gguf"));
                    }
                }
            }
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            if (!tried.contains(candidate)) {
                tried.add(candidate);
            }
        }
        throw new ModelNotFoundException("model file '" + spec + "' not found; looked at " + tried
                + ". Fix: give an existing path, put the file in one of those folders, set "
                + MODELS_PATH_ENV + ", or give 'url:' and 'sha256:' to download it.");
    }

    /**
     * Returns the cached copy of a URL's file, downloading it first when absent. The download goes
     * to a temporary file beside the target and is moved into place only when its sha256 matches,
     * so a failed or wrong download never leaves a file that looks like a model.
     */
    public Path download(URI url, String expectedSha256, HttpClient client) throws IOException {
        String expected = expectedSha256 == null ? "" : expectedSha256.trim().toLowerCase(Locale.ROOT);
        if (!expected.matches("[0-9a-f]{64}")) {
            throw new IOException("sha256 for " + url + " must be 64 hex digits, was '" + expectedSha256
                    + "'. Fix: copy the digest from the model's download page.");
        }
        String name = Path.of(url.getPath()).getFileName() == null
                ? "model.gguf"
                : Path.of(url.getPath()).getFileName().toString();
        Path dir = cacheDir();
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target) && sha256(target).equals(expected)) {
            return target;
        }
        Path part = Files.createTempFile(dir, name + ".", ".part");
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofMinutes(30))
                    .GET()
                    .build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException(
                        "download of " + url + " answered HTTP " + response.statusCode() + ". Fix: check the URL.");
            }
            MessageDigest digest = newDigest();
            try (InputStream in = new DigestInputStream(response.body(), digest);
                    OutputStream out = Files.newOutputStream(part)) {
                in.transferTo(out);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expected)) {
                throw new IOException("download of " + url + " has sha256 " + actual + " but the suite expects "
                        + expected + "; the file was discarded. Fix: check the URL and the digest.");
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " interrupted", e);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    /** No model file where the suite said. */
    public static final class ModelNotFoundException extends IOException {
        public ModelNotFoundException(String message) {
            super(message);
        }
    }
}
