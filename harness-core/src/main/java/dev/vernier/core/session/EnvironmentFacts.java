package dev.vernier.core.session;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Facts about this machine and JVM, recorded with every run so numbers can be compared fairly. */
public final class EnvironmentFacts {

    private EnvironmentFacts() {}

    /**
     * @param vernierVersion the version of the front end running the suite ({@code dev} when unknown)
     * @return OS, architecture, processors, heap, JVM, its garbage collector and Vernier version, in a
     *     stable order
     */
    public static Map<String, String> collect(String vernierVersion) {
        Runtime runtime = Runtime.getRuntime();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("os.name", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("os.arch", System.getProperty("os.arch"));
        env.put("available_processors", Integer.toString(runtime.availableProcessors()));
        env.put("max_heap_mb", Long.toString(runtime.maxMemory() / (1024 * 1024)));
        env.put("java.version", System.getProperty("java.version"));
        env.put("java.vm.name", System.getProperty("java.vm.name"));
        env.put("gc", collector());
        env.put("vernier.version", vernierVersion == null ? "dev" : vernierVersion);
        return env;
    }

    /**
     * The JVM's garbage collector, by the names of its collector beans (e.g. {@code ZGC Cycles, ZGC
     * Pauses} or {@code G1 Young Generation, G1 Old Generation}): its pauses stop the clock readers
     * too, so it is a fact of every timing.
     */
    static String collector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
    }
}
