package dev.vernier.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Node script of this package's resources run as a server process of its own ({@code node
 * <script> <args>}), its address read from the line it prints when it listens. Needs {@code node}
 * on the PATH (Debian: {@code apt-get install nodejs}).
 */
final class NodeStub implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("(https?://127\\.0\\.0\\.1:\\d+)");

    private final Process process;
    private final String origin;
    private final Thread reaper;

    private NodeStub(Process process, String origin, Thread reaper) {
        this.process = process;
        this.origin = origin;
        this.reaper = reaper;
    }

    /**
     * Starts {@code script} (a resource next to this class) with {@code args} and waits until it
     * listens.
     */
    static NodeStub start(String script, List<String> args) throws Exception {
        Path dir = Files.createTempDirectory("vernier-node");
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(extract(dir, script).toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // a benchmark stopped with Ctrl-C must not leave its server behind
        Thread reaper = new Thread(process::destroyForcibly, "node-stub-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            return new NodeStub(process, origin(process, script), reaper);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:40123}. */
    String origin() {
        return origin;
    }

    /** The OpenAI-style base URL, {@link #origin()} + {@code /v1}. */
    String openAiBaseUrl() {
        return origin + "/v1";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // shutting down
        }
    }

    private static String origin(Process server, String script) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> origin = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        String line;
                        while ((line = out.readLine()) != null) {
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                origin.complete(m.group(1));
                            } else if (!origin.isDone()) {
                                System.err.println(script + ": " + line);
                            }
                        }
                    } catch (IOException e) {
                        // ended
                    }
                    origin.completeExceptionally(new IOException(script + " ended before listening"));
                },
                "node-stub-output");
        reader.setDaemon(true);
        reader.start();
        return origin.get(30, TimeUnit.SECONDS);
    }

    /** Copies the resource {@code name} (next to this class) into {@code dir}. */
    static Path extract(Path dir, String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = NodeStub.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        return file;
    }
}
