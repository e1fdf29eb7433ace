package dev.vernier.core.api;

import java.util.Objects;

/**
 * What is known about the model behind a provider. Unknown values are {@code null}, never guessed.
 *
 * @param model          model name as the provider names it
 * @param openWeights    whether the weights are openly available, null when unknown
 * @param licence        licence name, null when unknown
 * @param parameterCount number of parameters, null when unknown
 * @param quantisation   quantisation (e.g. F32, Q4_K_M), null when unknown
 * @param dataGoes       where prompts go
 * @param notes          free-text facts worth showing (e.g. "no chat template: raw prompt sent")
 */
public record ModelFacts(
        String model,
        Boolean openWeights,
        String licence,
        Long parameterCount,
        String quantisation,
        DataDestination dataGoes,
        String notes) {

    public ModelFacts {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataGoes, "dataGoes");
        notes = notes == null ? "" : notes;
    }

    /** A proprietary model behind a vendor's API: closed weights, nothing else published, data sent to the vendor. */
    public static ModelFacts vendorApi(String model, String notes) {
        return new ModelFacts(model, false, null, null, null, DataDestination.VENDOR, notes);
    }
}
