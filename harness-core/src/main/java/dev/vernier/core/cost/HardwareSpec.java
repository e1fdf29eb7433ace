package dev.vernier.core.cost;

import dev.vernier.core.api.ConfigException;
import java.util.Map;
import java.util.Objects;

/**
 * The hardware a self-hosted provider runs on and what it costs per hour, as a suite declares it:
 * {@code gpu: H100, usd_per_hour: 2.5} or {@code cpu: 2 cores, usd_per_hour: 0.10}.
 *
 * @param name       what it is ({@code "gpu: H100"}, {@code "cpu: 2 cores"})
 * @param usdPerHour rental or amortised cost in USD per hour, {@code >= 0}
 */
public record HardwareSpec(String name, double usdPerHour) {

    public HardwareSpec {
        Objects.requireNonNull(name, "name");
        if (!(usdPerHour >= 0) || Double.isInfinite(usdPerHour)) {
            throw new IllegalArgumentException("usd_per_hour must be a non-negative number, was " + usdPerHour);
        }
    }

    /**
     * Parses a suite's hardware block: exactly one of {@code gpu}, {@code cpu} or {@code name}, and
     * {@code usd_per_hour}. Errors carry the key as {@code <prefix>.<key>}.
     */
    public static HardwareSpec parse(String prefix, Map<String, Object> block) throws ConfigException {
        if (block == null) {
            throw new ConfigException(
                    prefix, "'" + prefix + "' must declare the hardware, e.g. " + "{ gpu: H100, usd_per_hour: 2.5 }");
        }
        String name = null;
        for (Map.Entry<String, Object> e : block.entrySet()) {
            String k = e.getKey();
            switch (k) {
                case "gpu", "cpu", "name" -> {
                    if (name != null) {
                        throw new ConfigException(
                                prefix + "." + k,
                                "'" + prefix + "' declares more than one of " + "gpu, cpu, name; keep one");
                    }
                    name = ("name".equals(k) ? "" : k + ": ") + e.getValue();
                }
                case "usd_per_hour" -> {}
                default ->
                    throw new ConfigException(
                            prefix + "." + k,
                            "unknown key '" + k + "' in '" + prefix + "'. Allowed: gpu, cpu, name, usd_per_hour");
            }
        }
        if (name == null) {
            throw new ConfigException(
                    prefix + ".gpu",
                    "'" + prefix + "' needs 'gpu' or 'cpu' saying what the " + "hardware is, e.g. gpu: H100");
        }
        Object v = block.get("usd_per_hour");
        if (v == null) {
            throw new ConfigException(
                    prefix + ".usd_per_hour",
                    "'" + prefix + ".usd_per_hour' is required: " + "what the hardware costs per hour in USD");
        }
        double d;
        try {
            d = v instanceof Number n
                    ? n.doubleValue()
                    : Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    prefix + ".usd_per_hour", "'" + prefix + ".usd_per_hour' must be a number, was '" + v + "'");
        }
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw new ConfigException(prefix + ".usd_per_hour", "'" + prefix + ".usd_per_hour' must be >= 0, was " + v);
        }
        return new HardwareSpec(name, d);
    }
}
