package dev.vernier.core.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Journals whose file fails like a full disk, for tests outside this package. */
public final class JournalTestAccess {

    private JournalTestAccess() {}

    /**
     * A journal at {@code file} that accepts {@code goodLines} lines, then writes half of the next one
     * and fails with "No space left on device", as a full disk does.
     */
    public static Journal failingAfter(Path file, int goodLines) throws IOException {
        Journal.FileAppender real = Journal.FileAppender.open(file);
        return new Journal(file, new Journal.Appender() {
            private int lines;

            @Override
            public void append(ByteBuffer bytes) throws IOException {
                if (lines++ < goodLines) {
                    real.append(bytes);
                    return;
                }
                ByteBuffer half = bytes.duplicate();
                half.limit(half.position() + half.remaining() / 2);
                real.append(half);
                throw new IOException("No space left on device");
            }

            @Override
            public void truncate(long size) throws IOException {
                real.truncate(size);
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        });
    }
}
