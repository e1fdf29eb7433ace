package dev.vernier.core.run;

import dev.vernier.core.api.SchemaCheck;
import dev.vernier.core.api.ToolCall;
import java.util.Objects;

/**
 * A tool call the model made, as the harness recorded it: the call (name and arguments journal-safe,
 * see {@link SafeText}), when it was complete, and whether it fits the request's declared tools.
 *
 * @param call  the call (untrusted text)
 * @param nanos t_call - t_send: when the provider reported the call whole ({@code TokenSink.onToolCall})
 * @param check whether it names a declared tool and its arguments match that tool's schema; null until
 *              checked (the harness checks every call of a successful request off the I/O thread)
 */
public record TimedToolCall(ToolCall call, long nanos, SchemaCheck check) {

    public TimedToolCall {
        Objects.requireNonNull(call, "call");
    }

    /** This call with its check against the declared tools. */
    public TimedToolCall checked(SchemaCheck value) {
        return new TimedToolCall(call, nanos, value);
    }

    /** Whether it was checked and found valid. */
    public boolean valid() {
        return check != null && check.valid();
    }
}
