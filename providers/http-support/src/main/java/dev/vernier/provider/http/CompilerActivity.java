package dev.vernier.provider.http;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * How much the JIT compiler has worked so far, for the harness warm-up to tell when the code it exercised
 * is compiled: on Linux the processor time of the JVM's compiler threads ({@code /proc/self/task/<tid>/schedstat},
 * nanoseconds, the threads named {@code C1 CompilerThread<n>} and {@code C2 CompilerThread<n>}), which grows
 * while a compilation is under way; elsewhere the JVM's total compilation time, which grows only when a
 * compilation ends (a long one in progress looks quiet).
 */
final class CompilerActivity {

    private static final Path TASKS = Path.of("/proc/self/task");
    private static final CompilerActivity INSTANCE = new CompilerActivity();

    private final boolean threads;
    private final CompilationMXBean jit;

    private CompilerActivity() {
        this.threads = compilerThreadNanos() > 0;
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        this.jit = bean != null && bean.isCompilationTimeMonitoringSupported() ? bean : null;
    }

    static CompilerActivity get() {
        return INSTANCE;
    }

    /** Whether there is any way to tell (there is none on a JVM without a JIT or its monitoring). */
    boolean measurable() {
        return threads || jit != null;
    }

    /** Whether the work is read from the compiler threads' processor time (Linux) rather than the JVM's total. */
    boolean fromThreads() {
        return threads;
    }

    /** The compiler's work so far, in nanoseconds (only differences mean anything); -1 when not measurable. */
    long workNanos() {
        if (threads) {
            return compilerThreadNanos(); // never mixed with the other measure: differences would mean nothing
        }
        return jit == null ? -1 : TimeUnit.MILLISECONDS.toNanos(jit.getTotalCompilationTime());
    }

    /** The processor time of this JVM's compiler threads on Linux; 0 when there are none to read. */
    private static long compilerThreadNanos() {
        if (!Files.isDirectory(TASKS)) {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII);
                    // the kernel keeps 15 characters of a thread's name: "C2 CompilerThre"
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        String stat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
                        int space = stat.indexOf(' ');
                        total += Long.parseLong(space < 0 ? stat.trim() : stat.substring(0, space));
                    }
                } catch (IOException | NumberFormatException e) {
                    // the thread ended while being read, or a kernel without schedstat: skip it
                }
            }
        } catch (IOException | SecurityException e) {
            return 0;
        }
        return total;
    }
}
