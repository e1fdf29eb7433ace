package dev.vernier.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SystemClockTest {

    @Test
    void runs_a_scheduled_task_after_its_delay_and_not_a_cancelled_one() throws InterruptedException {
        SystemClock clock = SystemClock.instance();
        CountDownLatch ran = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        long start = clock.nanoTime();

        clock.schedule(Duration.ofMillis(30), ran::countDown);
        clock.schedule(Duration.ofMillis(10), cancelled::countDown).cancel();

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(clock.nanoTime() - start).isGreaterThanOrEqualTo(30_000_000L);
        assertThat(cancelled.await(50, TimeUnit.MILLISECONDS)).isFalse();
    }
}
