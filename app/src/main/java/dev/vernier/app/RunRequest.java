package dev.vernier.app;

import dev.vernier.core.api.Provider;
import dev.vernier.core.load.LoadProfile;
import dev.vernier.core.time.Clock;
import dev.vernier.core.time.SystemClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What to run: a suite (or a run directory to resume) and how. Front ends translate their flags or
 * parameters into one of these; nothing else differs between them.
 *
 * @param suiteFile   the suite to run; null when resuming (the run directory names its suite)
 * @param resumeDir   a run directory to resume, or null for a fresh run
 * @param outputDir   where a fresh run's directory is created
 * @param formats     report formats to write, in order; empty for every format on the class path
 * @param only        provider types or ids to include; empty for every provider of the suite
 * @param providers   providers built in code, by the id they run under (the code API)
 * @param repeats     overrides the suite's repeats, null to keep them
 * @param load        overrides the suite's load profile (given the suite's), null to keep it
 * @param env         where providers read API keys and options from the environment
 * @param version     this Vernier's version, recorded in the run's facts
 * @param classLoader where provider types, scorers and report writers are found
 * @param clock       the run's only time source
 * @param warmupBudget how long each harness warm-up ({@link dev.vernier.core.api.HarnessWarmup}) may take
 *                    before the first measured request; {@link Duration#ZERO} turns them off. Default
 *                    {@value #DEFAULT_WARMUP_MS} ms, or the system property {@value #WARMUP_PROPERTY}
 */
public record RunRequest(
        Path suiteFile,
        Path resumeDir,
        Path outputDir,
        List<String> formats,
        List<String> only,
        Map<String, Provider> providers,
        Integer repeats,
        UnaryOperator<LoadProfile> load,
        UnaryOperator<String> env,
        String version,
        ClassLoader classLoader,
        Clock clock,
        Duration warmupBudget) {

    /** The default harness warm-up budget, in milliseconds. */
    public static final long DEFAULT_WARMUP_MS = 3000;
    /** A system property overriding the default warm-up budget (milliseconds; 0 turns warm-ups off). */
    public static final String WARMUP_PROPERTY = "vernier.harness.warmup.ms";

    public RunRequest {
        if (suiteFile == null && resumeDir == null) {
            throw new IllegalArgumentException("give a suite file to run or a run directory to resume");
        }
        outputDir = outputDir == null ? Path.of("runs") : outputDir;
        formats = formats == null ? List.of() : List.copyOf(formats);
        only = only == null ? List.of() : List.copyOf(only);
        providers = providers == null ? Map.of() : new LinkedHashMap<>(providers);
        env = env == null ? System::getenv : env;
        version = version == null ? "unknown" : version;
        classLoader = classLoader == null ? RunRequest.class.getClassLoader() : classLoader;
        clock = clock == null ? SystemClock.instance() : clock;
        warmupBudget = warmupBudget == null
                ? Duration.ofMillis(Long.getLong(WARMUP_PROPERTY, DEFAULT_WARMUP_MS))
                : warmupBudget;
    }

    /** A request to run {@code suiteFile} with every default. */
    public static Builder suite(Path suiteFile) {
        return new Builder().suiteFile(Objects.requireNonNull(suiteFile, "suiteFile"));
    }

    /** A request to resume the run in {@code runDir}. */
    public static Builder resume(Path runDir) {
        return new Builder().resumeDir(Objects.requireNonNull(runDir, "runDir"));
    }

    /** Builds a {@link RunRequest}. */
    public static final class Builder {
        private Path suiteFile;
        private Path resumeDir;
        private Path outputDir;
        private List<String> formats = List.of();
        private List<String> only = List.of();
        private final Map<String, Provider> providers = new LinkedHashMap<>();
        private Integer repeats;
        private UnaryOperator<LoadProfile> load;
        private UnaryOperator<String> env;
        private String version;
        private ClassLoader classLoader;
        private Clock clock;
        private Duration warmupBudget;

        public Builder suiteFile(Path value) {
            suiteFile = value;
            return this;
        }

        public Builder resumeDir(Path value) {
            resumeDir = value;
            return this;
        }

        public Builder outputDir(Path value) {
            outputDir = value;
            return this;
        }

        public Builder formats(List<String> value) {
            formats = value;
            return this;
        }

        public Builder only(List<String> value) {
            only = value;
            return this;
        }

        /** Adds a provider built in code, run under {@code id} after the suite's own providers. */
        public Builder provider(String id, Provider provider) {
            if (providers.putIfAbsent(Objects.requireNonNull(id, "id"), Objects.requireNonNull(provider, "provider"))
                    != null) {
                throw new IllegalArgumentException("a provider with id '" + id + "' was already added");
            }
            return this;
        }

        public Builder repeats(Integer value) {
            repeats = value;
            return this;
        }

        public Builder load(UnaryOperator<LoadProfile> value) {
            load = value;
            return this;
        }

        public Builder env(UnaryOperator<String> value) {
            env = value;
            return this;
        }

        public Builder version(String value) {
            version = value;
            return this;
        }

        public Builder classLoader(ClassLoader value) {
            classLoader = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        public Builder warmupBudget(Duration value) {
            warmupBudget = value;
            return this;
        }

        public RunRequest build() {
            return new RunRequest(
                    suiteFile,
                    resumeDir,
                    outputDir,
                    formats,
                    only,
                    providers,
                    repeats,
                    load,
                    env,
                    version,
                    classLoader,
                    clock,
                    warmupBudget);
        }
    }
}
