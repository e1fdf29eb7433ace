package dev.vernier.core.api;

/** Where the prompt text goes when a request is made. */
public enum DataDestination {
    /** Prompts never leave this machine. */
    THIS_MACHINE("stays on this machine"),
    /** Prompts go to a server the user operates. */
    OWN_SERVER("goes to a server you operate"),
    /** Prompts leave to a third-party vendor. */
    VENDOR("leaves to the vendor");

    private final String description;

    DataDestination(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
