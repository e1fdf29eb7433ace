package dev.vernier.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.ConfigException;
import java.io.StringReader;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceCatalogueTest {

    private final PriceCatalogue shipped = PriceCatalogue.shipped();

    @Test
    void shippedCatalogueCoversTheFourVendorsWithSourceAndDateOnEveryEntry() {
        assertThat(shipped.entries()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(shipped.entries())
                .extracting(ModelPrice::provider)
                .contains("openai", "anthropic", "google", "mistral");
        for (ModelPrice p : shipped.entries()) {
            assertThat(p.source()).as(p.model()).startsWith("https://");
            assertThat(p.readOn()).as(p.model()).isEqualTo(LocalDate.of(2026, 11, 23));
            assertThat(p.currency()).as(p.model()).isEqualTo("USD");
            assertThat(p.outputPerMillion()).as(p.model()).isPositive();
        }
    }

    @Test
    void findsByNameProviderQualifiedIdAliasAndDatedSnapshot() {
        ModelPrice mini = shipped.find("gpt-4.1-mini").orElseThrow();
        assertThat(mini.inputPerMillion()).isEqualTo(0.40);
        assertThat(mini.outputPerMillion()).isEqualTo(1.60);
        assertThat(shipped.find("openai:gpt-4.1-mini")).contains(mini);
        assertThat(shipped.find("OpenAI:GPT-4.1-Mini")).contains(mini);
        assertThat(shipped.find("gpt-4.1-mini-2025-04-14")).contains(mini);
        assertThat(shipped.find("gpt-5-nano-2025-08-07").orElseThrow().cachedInputPerMillion())
                .isEqualTo(0.005);
        assertThat(shipped.find("claude-opus-4").orElseThrow().model()).isEqualTo("claude-opus-4-0");
    }

    @Test
    void unknownModelOrWrongProviderIsEmptyNeverZero() {
        assertThat(shipped.find("stories260K")).isEmpty();
        assertThat(shipped.find("vllm:gpt-4.1-mini")).isEmpty();
        assertThat(shipped.find("")).isEmpty();
        assertThat(PriceCatalogue.empty().find("gpt-4.1-mini")).isEmpty();
    }

    @Test
    void overridesChangeFieldsOfShippedEntriesAndAddModels() throws ConfigException {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("gpt-4.1-mini", Map.of("input", 0.35));
        overrides.put(
                "my-model",
                Map.of(
                        "provider",
                        "acme",
                        "input",
                        1,
                        "output",
                        "3.5",
                        "source",
                        "https://acme.example/pricing",
                        "read",
                        "2026-11-20"));
        PriceCatalogue c = shipped.withOverrides(overrides);

        ModelPrice mini = c.find("gpt-4.1-mini").orElseThrow();
        assertThat(mini.inputPerMillion()).isEqualTo(0.35);
        assertThat(mini.outputPerMillion()).isEqualTo(1.60);
        assertThat(mini.cachedInputPerMillion()).isEqualTo(0.10);
        assertThat(mini.source()).isEqualTo("suite");
        ModelPrice mine = c.find("acme:my-model").orElseThrow();
        assertThat(mine.outputPerMillion()).isEqualTo(3.5);
        assertThat(mine.readOn()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(shipped.find("my-model")).as("original unchanged").isEmpty();
    }

    @Test
    void overrideErrorsNameTheOffendingKey() {
        assertError(Map.of("new-model", Map.of("input", 1.0)), "prices.new-model.output", "is required");
        assertError(Map.of("gpt-4.1", Map.of("input", "cheap")), "prices.gpt-4.1.input", "must be a price");
        assertError(Map.of("gpt-4.1", Map.of("output", -2)), "prices.gpt-4.1.output", "non-negative");
        assertError(Map.of("gpt-4.1", Map.of("inptu", 1)), "prices.gpt-4.1.inptu", "unknown key 'inptu'");
        assertError(Map.of("gpt-4.1", 3), "prices.gpt-4.1", "must be a mapping");
        assertError(Map.of("gpt-4.1", Map.of("read", "yesterday")), "prices.gpt-4.1.read", "YYYY-MM-DD");
        assertError(Map.of("gpt-4.1", Map.of("aliases", "x")), "prices.gpt-4.1.aliases", "list");
    }

    @Test
    void strictParsingRequiresSourceAndDate() {
        String yaml = "currency: USD\nmodels:\n  m:\n    provider: x\n    input: 1\n    output: 2\n";
        assertThatThrownBy(() -> PriceCatalogue.parse(new StringReader(yaml), true))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("models.m.source"));
    }

    private void assertError(Map<String, Object> overrides, String key, String message) {
        assertThatThrownBy(() -> shipped.withOverrides(overrides))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(key));
    }

    @Test
    void aliasesListIsKept() {
        assertThat(shipped.find("gpt-5-nano").orElseThrow().aliases()).isEqualTo(List.of("gpt-5-nano-2025-08-07"));
    }
}
