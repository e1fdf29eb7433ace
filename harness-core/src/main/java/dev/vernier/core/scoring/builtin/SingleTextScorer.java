package dev.vernier.core.scoring.builtin;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.scoring.Assertion;
import dev.vernier.core.scoring.Scorer;

/** A scorer whose value is one text and which takes no threshold (a yes/no check). */
abstract class SingleTextScorer implements Scorer {

    @Override
    public final void validate(Assertion a) throws ConfigException {
        Support.string(a);
        Support.noThreshold(a);
    }
}
