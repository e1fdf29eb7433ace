package dev.vernier.core.journal;

import dev.vernier.core.run.RunListener;
import dev.vernier.core.run.Sample;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code samples.jsonl}: one JSON object per completed sample, appended as each completes (a line is
 * handed to the operating system whole, so a crash of this process loses at most the requests still
 * in flight), and beside it {@code events.jsonl}, the run's events ({@link JournalEvent}: a run
 * attempt started or ended, a load step finished). The samples file holds samples only, one line per
 * request, so tools can read it as it is. The journal is the source of truth: reports, resume and
 * re-rendering read it.
 *
 * <p>When a line cannot be written (disk full, permissions), the journal cuts the file back to its
 * last complete line, refuses every later write, and throws a {@link JournalException} naming the
 * file and the cause; the runner stops the run at once when it sees one.
 */
public final class Journal implements RunListener, AutoCloseable {

    /** The events file beside a samples file. */
    public static final String EVENTS = "events.jsonl";

    private final Path file;
    private final Appender out;
    private final Path eventsFile;
    private Appender events;
    private long goodSize;
    private long lines;
    private JournalException failed;

    /** Opens (creating it and its folders when needed) the journal for appending. */
    public Journal(Path file) throws IOException {
        this(file, FileAppender.open(file));
    }

    /** A journal writing samples through {@code out} (tests inject a failing one). */
    Journal(Path file, Appender out) throws IOException {
        this.file = file;
        this.out = out;
        this.goodSize = out.size();
        this.eventsFile = file.resolveSibling(EVENTS);
    }

    public Path file() {
        return file;
    }

    /** Complete lines written by this journal object. */
    public synchronized long lines() {
        return lines;
    }

    @Override
    public synchronized void sampleCompleted(Sample sample) {
        if (failed != null) {
            throw failed;
        }
        byte[] line = (SampleJson.write(sample) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            out.append(ByteBuffer.wrap(line));
            goodSize += line.length;
            lines++;
        } catch (IOException e) {
            String torn = "";
            try {
                out.truncate(goodSize);
            } catch (IOException again) {
                torn = " (its last line may be torn: cutting it off failed too: " + again.getMessage() + ")";
            }
            failed = new JournalException(file, e, torn);
            throw failed;
        }
    }

    /** Appends an event to {@code events.jsonl} (opened on the first event). */
    public synchronized void event(JournalEvent event) {
        if (failed != null) {
            throw failed;
        }
        try {
            if (events == null) {
                events = FileAppender.open(eventsFile);
            }
            events.append(ByteBuffer.wrap((JournalEvent.write(event) + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            failed = new JournalException(eventsFile, e, "");
            throw failed;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            out.close();
        } finally {
            if (events != null) {
                events.close();
            }
        }
    }

    /**
     * Reads every sample of a journal, skipping event lines. A torn last line (a crash mid-write) is
     * skipped; a bad line elsewhere is an error naming its line number.
     */
    public static List<Sample> read(Path file) throws IOException {
        return readAll(file).samples();
    }

    /** Reads samples and, from {@code events.jsonl} beside them, events; see {@link #read}. */
    public static Contents readAll(Path file) throws IOException {
        List<Sample> samples = new ArrayList<>();
        boolean torn = readLines(file, SampleJson::read, samples);
        List<JournalEvent> events = new ArrayList<>();
        Path eventsFile = file.resolveSibling(EVENTS);
        if (Files.exists(eventsFile)) {
            readLines(eventsFile, JournalEvent::read, events);
        }
        return new Contents(samples, events, torn);
    }

    /** Reads one JSON object per line; a torn last line is skipped (returns true), a bad line elsewhere is an error. */
    private static <T> boolean readLines(Path file, Function<String, T> parse, List<T> into) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                into.add(parse.apply(line));
            } catch (IllegalArgumentException e) {
                if (i == lines.size() - 1) {
                    return true;
                }
                throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return false;
    }

    /**
     * What a journal holds.
     *
     * @param samples  every sample, in journal order
     * @param events   every event, in journal order
     * @param tornLast whether the last line was torn (a crash mid-write) and skipped
     */
    public record Contents(List<Sample> samples, List<JournalEvent> events, boolean tornLast) {
        public Contents {
            samples = List.copyOf(samples);
            events = List.copyOf(events);
        }
    }

    /** Where journal bytes go. */
    interface Appender extends Closeable {
        /** Writes every remaining byte of {@code bytes} at the end. */
        void append(ByteBuffer bytes) throws IOException;

        /** Cuts the file back to {@code size} bytes. */
        void truncate(long size) throws IOException;

        /** Bytes in the file now. */
        long size() throws IOException;
    }

    /** The file itself, opened for writing at its end. */
    static final class FileAppender implements Appender {
        private final FileChannel channel;

        private FileAppender(FileChannel channel) {
            this.channel = channel;
        }

        static FileAppender open(Path file) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                cutTornTail(channel);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            return new FileAppender(channel);
        }

        /**
         * Cuts off a last line without its newline (a run killed mid-write), so lines appended by a
         * resumed run start on a line of their own.
         */
        private static void cutTornTail(FileChannel channel) throws IOException {
            long size = channel.size();
            if (size == 0 || lastByte(channel, size) == '\n') {
                return;
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            long end = size - 1;
            while (end > 0) {
                one.clear();
                channel.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            channel.truncate(end);
        }

        private static byte lastByte(FileChannel channel, long size) throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, size - 1);
            return one.get(0);
        }

        @Override
        public void append(ByteBuffer bytes) throws IOException {
            long at = channel.size();
            while (bytes.hasRemaining()) {
                at += channel.write(bytes, at);
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            channel.truncate(size);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
