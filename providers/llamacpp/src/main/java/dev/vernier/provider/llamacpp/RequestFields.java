package dev.vernier.provider.llamacpp;

import de.kherud.llama.InferenceParameters;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Sets a llama.cpp request field that java-llama.cpp 4.2.0 passes on in the request's JSON but offers
 * no setter for ({@code id_slot}, {@code json_schema}). The parameters' JSON map is package-private in
 * java-llama.cpp and reached by reflection; {@link #available()} says whether that worked with the
 * java-llama.cpp on the classpath. Values are JSON text, as the map holds them.
 */
final class RequestFields {

    private static final Field PARAMETERS = parametersField();

    private RequestFields() {}

    private static Field parametersField() {
        try {
            Field field = InferenceParameters.class.getSuperclass().getDeclaredField("parameters");
            field.setAccessible(true);
            return Map.class.isAssignableFrom(field.getType()) ? field : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** True when fields can be set with the java-llama.cpp on the classpath. */
    static boolean available() {
        return PARAMETERS != null;
    }

    /**
     * Sets {@code name} to {@code json} (a JSON value as text) in the request.
     *
     * @throws IllegalStateException when fields cannot be set ({@link #available()} is false)
     */
    static InferenceParameters set(InferenceParameters parameters, String name, String json) {
        if (PARAMETERS == null) {
            throw new IllegalStateException(name + " cannot be set with this java-llama.cpp");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> fields = (Map<String, String>) PARAMETERS.get(parameters);
            fields.put(name, json);
            return parameters;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(name + " cannot be set with this java-llama.cpp", e);
        }
    }
}
