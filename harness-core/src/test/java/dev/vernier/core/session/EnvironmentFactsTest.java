package dev.vernier.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EnvironmentFactsTest {

    @Test
    void records_the_garbage_collector_the_jvm_runs_with() throws Exception {
        assertThat(gcOfAJvmStartedWith("-XX:+UseZGC")).contains("ZGC").doesNotContain("G1");
        assertThat(gcOfAJvmStartedWith("-XX:+UseG1GC"))
                .contains("G1 Young Generation")
                .doesNotContain("ZGC");
    }

    @Test
    void keeps_the_facts_in_a_stable_order() {
        assertThat(EnvironmentFacts.collect("1.2.3").keySet())
                .containsExactly(
                        "os.name",
                        "os.arch",
                        "available_processors",
                        "max_heap_mb",
                        "java.version",
                        "java.vm.name",
                        "gc",
                        "vernier.version");
    }

    private static String gcOfAJvmStartedWith(String flag) throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        flag,
                        "-cp",
                        System.getProperty("java.class.path"),
                        PrintFacts.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        return out;
    }

    /** Prints the {@code gc} fact of the JVM it runs in. */
    static final class PrintFacts {
        public static void main(String[] args) {
            System.out.println(EnvironmentFacts.collect("test").get("gc"));
        }
    }
}
