package dev.vernier.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.TokenCounts;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Chunk times kept unboxed still behave as an immutable {@code List<Long>} of the same values. */
class NanoListTest {

    @Test
    void equals_and_hashes_like_a_boxed_list_of_the_same_values() {
        NanoList nanos = NanoList.copyOf(new long[] {5, 7, 1_000_000_000_000L, 0}, 3);
        List<Long> boxed = List.of(5L, 7L, 1_000_000_000_000L);
        assertThat(nanos).isEqualTo(boxed).hasSize(3);
        assertThat(boxed).isEqualTo(nanos);
        assertThat(nanos.hashCode()).isEqualTo(boxed.hashCode());
        assertThat(nanos.getLong(2)).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void copies_its_source_so_later_writes_do_not_show() {
        long[] source = {1, 2, 3};
        NanoList nanos = NanoList.copyOf(source, 3);
        source[0] = 99;
        assertThat(nanos.getLong(0)).isEqualTo(1);
    }

    @Test
    void cannot_be_modified_and_refuses_nulls() {
        NanoList nanos = NanoList.copyOf(List.of(1L, 2L));
        assertThatThrownBy(() -> nanos.add(3L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> nanos.set(0, 3L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> NanoList.copyOf(Arrays.asList(1L, null))).isInstanceOf(NullPointerException.class);
        assertThat(NanoList.copyOf(nanos)).isSameAs(nanos);
    }

    @Test
    void a_sample_keeps_its_chunk_times_unboxed_and_reads_latencies_from_them() {
        Sample sample = Sample.builder()
                .seq(0)
                .providerId("p")
                .caseId("c")
                .promptId("p1")
                .repeat(0)
                .warmup(false)
                .startedAt(Instant.EPOCH)
                .intendedNanos(0)
                .sendNanos(0)
                .chunkNanos(List.of(100L, 150L, 230L))
                .endNanos(240)
                .prompt("")
                .text("abc")
                .finishReason(FinishReason.STOP)
                .tokens(TokenCounts.UNKNOWN)
                .failure(null)
                .attempts(1)
                .providerStats(Map.of())
                .build();
        assertThat(sample.chunkNanos()).isInstanceOf(NanoList.class);
        assertThat(sample.ttftNanos()).isEqualTo(100);
        assertThat(sample.e2eNanos()).isEqualTo(230);
        assertThat(sample.itlNanos()).containsExactly(50, 80);
    }
}
