package dev.vernier.core.load;

import java.util.Random;

/** How the send times of an open loop are spaced. */
public enum Arrivals {
    /** Exactly {@code 1 / rate} seconds apart. */
    CONSTANT {
        @Override
        public long gapNanos(double rate, Random random) {
            return Math.round(1e9 / rate);
        }
    },
    /** Exponentially distributed gaps with mean {@code 1 / rate} (a Poisson process), from a seeded source. */
    POISSON {
        @Override
        public long gapNanos(double rate, Random random) {
            double u = random.nextDouble(); // [0, 1)
            return Math.round(-Math.log1p(-u) / rate * 1e9);
        }
    };

    /** The time from one intended send to the next. */
    public abstract long gapNanos(double rate, Random random);
}
