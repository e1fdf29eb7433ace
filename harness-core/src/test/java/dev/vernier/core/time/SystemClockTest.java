package dev.vernier.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void a_clock_with_its_own_timer_runs_tasks_on_its_thread_until_stopped_and_then_leaves_no_thread()
            throws InterruptedException {
        SystemClock clock = SystemClock.withOwnTimer("own-timer-test");
        String[] ranOn = new String[1];
        CountDownLatch ran = new CountDownLatch(1);
        clock.schedule(Duration.ofMillis(5), () -> {
            ranOn[0] = Thread.currentThread().getName();
            ran.countDown();
        });
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ranOn[0]).isEqualTo("own-timer-test");
        CountDownLatch late = new CountDownLatch(1);
        clock.schedule(Duration.ofMillis(50), late::countDown);

        clock.stop();

        assertThat(late.await(200, TimeUnit.MILLISECONDS))
                .as("a task pending at stop")
                .isFalse();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (timerAlive("own-timer-test") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(timerAlive("own-timer-test")).isFalse();
    }

    @Test
    void the_shared_clock_refuses_to_stop() {
        assertThatThrownBy(() -> SystemClock.instance().stop()).isInstanceOf(IllegalStateException.class);
    }

    private static boolean timerAlive(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(name));
    }
}
