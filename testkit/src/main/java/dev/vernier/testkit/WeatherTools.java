package dev.vernier.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vernier.core.api.ConfigException;
import dev.vernier.core.api.GenerationRequest;
import dev.vernier.core.api.Message;
import dev.vernier.core.api.ToolCall;
import dev.vernier.core.api.ToolChoice;
import dev.vernier.core.api.ToolSpec;
import dev.vernier.core.api.Tools;
import dev.vernier.core.schema.JsonSchemas;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tools for tests of tool calling: {@code get_weather} (a required {@code city}, an optional {@code unit}
 * of {@code celsius} or {@code fahrenheit}) and {@code get_time} (a required {@code timezone}), and the
 * requests of one call -> result -> answer loop.
 */
public final class WeatherTools {

    /** The JSON text of {@code get_weather}'s parameters. */
    public static final String WEATHER_PARAMETERS =
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                    + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},\"required\":[\"city\"]}";

    /** The JSON text of {@code get_time}'s parameters. */
    public static final String TIME_PARAMETERS =
            "{\"type\":\"object\",\"properties\":{\"timezone\":{\"type\":\"string\"}},\"required\":[\"timezone\"]}";

    private WeatherTools() {}

    /** {@code get_weather}: "Current weather in a city". */
    public static ToolSpec weather() {
        return tool("get_weather", "Current weather in a city", WEATHER_PARAMETERS);
    }

    /** {@code get_time}: "Local time in a time zone". */
    public static ToolSpec time() {
        return tool("get_time", "Local time in a time zone", TIME_PARAMETERS);
    }

    /** Both tools, {@code get_weather} first, with {@code choice}. */
    public static Tools both(ToolChoice choice) {
        return new Tools(List.of(weather(), time()), choice);
    }

    /** A checked tool from JSON text. */
    public static ToolSpec tool(String name, String description, String parametersJson) {
        try {
            return ToolSpec.of(name, description, JsonSchemas.MAPPER.readTree(parametersJson));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "What is the weather in Paris?" declaring both tools, the model deciding (max 256 tokens). */
    public static GenerationRequest question(String id) {
        return new GenerationRequest(id, "What is the weather in Paris?", null, 0.0, 256, null)
                .withTools(both(ToolChoice.AUTO));
    }

    /**
     * A conversation after two calls and their results: {@link #question} followed by the assistant message
     * calling {@code get_weather} ({@code call_a1}, Paris in celsius) and {@code get_time} ({@code call_b2},
     * Asia/Tokyo), and one result for each ({@link #answered}).
     */
    public static GenerationRequest afterTwoCalls() {
        return answered(
                question("r1"),
                List.of(
                        new ToolCall("call_a1", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"),
                        new ToolCall("call_b2", "get_time", "{\"timezone\":\"Asia/Tokyo\"}")));
    }

    /**
     * The loop's next request: {@code question} followed by the assistant message making {@code calls} and one
     * result per call ({@code "18 degrees and sunny"}).
     */
    public static GenerationRequest answered(GenerationRequest question, List<ToolCall> calls) {
        List<Message> more = new ArrayList<>();
        more.add(Message.assistant("", calls));
        for (ToolCall call : calls) {
            more.add(Message.toolResult(call, "18 degrees and sunny"));
        }
        return question.continuedWith(more);
    }
}
