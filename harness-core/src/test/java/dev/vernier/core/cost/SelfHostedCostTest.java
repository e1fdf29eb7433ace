package dev.vernier.core.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vernier.core.api.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelfHostedCostTest {

    private static final HardwareSpec H100 = new HardwareSpec("gpu: H100", 2.5);

    @Test
    void perRequestCostIsHourlyPriceTimesBusySeconds() {
        // $2.50/h / 3600 x 1.8 s = $0.00125
        assertThat(SelfHostedCost.perRequest(H100, 1_800_000_000L)).isCloseTo(0.00125, within(1e-15));
    }

    @Test
    void perRequestCostIsSharedAcrossConcurrentRequests() {
        // 4 requests in flight share the GPU: $0.00125 / 4
        assertThat(SelfHostedCost.perRequest(H100, 1_800_000_000L, 4)).isCloseTo(0.0003125, within(1e-15));
    }

    @Test
    void perMillionOutputTokensFromMeasuredThroughput() {
        // $2.50 / (500 tok/s x 3600 s) x 1e6 = 2.5 / 1.8e6 x 1e6 = $1.388...
        assertThat(SelfHostedCost.perMillionOutputTokens(H100, 500).getAsDouble())
                .isCloseTo(2.5 / 1.8, within(1e-12));
        // cpu: $0.10/h at 20 tok/s -> 0.10 / 72,000 x 1e6 = $1.3889
        assertThat(SelfHostedCost.perMillionOutputTokens(new HardwareSpec("cpu: 2 cores", 0.10), 20)
                        .getAsDouble())
                .isCloseTo(0.1 / 72_000 * 1e6, within(1e-12));
    }

    @Test
    void noThroughputMeansUnknownPerTokenCost() {
        assertThat(SelfHostedCost.perMillionOutputTokens(H100, 0)).isEmpty();
        assertThat(SelfHostedCost.perMillionOutputTokens(H100, Double.NaN)).isEmpty();
    }

    @Test
    void windowAndMonthlyCosts() {
        assertThat(SelfHostedCost.forWindow(H100, 3_600_000_000_000L)).isCloseTo(2.5, within(1e-12));
        assertThat(SelfHostedCost.monthly(H100)).isCloseTo(1825.0, within(1e-9));
    }

    @Test
    void parsesGpuAndCpuDeclarations() throws ConfigException {
        assertThat(HardwareSpec.parse("hardware", Map.of("gpu", "H100", "usd_per_hour", 2.5)))
                .isEqualTo(new HardwareSpec("gpu: H100", 2.5));
        assertThat(HardwareSpec.parse("hardware", Map.of("cpu", "2 cores", "usd_per_hour", "0.10")))
                .isEqualTo(new HardwareSpec("cpu: 2 cores", 0.10));
    }

    @Test
    void hardwareErrorsNameTheKey() {
        assertThatThrownBy(() -> HardwareSpec.parse("hardware", Map.of("gpu", "H100")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("hardware.usd_per_hour"));
        assertThatThrownBy(() -> HardwareSpec.parse("hardware", Map.of("gpu", "H100", "usd_per_hour", "cheap")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() -> HardwareSpec.parse("hardware", Map.of("gpu", "H100", "usd_per_hour", -1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(">= 0");
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("gpu", "H100");
        both.put("cpu", "8 cores");
        both.put("usd_per_hour", 1);
        assertThatThrownBy(() -> HardwareSpec.parse("hardware", both))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("more than one");
        assertThatThrownBy(() -> HardwareSpec.parse("hardware", Map.of("gpus", "H100", "usd_per_hour", 1)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo("hardware.gpus"));
        assertThatThrownBy(() -> HardwareSpec.parse("hardware", Map.of("usd_per_hour", 1)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("needs 'gpu' or 'cpu'");
    }
}
