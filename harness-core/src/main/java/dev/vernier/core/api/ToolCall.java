package dev.vernier.core.api;

import java.util.Objects;

/**
 * One call of a tool, as the model asked for it: which tool, with which arguments. Vendor-neutral:
 * OpenAI and Anthropic give each call an id that the tool's result must quote; Gemini and Ollama give
 * none, and their providers make one up ({@code call_0}, {@code call_1}, ... in the answer's order), so
 * that a conversation can always pair a result with its call.
 *
 * @param id        the call's id (the vendor's, or made up where the vendor has none)
 * @param name      the tool's name
 * @param arguments the arguments as JSON text, as the model wrote them (a JSON object when the model
 *                  wrote valid arguments; possibly not JSON at all when it did not; empty for none)
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "" : arguments;
    }

    /** The id a provider gives the {@code index}-th call of an answer when its vendor sends no ids. */
    public static String madeUpId(int index) {
        return "call_" + index;
    }
}
