package dev.vernier.core.session;

/**
 * A suite that loaded but cannot be run as configured: a provider option refused when the provider
 * is created, a provider type missing from the class path, a provider filter that matches nothing.
 * The message is one line naming the suite file, the provider and (when known) the option, then the
 * problem; front ends print it as it is and stop before anything is written.
 */
public class SessionException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one line: {@code <suite file>: provider '<id>' option '<key>': <problem>}
     */
    public SessionException(String message) {
        super(message);
    }
}
