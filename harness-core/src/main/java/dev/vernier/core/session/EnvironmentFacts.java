package dev.vernier.core.session;

import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about this machine and JVM, recorded with every run so numbers can be compared fairly. */
public final class EnvironmentFacts {

    private EnvironmentFacts() {}

    /**
     * @param vernierVersion the version of the front end running the suite ({@code dev} when unknown)
     * @return OS, architecture, processors, heap, JVM and Vernier version, in a stable order
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
        env.put("vernier.version", vernierVersion == null ? "dev" : vernierVersion);
        return env;
    }
}
