package dev.vernier.core.cost;

import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.TokenCounts;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Break-even between a self-hosted deployment and an API (DESIGN.md section 3, "break-even").
 *
 * <p>Volume V is counted in tokens per month, input + output (cached input included in input), with
 * the token mix measured in the run. Monthly costs:
 * <pre>
 * API          = V x a                 a = blended API price per token (see {@link #apiUsdPerMillionTokens})
 * self-hosted  = F + V x s             F = fixed monthly cost, s = marginal price per token
 * break-even   V* = F / (a - s)        when F &gt; 0 and a &gt; s
 * </pre>
 * Two self-hosted cost models are supported (and may be combined):
 * <ul>
 *   <li><b>fixed</b> ({@link SelfHosted#fixed(HardwareSpec)}): hardware kept up all month,
 *       F = usd_per_hour x 730, s = 0 (the hardware is assumed to absorb the volume);</li>
 *   <li><b>per token</b> ({@link SelfHosted#perToken(double)}): hardware billed only while busy
 *       (serverless GPUs, spot capacity), F = 0, s = the measured $ per 1M tokens on the same
 *       input + output basis (see {@link SelfHosted#fromOutputTokenPrice(double, double)}).</li>
 * </ul>
 * With two costs proportional to volume there is no break-even: one side is cheaper at every volume.
 * With F &gt; 0 and a &lt;= s the API is cheaper at every volume. Both "never" cases are reported
 * explicitly as an {@link Outcome}, never as a zero or infinite volume.
 */
public final class BreakEven {

    /** How the two cost lines relate. */
    public enum Outcome {
        /** They cross at a positive volume V*: the API is cheaper below it, self-hosted above it. */
        CROSSES,
        /** Self-hosted is cheaper at every positive volume (no fixed cost, lower marginal price). */
        SELF_HOSTED_ALWAYS_CHEAPER,
        /** The API is cheaper at every positive volume (never breaks even). */
        API_ALWAYS_CHEAPER,
        /** Both cost the same at every volume. */
        ALWAYS_EQUAL
    }

    /** Which side is cheaper at the declared volume. */
    public enum Cheaper {
        SELF_HOSTED,
        API,
        EQUAL
    }

    /**
     * A self-hosted cost line: {@code fixedMonthlyUsd + V x usdPerMillionTokens / 1e6}.
     *
     * @param fixedMonthlyUsd      fixed monthly cost, {@code >= 0}
     * @param usdPerMillionTokens  marginal cost per 1M tokens (input + output), {@code >= 0}
     */
    public record SelfHosted(double fixedMonthlyUsd, double usdPerMillionTokens) {
        public SelfHosted {
            if (!(fixedMonthlyUsd >= 0)
                    || !(usdPerMillionTokens >= 0)
                    || Double.isInfinite(fixedMonthlyUsd)
                    || Double.isInfinite(usdPerMillionTokens)) {
                throw new IllegalArgumentException("self-hosted costs must be finite and >= 0");
            }
        }

        /** Hardware up all month: F = usd_per_hour x 730, no marginal cost. */
        public static SelfHosted fixed(HardwareSpec hw) {
            return new SelfHosted(SelfHostedCost.monthly(hw), 0);
        }

        /** Billed per use only: no fixed cost, the given $ per 1M tokens (input + output). */
        public static SelfHosted perToken(double usdPerMillionTokens) {
            return new SelfHosted(0, usdPerMillionTokens);
        }

        /**
         * Converts a $ per 1M <em>output</em> tokens figure ({@link SelfHostedCost#perMillionOutputTokens})
         * to $ per 1M input + output tokens: multiply by the output share of the token mix.
         */
        public static SelfHosted fromOutputTokenPrice(double usdPerMillionOutputTokens, double outputShare) {
            if (!(outputShare >= 0 && outputShare <= 1)) {
                throw new IllegalArgumentException("output share must be in [0, 1], was " + outputShare);
            }
            return perToken(usdPerMillionOutputTokens * outputShare);
        }

        /** Monthly cost at a volume of tokens per month. */
        public double monthlyUsd(double tokensPerMonth) {
            return fixedMonthlyUsd + tokensPerMonth * usdPerMillionTokens / 1e6;
        }
    }

    /**
     * The comparison.
     *
     * @param outcome                 how the cost lines relate
     * @param breakEvenTokensPerMonth V*, present only for {@link Outcome#CROSSES}
     * @param expectedTokensPerMonth  the declared expected volume
     * @param selfHostedMonthlyUsd    self-hosted cost at the expected volume
     * @param apiMonthlyUsd           API cost at the expected volume
     * @param cheaper                 which is cheaper at the expected volume
     * @param savingUsd               how much cheaper, per month ({@code >= 0})
     * @param verdict                 one sentence for a report
     */
    public record Result(
            Outcome outcome,
            OptionalDouble breakEvenTokensPerMonth,
            double expectedTokensPerMonth,
            double selfHostedMonthlyUsd,
            double apiMonthlyUsd,
            Cheaper cheaper,
            double savingUsd,
            String verdict) {}

    private BreakEven() {}

    /**
     * The API's average price per 1M tokens for a measured mix:
     * {@code ApiCost(input, cached, output) / (input + output) x 1e6}; empty when there are no tokens.
     */
    public static OptionalDouble apiUsdPerMillionTokens(
            ModelPrice price, long inputTokens, long cachedInputTokens, long outputTokens) {
        Objects.requireNonNull(price, "price");
        if (inputTokens < 0 || outputTokens < 0 || inputTokens + outputTokens == 0) {
            return OptionalDouble.empty();
        }
        OptionalDouble cost = ApiCost.of(
                new TokenCounts(
                        inputTokens, outputTokens, cachedInputTokens, -1, CountSource.UNKNOWN, CountSource.UNKNOWN),
                price);
        return OptionalDouble.of(cost.getAsDouble() / (inputTokens + outputTokens) * 1e6);
    }

    /** Compares a self-hosted cost line with an API at {@code apiUsdPerMillionTokens} at the expected monthly volume. */
    public static Result compare(SelfHosted selfHosted, double apiUsdPerMillionTokens, double expectedTokensPerMonth) {
        Objects.requireNonNull(selfHosted, "selfHosted");
        if (!(apiUsdPerMillionTokens >= 0) || Double.isInfinite(apiUsdPerMillionTokens)) {
            throw new IllegalArgumentException("API price must be finite and >= 0, was " + apiUsdPerMillionTokens);
        }
        if (!(expectedTokensPerMonth >= 0) || Double.isInfinite(expectedTokensPerMonth)) {
            throw new IllegalArgumentException(
                    "expected volume must be finite and >= 0, was " + expectedTokensPerMonth);
        }
        double f = selfHosted.fixedMonthlyUsd();
        double marginDiffPerMillion = apiUsdPerMillionTokens - selfHosted.usdPerMillionTokens();
        Outcome outcome;
        OptionalDouble breakEven = OptionalDouble.empty();
        if (f > 0) {
            if (marginDiffPerMillion > 0) {
                outcome = Outcome.CROSSES;
                breakEven = OptionalDouble.of(f / marginDiffPerMillion * 1e6);
            } else {
                outcome = Outcome.API_ALWAYS_CHEAPER;
            }
        } else if (marginDiffPerMillion > 0) {
            outcome = Outcome.SELF_HOSTED_ALWAYS_CHEAPER;
        } else if (marginDiffPerMillion < 0) {
            outcome = Outcome.API_ALWAYS_CHEAPER;
        } else {
            outcome = Outcome.ALWAYS_EQUAL;
        }
        double self = selfHosted.monthlyUsd(expectedTokensPerMonth);
        double api = expectedTokensPerMonth * apiUsdPerMillionTokens / 1e6;
        double tolerance = 1e-9 * Math.max(1, Math.max(self, api));
        Cheaper cheaper =
                Math.abs(self - api) <= tolerance ? Cheaper.EQUAL : self < api ? Cheaper.SELF_HOSTED : Cheaper.API;
        double saving = cheaper == Cheaper.EQUAL ? 0 : Math.abs(self - api);
        return new Result(
                outcome,
                breakEven,
                expectedTokensPerMonth,
                self,
                api,
                cheaper,
                saving,
                verdict(outcome, breakEven, expectedTokensPerMonth, self, api, cheaper, saving));
    }

    private static String verdict(
            Outcome outcome,
            OptionalDouble breakEven,
            double volume,
            double self,
            double api,
            Cheaper cheaper,
            double saving) {
        String at = " at " + tokens(volume) + " tokens/month";
        String head = switch (cheaper) {
            case SELF_HOSTED -> "self-hosted is cheaper" + at + " by " + usd(saving);
            case API -> "API is cheaper" + at + " by " + usd(saving);
            case EQUAL -> "self-hosted and API cost the same" + at;
        };
        String costs = " (self-hosted " + usd(self) + " vs API " + usd(api) + " per month); ";
        String tail = switch (outcome) {
            case CROSSES -> "break-even at " + tokens(breakEven.getAsDouble()) + " tokens/month";
            case API_ALWAYS_CHEAPER -> "they never break even: the API is cheaper at every volume";
            case SELF_HOSTED_ALWAYS_CHEAPER -> "they never break even: self-hosted is cheaper at every volume";
            case ALWAYS_EQUAL -> "they cost the same at every volume";
        };
        return head + costs + tail;
    }

    /** A token volume in words: 950, 12k, 50M, 1.25B (3 significant digits). */
    public static String tokens(double v) {
        String[] units = {"", "k", "M", "B", "T"};
        int i = 0;
        double x = v;
        while (Math.abs(x) >= 1000 && i < units.length - 1) {
            x /= 1000;
            i++;
        }
        return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString() + units[i];
    }

    /** Dollars: 2 decimals from $1, else 3 significant digits. */
    public static String usd(double v) {
        if (Math.abs(v) >= 1) {
            return String.format(Locale.ROOT, "$%,.2f", v);
        }
        if (v == 0) {
            return "$0";
        }
        return "$"
                + new BigDecimal(v)
                        .round(new MathContext(3))
                        .stripTrailingZeros()
                        .toPlainString();
    }
}
