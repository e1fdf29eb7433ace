package dev.vernier.provider.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class CompilerActivityTest {

    @Test
    void grows_while_the_jit_compiles_code_made_hot_and_never_goes_back() {
        assumeTrue(ManagementFactory.getCompilationMXBean() != null, "a JVM with a JIT compiler");
        CompilerActivity jit = CompilerActivity.get();
        assertThat(jit.measurable()).isTrue();
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(jit.fromThreads())
                    .as("on Linux the compiler threads' processor time is read")
                    .isTrue();
        }

        long before = jit.workNanos();
        // code no one ran before, made hot: the compiler threads compile it (C1, then C2)
        LongUnaryOperator fresh = x -> (x * 0x9E3779B97F4A7C15L) ^ (x >>> 29) ^ Long.rotateLeft(x, 17);
        long sum = 0;
        long deadline = System.nanoTime() + 5_000_000_000L;
        long after = before;
        for (int round = 0; after <= before && System.nanoTime() < deadline; round++) {
            for (long i = 0; i < 200_000; i++) {
                sum += fresh.applyAsLong(i + round);
            }
            after = jit.workNanos();
        }
        assertThat(sum).isNotZero();
        assertThat(before).isNotNegative();
        assertThat(after).as("compiler work after making new code hot").isGreaterThan(before);
        assertThat(jit.workNanos()).isGreaterThanOrEqualTo(after);
    }
}
