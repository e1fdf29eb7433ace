package dev.vernier.benchmarks.load;

import dev.vernier.testkit.StreamingSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server in a process of its own, its address read from the line it prints when it listens
 * ({@code http(s)://127.0.0.1:<port>}): the testkit's {@link StreamingSimulator} in a JVM of its own
 * ({@link #simulator}), so that this process's CPU time is the client's alone, or any other command
 * ({@link #launch}, e.g. a Node stub). Its own CPU time is read from
 * {@link ProcessHandle.Info#totalCpuDuration()} (Linux: {@code /proc/<pid>/stat}, 10 ms ticks).
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("(https?)://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final String base;
    private final Thread reaper;

    private ServerProcess(Process process, String base, Thread reaper) {
        this.process = process;
        this.base = base;
        this.reaper = reaper;
    }

    /** Starts a plain-HTTP simulator (see {@link #simulator(Duration, Duration, int, LoadScheme)}). */
    static ServerProcess simulator(Duration ttft, Duration itl, int tokens) throws IOException {
        return simulator(ttft, itl, tokens, LoadScheme.http());
    }

    /**
     * The command that runs {@code main} in a new JVM of this one's installation with this one's class
     * path: {@code java <jvmArgs> -cp <class path> <main>}, arguments to be added.
     */
    static List<String> javaCommand(List<String> jvmArgs, Class<?> main) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        return command;
    }

    /**
     * Starts the simulator and waits until it listens.
     *
     * @param ttft     delay to the first token
     * @param itl      delay between tokens
     * @param tokens   tokens per response
     * @param scheme   http, or https with the CA written to the scheme's file
     */
    static ServerProcess simulator(Duration ttft, Duration itl, int tokens, LoadScheme scheme) throws IOException {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx1g"));
        // e.g. -Dload.simulator.jvmArgs=-XX:StartFlightRecording=filename=sim.jfr to see where the simulator's time
        // goes
        String extra = System.getProperty("load.simulator.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.split("\\s+")));
        }
        List<String> command = javaCommand(jvmArgs, StreamingSimulator.class);
        command.add("--port");
        command.add("0");
        command.add("--ttft-ms");
        command.add(Long.toString(ttft.toMillis()));
        command.add("--itl-ms");
        command.add(Long.toString(itl.toMillis()));
        command.add("--tokens");
        command.add(Integer.toString(tokens));
        if (scheme.tls()) {
            command.add("--tls-ca-out");
            command.add(scheme.caFile().toString());
        }
        return launch(command, "simulator");
    }

    /**
     * Starts {@code command} and waits (up to 30 s) until it prints where it listens.
     *
     * @param what names the server in messages, e.g. {@code simulator}
     */
    static ServerProcess launch(List<String> command, String what) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // a benchmark stopped with Ctrl-C must not leave its server behind
        Thread reaper = new Thread(process::destroyForcibly, what + "-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> origin = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    StringBuilder seen = new StringBuilder();
                    try {
                        String line;
                        while ((line = out.readLine()) != null) {
                            Matcher m = LISTENING.matcher(line);
                            if (!origin.isDone() && m.find()) {
                                origin.complete(m.group(1) + "://127.0.0.1:" + m.group(2));
                            } else if (!origin.isDone()) {
                                seen.append(line).append('\n');
                            }
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    origin.completeExceptionally(new IOException(what + " process ended before listening: " + seen));
                },
                what + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, origin.get(30, TimeUnit.SECONDS), reaper);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException(what + " did not start: " + e.getMessage(), e);
        }
    }

    /** Where it listens, {@code http(s)://127.0.0.1:<port>}. */
    String origin() {
        return base;
    }

    /** {@code http(s)://127.0.0.1:<port>/v1}. */
    String openAiBaseUrl() {
        return base + "/v1";
    }

    /** CPU time the simulator process has used so far (user + system), in nanoseconds. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // shutting down already: the hook does it
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
