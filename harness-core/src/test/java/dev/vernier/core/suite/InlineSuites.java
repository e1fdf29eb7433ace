package dev.vernier.core.suite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ProviderFactory;
import dev.vernier.core.api.ProviderRegistry;
import dev.vernier.core.testing.FakeProviderFactory;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Suites written inline in a test, parsed as if read from {@code file}, with the fake provider type
 * and any other factories the test registers.
 */
record InlineSuites(Path file, SuiteLoader loader) {

    InlineSuites(String file, ProviderFactory... more) {
        this(Path.of(file), new SuiteLoader(ProviderRegistry.of(factories(more))));
    }

    private static List<ProviderFactory> factories(ProviderFactory... more) {
        List<ProviderFactory> all = new ArrayList<>(List.of(new FakeProviderFactory()));
        all.addAll(List.of(more));
        return all;
    }

    Suite parse(String yaml) {
        return loader.parse(file, new StringReader(yaml));
    }

    /** The suite is refused with exactly this message. */
    void assertRejected(String yaml, String expectedMessage) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(SuiteException.class).hasMessage(expectedMessage);
    }
}
