package dev.vernier.cli;

import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.suite.SuiteSchema;
import java.io.PrintWriter;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vernier providers}: every provider type on the class path, its options and where its key comes from. */
@Command(
        name = "providers",
        mixinStandardHelpOptions = true,
        description = "List the provider types, their options and where each reads its API key.")
public final class ProvidersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProviderRegistry registry = ProviderRegistry.load();
        out.println("Every provider entry takes " + String.join(", ", SuiteSchema.PROVIDER.names())
                + "; each type adds its options:");
        for (String type : registry.types()) {
            ProviderFactory factory = registry.find(type).orElseThrow();
            out.println();
            out.println(type + (factory.summary().isEmpty() ? "" : " — " + factory.summary()));
            out.println("  options: " + String.join(", ", new TreeSet<>(factory.optionKeys())));
            out.println("  key:     " + (factory.keySource() == null ? "none" : factory.keySource()));
        }
        out.println();
        out.println("Options of each type: docs/providers.md. A jar with a ProviderFactory in"
                + " META-INF/services adds a type (docs/extending.md).");
        out.flush();
        return RunCommand.OK;
    }
}
