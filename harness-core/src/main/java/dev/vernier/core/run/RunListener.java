package dev.vernier.core.run;

/** Observes a run as it happens: progress bars, the journal. Called from runner threads. */
public interface RunListener {

    /** A provider's requests are about to start. */
    default void providerStarted(String providerId, int requests) {}

    /** A request completed (successfully or not). Calls are serialised by the runner. */
    void sampleCompleted(Sample sample);

    /** One provider's load step ran to its end (or to its stop rule); not called for a step cut short by a stop. */
    default void stepFinished(StepRun step) {}

    /** A provider's requests are all done. */
    default void providerFinished(String providerId) {}

    /** Combines listeners; each is called in order. */
    static RunListener all(RunListener... listeners) {
        return new RunListener() {
            @Override
            public void providerStarted(String providerId, int requests) {
                for (RunListener l : listeners) {
                    l.providerStarted(providerId, requests);
                }
            }

            @Override
            public void sampleCompleted(Sample sample) {
                for (RunListener l : listeners) {
                    l.sampleCompleted(sample);
                }
            }

            @Override
            public void stepFinished(StepRun step) {
                for (RunListener l : listeners) {
                    l.stepFinished(step);
                }
            }

            @Override
            public void providerFinished(String providerId) {
                for (RunListener l : listeners) {
                    l.providerFinished(providerId);
                }
            }
        };
    }
}
