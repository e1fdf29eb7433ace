package dev.vernier.provider.llamacpp;

import de.kherud.llama.InferenceParameters;

/**
 * Sends a request to a chosen slot: llama.cpp's {@code id_slot} request field, which java-llama.cpp
 * 4.2.0 accepts in the request's JSON but offers no setter for.
 *
 * <p>Why it matters: left to itself, llama.cpp gives a new request a free slot chosen by prompt
 * similarity or least recent use, so requests spread over the slots, and every slot keeps its last
 * request's cache cells until it is used again. All slots share one KV cache, and each token attends over every
 * cell up to the highest one in use, so stale cells slow every later token: on stories260K a request
 * decoded at about half speed after a run at concurrency 4 had left cells in the other slots.
 * {@link SlotScheduler} starts every request in the lowest free slot, so requests at concurrency 1
 * reuse slot 0's cells.
 *
 * <p>The field is set through {@link RequestFields}; {@link #available()} says whether that works with
 * the java-llama.cpp on the classpath. Without it llama.cpp picks the slots.
 */
final class SlotPinning {

    private static final String ID_SLOT = "id_slot";

    private SlotPinning() {}

    /** True when requests can be pinned to slots with the java-llama.cpp on the classpath. */
    static boolean available() {
        return RequestFields.available();
    }

    /**
     * Pins the request to {@code slot} (0-based).
     *
     * @throws IllegalStateException when pinning is not {@link #available()}
     */
    static InferenceParameters pin(InferenceParameters parameters, int slot) {
        return RequestFields.set(parameters, ID_SLOT, Integer.toString(slot));
    }
}
