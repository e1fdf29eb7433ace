package dev.vernier.core.api;

/** A provider configuration problem tied to one key, so the suite loader can point at its line. */
public class ConfigException extends Exception {

    private final String key;

    /**
     * @param key     the offending option key, or null when the problem is the entry as a whole
     * @param message what is wrong and how to fix it
     */
    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
