package dev.vernier.core.testing;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.Provider;

/**
 * What every in-process test double shares: its id, the in-process access mode, and model facts that
 * say it is a test double (an open MIT model of no size that keeps data on this machine). A double
 * adds only how it answers.
 */
public abstract class InProcessDouble implements Provider {

    private final String id;
    private final String model;

    /**
     * @param id    the provider id
     * @param model the model name its facts give
     */
    protected InProcessDouble(String id, String model) {
        this.id = id;
        this.model = model;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AccessMode accessMode() {
        return AccessMode.IN_PROCESS;
    }

    @Override
    public ModelFacts describe() {
        return new ModelFacts(model, true, "MIT", 0L, null, DataDestination.THIS_MACHINE, "test double");
    }
}
