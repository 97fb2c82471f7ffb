package dev.ticketing.runtime.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ReportCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger computed = new AtomicInteger();

    @Test
    void computed_at_most_once_per_interval_however_often_asked() {
        ReportCache cache = new ReportCache(this::report, Duration.ofSeconds(1), now::get);
        for (int i = 0; i < 1_000; i++) {
            cache.get();
        }
        assertThat(computed).hasValue(1);

        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(cache.get().ticketsSold()).as("still the first").isEqualTo(1);
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.get().ticketsSold()).as("a second old: computed again").isEqualTo(2);
    }

    @Test
    void callers_arriving_during_a_computation_share_it() throws Exception {
        CountDownLatch computing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ReportCache cache = new ReportCache(() -> {
            computing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return report();
        }, Duration.ofSeconds(1), now::get);
        List<Thread> callers = new ArrayList<>();
        callers.add(Thread.ofVirtual().start(cache::get));
        computing.await();
        for (int i = 0; i < 20; i++) {
            callers.add(Thread.ofVirtual().start(cache::get));
        }
        release.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(computed).hasValue(1);
    }

    private SaleReport report() {
        int n = computed.incrementAndGet();
        return SaleReport.from(new SaleReport.Figures(10, n, 0, 0, 0, null, null, null,
                new SaleReport.Latency(null, null, null, null), 0, 0));
    }
}
