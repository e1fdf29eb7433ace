package dev.vernier.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusedParametersTest {

    private final RefusedParameters table = RefusedParameters.none()
            .with("max_tokens", "set 'parameter_style: reasoning'")
            .with("temperature", "set 'parameter_style: reasoning'")
            .with("thinking", "remove 'reasoning'");

    @Test
    void a_400_naming_a_sent_parameter_keeps_the_vendors_words_and_adds_the_fix() {
        Failure f = new Failure(
                FailureKind.HTTP_STATUS,
                400,
                false,
                "openai: HTTP 400 from api.openai.com: Unsupported parameter: 'max_tokens' is not supported with this"
                        + " model. Use 'max_completion_tokens' instead.");

        Failure explained = table.explain(f);

        assertThat(explained.message())
                .startsWith(f.message())
                .endsWith("the request's 'max_tokens' was refused. Fix: set 'parameter_style: reasoning'");
        assertThat(explained.httpStatus()).isEqualTo(400);
        assertThat(explained.retryable()).isFalse();
    }

    @Test
    void the_name_must_be_a_whole_word_and_the_table_order_decides_between_two() {
        Failure partOfAnother = new Failure(FailureKind.HTTP_STATUS, 400, false, "bad max_tokens_limit");
        Failure both = new Failure(FailureKind.HTTP_STATUS, 400, false, "thinking: temperature must be 1");

        assertThat(table.explain(partOfAnother)).isSameAs(partOfAnother);
        assertThat(table.explain(both).message()).contains("the request's 'temperature' was refused");
    }

    @Test
    void other_statuses_and_successes_are_left_alone() {
        Failure server = new Failure(FailureKind.SERVER_ERROR, 500, true, "temperature sensor on fire");

        assertThat(table.explain(server)).isSameAs(server);
        assertThat(table.explain((Failure) null)).isNull();
    }
}
