package dev.vernier.core.journal;

import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.Sample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code samples.jsonl}: one JSON object per completed sample, appended and flushed as each
 * completes, so a crash loses at most the requests still in flight.
 */
public final class Journal implements RunListener, AutoCloseable {

    private final Path file;
    private final BufferedWriter out;

    public Journal(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void sampleCompleted(Sample sample) {
        try {
            out.write(SampleJson.write(sample));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /**
     * Reads every sample of a journal. A torn last line (a crash mid-write) is skipped; a bad line
     * elsewhere is an error naming its line number.
     */
    public static List<Sample> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                samples.add(SampleJson.read(line));
            } catch (IllegalArgumentException e) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return samples;
    }
}
