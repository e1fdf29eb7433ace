package dev.vernier.cli;

import picocli.CommandLine.Command;

/** The top-level {@code vernier} command; the work is done by its subcommands. */
@Command(
        name = "vernier",
        mixinStandardHelpOptions = true,
        versionProvider = VernierCommand.Version.class,
        subcommands = {
            RunCommand.class,
            ReportCommand.class,
            SimulateCommand.class,
            InitCommand.class,
            ProvidersCommand.class
        },
        description = "Measure open and proprietary LLMs on your own prompts: latency, throughput, tokens.")
public final class VernierCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vernier " + Main.version()};
        }
    }
}
