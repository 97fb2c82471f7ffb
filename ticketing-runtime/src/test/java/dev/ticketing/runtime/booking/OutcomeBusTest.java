package dev.ticketing.runtime.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.params.ClientKillParams;

import dev.ticketing.services.SharedServices;

/** What an API replica hears of decisions over real Redis pub/sub, and what it forgets when the subscription breaks. */
class OutcomeBusTest {

    private static JedisPool pool;

    @BeforeAll
    static void connect() {
        pool = new JedisPool(URI.create(SharedServices.redisUrl()));
    }

    @AfterAll
    static void disconnect() {
        pool.close();
    }

    private static BookingView view(UUID id, BookingStatus status) {
        return new BookingView(id, UUID.randomUUID(), status, "A", 1, List.of("A-1-1-1"), 100, null);
    }

    /** Absence counts for bookings accepted from a moment after the subscription was (re)made. */
    private static boolean live(OutcomeBus bus) {
        return bus.wouldHaveHeard(System.currentTimeMillis() + 2 * RecentOutcomes.CLOCK_SKEW_MILLIS);
    }

    @Test
    void a_replica_remembers_every_decision_it_hears_watched_or_not_and_forgets_them_when_its_subscription_breaks() {
        String prefix = "test:" + UUID.randomUUID() + ":";
        try (OutcomeBus listening = new OutcomeBus(pool, prefix); OutcomeBus deciding = new OutcomeBus(pool, prefix)) {
            assertThat(live(listening)).as("before it listens").isFalse();
            listening.listen();
            await().atMost(Duration.ofSeconds(10)).until(() -> live(listening));

            UUID watched = UUID.randomUUID();
            UUID unwatched = UUID.randomUUID();
            var changes = new LinkedBlockingQueue<BookingView>();
            try (OutcomeBus.Watch ignored = listening.watch(watched, changes::offer)) {
                deciding.publish(List.of(view(watched, BookingStatus.PENDING_PAYMENT), view(unwatched, BookingStatus.FAILED)));
                await().atMost(Duration.ofSeconds(10)).until(() -> listening.heard(unwatched).isPresent());
            }
            assertThat(changes).extracting(BookingView::id).containsExactly(watched);
            assertThat(listening.heard(watched)).map(BookingView::status).contains(BookingStatus.PENDING_PAYMENT);
            assertThat(listening.heard(unwatched)).map(BookingView::status).contains(BookingStatus.FAILED);

            long beforeTheBreak = System.currentTimeMillis();
            killSubscriber(prefix + "outcomes");
            await().atMost(Duration.ofSeconds(10)).until(() -> listening.heard(watched).isEmpty());
            await().atMost(Duration.ofSeconds(10)).until(() -> live(listening));
            assertThat(listening.heard(unwatched)).as("a change made while it was away may have been missed").isEmpty();
            assertThat(listening.wouldHaveHeard(beforeTheBreak)).isFalse();

            UUID later = UUID.randomUUID();
            deciding.publish(List.of(view(later, BookingStatus.FAILED)));
            await().atMost(Duration.ofSeconds(10)).until(() -> listening.heard(later).isPresent());
        }
    }

    /** The subscriber names its connection after its channel, so operators (and this test) can find it. */
    private static void killSubscriber(String channel) {
        try (Jedis jedis = pool.getResource()) {
            String id = jedis.clientList().lines().filter(line -> line.contains(" name=" + channel + " "))
                    .map(line -> line.replaceAll("^id=(\\d+) .*", "$1")).findFirst().orElseThrow();
            assertThat(jedis.clientKill(ClientKillParams.clientKillParams().id(id))).isEqualTo(1);
        }
    }
}
