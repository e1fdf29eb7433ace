package dev.vernier.provider.langchain4j;

import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.Secrets;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A langchain4j model builder driven by name: the builder of a class named in a suite, and its
 * properties set from YAML values through its public one-argument methods, exactly as Java code would
 * call them ({@code baseUrl: ...} calls {@code baseUrl(String)}). Values are converted to the
 * method's parameter type: text, whole and decimal numbers, true/false, enum constants by name,
 * durations (milliseconds, {@code "30s"}, {@code "500ms"}, {@code "2m"} or ISO-8601 {@code PT30S}),
 * lists and maps of those. Every problem is one {@link ConfigException} naming the property and the
 * fix; nothing is built until {@link #build()}.
 */
final class BuilderProperties {

    /** The option under which problems are reported. */
    static final String OPTION = "properties";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final String className;
    private final Object builder;

    private BuilderProperties(String className, Object builder) {
        this.className = className;
        this.builder = builder;
    }

    /**
     * The builder of {@code className}: the result of its public static {@code builder()} method, or,
     * for a class that is itself a builder (public no-argument constructor and a {@code build()}
     * method), a new instance.
     */
    static BuilderProperties of(String className, ClassLoader loader) throws ConfigException {
        Class<?> type;
        try {
            type = Class.forName(className.trim(), true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(
                    "builder",
                    "class '" + className + "' is not on the class path. Fix: check the name (e.g."
                            + " dev.langchain4j.model.openai.OpenAiStreamingChatModel) and put the langchain4j"
                            + " integration's jar, with its dependencies, on Vernier's class path");
        }
        try {
            Method factory = type.getMethod("builder");
            if (Modifier.isStatic(factory.getModifiers())) {
                return new BuilderProperties(type.getName(), factory.invoke(null));
            }
        } catch (NoSuchMethodException e) {
            // not a model class with a builder() method: maybe the builder itself
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new ConfigException("builder", type.getName() + ".builder() failed: " + cause(e));
        }
        try {
            type.getMethod("build");
            return new BuilderProperties(type.getName(), type.getConstructor().newInstance());
        } catch (NoSuchMethodException e) {
            throw new ConfigException(
                    "builder",
                    "'" + type.getName() + "' is neither a model class with a static builder() method nor a builder"
                            + " with a public no-argument constructor and build(). Fix: name the model class, e.g."
                            + " dev.langchain4j.model.openai.OpenAiStreamingChatModel");
        } catch (ReflectiveOperationException e) {
            throw new ConfigException("builder", "cannot create a " + type.getName() + ": " + cause(e));
        }
    }

    /** The builder's class name, for messages. */
    String builderClass() {
        return builder.getClass().getName();
    }

    /** Whether the builder has a one-argument method {@code name} taking {@code parameter}. */
    boolean has(String name, Class<?> parameter) {
        return setters(name).stream().anyMatch(m -> m.getParameterTypes()[0].isAssignableFrom(parameter));
    }

    /**
     * Calls the builder's method {@code name} with {@code value} converted to its parameter type;
     * among overloads, the first that can take the value.
     */
    void set(String name, Object value) throws ConfigException {
        List<Method> candidates = setters(name);
        if (candidates.isEmpty()) {
            throw new ConfigException(
                    OPTION,
                    "'" + name + "' is not a property of " + builderClass() + closest(name) + ". Properties: "
                            + String.join(", ", propertyNames()));
        }
        List<String> wanted = new ArrayList<>();
        for (Method method : candidates) {
            Type parameter = method.getGenericParameterTypes()[0];
            Object converted;
            try {
                converted = convert(value, parameter);
            } catch (IllegalArgumentException e) {
                wanted.add(e.getMessage());
                continue;
            }
            invoke(method, name, converted);
            return;
        }
        throw new ConfigException(
                OPTION,
                "'" + name + "' of " + builderClass() + " cannot be set from '" + value + "': it takes "
                        + String.join(" or ", wanted)
                        + ". A property that needs a Java object must be set in code: build the model"
                        + " there and hand it to ChatModelProvider");
    }

    /** Calls a setter with an object made in code (Vernier's own HTTP client builder, say). */
    void setObject(String name, Class<?> parameter, Object value) throws ConfigException {
        for (Method method : setters(name)) {
            if (method.getParameterTypes()[0].isAssignableFrom(parameter)) {
                invoke(method, name, value);
                return;
            }
        }
        throw new ConfigException(OPTION, builderClass() + " has no method " + name + "(" + parameter.getName() + ")");
    }

    /** Calls {@code build()}; what it throws (a missing property, say) becomes a clear message. */
    Object build() throws ConfigException {
        try {
            return builder.getClass().getMethod("build").invoke(builder);
        } catch (InvocationTargetException e) {
            throw new ConfigException("builder", builderClass() + ".build() failed: " + cause(e));
        } catch (ReflectiveOperationException e) {
            throw new ConfigException("builder", "cannot call " + builderClass() + ".build(): " + cause(e));
        }
    }

    private void invoke(Method method, String name, Object argument) throws ConfigException {
        try {
            method.invoke(builder, argument);
        } catch (InvocationTargetException e) {
            throw new ConfigException(OPTION, "'" + name + "' was refused by " + builderClass() + ": " + cause(e));
        } catch (IllegalAccessException e) {
            throw new ConfigException(OPTION, "'" + name + "' of " + builderClass() + " cannot be called: " + cause(e));
        }
    }

    /** Public one-argument methods called {@code name}, simplest parameter types first. */
    private List<Method> setters(String name) {
        List<Method> found = new ArrayList<>();
        for (Method method : builder.getClass().getMethods()) {
            if (method.getName().equals(name)
                    && method.getParameterCount() == 1
                    && !Modifier.isStatic(method.getModifiers())
                    && method.getDeclaringClass() != Object.class) {
                found.add(method);
            }
        }
        found.sort(Comparator.comparing((Method m) -> rank(m.getParameterTypes()[0]))
                .thenComparing(m -> m.getParameterTypes()[0].getName()));
        return found;
    }

    /** Prefer plain values over collections, and those over anything else. */
    private static int rank(Class<?> type) {
        if (type == String.class
                || type.isPrimitive()
                || Number.class.isAssignableFrom(type)
                || type == Boolean.class) {
            return 0;
        }
        if (type.isEnum() || type == Duration.class) {
            return 1;
        }
        return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) ? 2 : 3;
    }

    /** The builder's property names: its public one-argument instance methods. */
    Set<String> propertyNames() {
        Set<String> names = new TreeSet<>();
        for (Method method : builder.getClass().getMethods()) {
            if (method.getParameterCount() == 1
                    && !Modifier.isStatic(method.getModifiers())
                    && method.getDeclaringClass() != Object.class) {
                names.add(method.getName());
            }
        }
        return names;
    }

    private String closest(String name) {
        String lower = name.toLowerCase(Locale.ROOT).replace("_", "");
        for (String known : propertyNames()) {
            if (known.toLowerCase(Locale.ROOT).equals(lower)) {
                return " (did you mean '" + known + "'?)";
            }
        }
        return "";
    }

    // ------------------------------------------------------------------ conversion

    /** {@code value} as {@code type}; an {@link IllegalArgumentException} says what the type wants. */
    static Object convert(Object value, Type type) {
        Class<?> raw = rawClass(type);
        if (raw == String.class) {
            if (value instanceof Map || value instanceof List) {
                throw new IllegalArgumentException("a text");
            }
            return value.toString();
        }
        if (raw == int.class || raw == Integer.class) {
            return (int) whole(value, Integer.MIN_VALUE, Integer.MAX_VALUE, "a whole number");
        }
        if (raw == long.class || raw == Long.class) {
            return whole(value, Long.MIN_VALUE, Long.MAX_VALUE, "a whole number");
        }
        if (raw == double.class || raw == Double.class) {
            return decimal(value);
        }
        if (raw == float.class || raw == Float.class) {
            return (float) decimal(value);
        }
        if (raw == boolean.class || raw == Boolean.class) {
            if (value instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException("true or false");
        }
        if (raw == Duration.class) {
            return duration(value);
        }
        if (raw.isEnum()) {
            return constant(raw, value);
        }
        if (raw == List.class || raw == Collection.class || raw == Set.class) {
            if (!(value instanceof List<?> items)) {
                throw new IllegalArgumentException("a list");
            }
            Type element = typeArgument(type, 0);
            Collection<Object> out = raw == Set.class ? new LinkedHashSet<>() : new ArrayList<>();
            for (Object item : items) {
                out.add(convert(item, element));
            }
            return out;
        }
        if (raw == Map.class) {
            if (!(value instanceof Map<?, ?> entries)) {
                throw new IllegalArgumentException("a map");
            }
            Type valueType = typeArgument(type, 1);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                out.put(String.valueOf(e.getKey()), convert(e.getValue(), valueType));
            }
            return out;
        }
        throw new IllegalArgumentException("a " + raw.getName());
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    /** The {@code index}th type argument, or String when it is unknown or a wildcard. */
    private static Type typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
            Type argument = p.getActualTypeArguments()[index];
            if (argument instanceof Class<?> || argument instanceof ParameterizedType) {
                return argument == Object.class ? String.class : argument;
            }
        }
        return String.class;
    }

    private static long whole(Object value, long min, long max, String what) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            long v = n.longValue();
            if (v >= min && v <= max) {
                return v;
            }
        }
        throw new IllegalArgumentException(what);
    }

    private static double decimal(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("a number");
    }

    /** Milliseconds as a number, {@code 30s} / {@code 500ms} / {@code 2m} / {@code 1h}, or ISO-8601. */
    private static Duration duration(Object value) {
        if (value instanceof Number n && n.longValue() >= 0) {
            return Duration.ofMillis(n.longValue());
        }
        if (value instanceof String text) {
            Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            try {
                return Duration.parse(text.trim());
            } catch (DateTimeParseException e) {
                // fall through to the message
            }
        }
        throw new IllegalArgumentException("a duration (milliseconds, \"30s\", \"500ms\", \"2m\" or \"PT30S\")");
    }

    private static Object constant(Class<?> type, Object value) {
        Object[] constants = type.getEnumConstants();
        if (value instanceof String text) {
            for (Object c : constants) {
                if (((Enum<?>) c).name().equalsIgnoreCase(text.trim())) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("one of " + Arrays.toString(constants));
    }

    private static String cause(Exception e) {
        Throwable t = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
        return Secrets.redact(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
    }
}
