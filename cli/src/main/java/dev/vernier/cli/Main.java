package dev.vernier.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code vernier} command. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command and exits the JVM with its exit code. The explicit exit is required: native
     * libraries (java-llama.cpp) leave non-daemon threads behind that would keep the JVM alive.
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs the command without exiting: what tests call.
     *
     * @return the exit code: 0 success, 1 nothing measured (all skipped or all failed), 2 usage or
     *         configuration error
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new VernierCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("vernier: " + e);
            e.printStackTrace(commandLine.getErr());
            return 70;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The Vernier version from the jar manifest, or {@code dev} when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
