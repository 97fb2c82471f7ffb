package dev.ticketing.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.http.ApiException;

class HashingPoolTest {

    @Test
    void hashing_runs_on_its_own_platform_threads_not_on_the_requests_virtual_thread() throws Exception {
        try (HashingPool pool = new HashingPool(1, 4)) {
            Thread[] ranOn = new Thread[1];
            Thread caller = Thread.ofVirtual().start(() -> ranOn[0] = pool.run(Thread::currentThread));
            caller.join();

            assertThat(ranOn[0].isVirtual()).isFalse();
            assertThat(ranOn[0].getName()).startsWith("password-hashing-");
        }
    }

    @Test
    void past_its_threads_and_queue_a_login_is_refused_at_once_with_a_503_to_retry() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        try (HashingPool pool = new HashingPool(1, 2)) {
            List<Thread> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // one running, two queued
                waiting.add(Thread.ofVirtual().start(() -> pool.run(() -> {
                    running.countDown();
                    await(release);
                    return null;
                })));
            }
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pool.queued() < 2) {
                assertThat(System.nanoTime()).as("two waiting in the queue").isLessThan(deadline);
                Thread.sleep(1);
            }

            assertThatThrownBy(() -> pool.run(() -> "hash")).asInstanceOf(type(ApiException.class)).satisfies(refused -> {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.code()).isEqualTo("auth_busy");
                assertThat(refused.retryAfter()).hasValue(Duration.ofSeconds(1));
            });
            release.countDown();
            for (Thread t : waiting) {
                t.join();
            }
            assertThat(pool.run(() -> "hash")).as("room again once the queue drained").isEqualTo("hash");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
