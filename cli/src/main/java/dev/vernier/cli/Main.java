package dev.vernier.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/** Entry point of the {@code vernier} command. */
public final class Main {

    private Main() {}

    /**
     * Runs the command and exits the JVM with its exit code. The explicit exit is required: native
     * libraries (java-llama.cpp) leave non-daemon threads behind that would keep the JVM alive.
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
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
        return execute(out, err, System::getenv, args);
    }

    /**
     * Runs the command with the given environment (where API keys are read from) instead of the
     * process environment: what tests call to control which keys exist.
     */
    public static int execute(PrintWriter out, PrintWriter err, UnaryOperator<String> env, String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof RunCommand run) {
                    run.env = env;
                } else if (made instanceof InitCommand init) {
                    init.env = env;
                }
                return made;
            }
        };
        CommandLine cli = new CommandLine(new VernierCommand(), factory);
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
