package dev.vernier.benchmarks.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Node scripts of this package's resources run as servers of their own ({@code node <script> <args>}).
 * Needs {@code node} on the PATH (Debian: {@code apt-get install nodejs}).
 */
final class NodeStub {

    private NodeStub() {}

    /**
     * Starts {@code script} (a resource next to this class) with {@code args} and waits until it
     * listens.
     */
    static ServerProcess start(String script, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(extract(Files.createTempDirectory("vernier-node"), script).toString());
        command.addAll(args);
        return ServerProcess.launch(command, script);
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
