package dev.vernier.app;

/**
 * The run could not start: a malformed suite, an unknown provider type or report format, a provider
 * refusing its options, a run directory that cannot be resumed. The message is the one line to show:
 * what is wrong, where, and how to fix it. Nothing was sent and no run directory was created (a
 * resumed run's directory is left as it was).
 */
public final class RunException extends Exception {

    public RunException(String message) {
        super(message);
    }

    public RunException(String message, Throwable cause) {
        super(message, cause);
    }
}
