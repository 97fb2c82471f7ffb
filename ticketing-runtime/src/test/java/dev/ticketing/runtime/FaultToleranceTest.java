package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import redis.clients.jedis.Jedis;

import dev.ticketing.runtime.RuntimeFixture.Response;
import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.services.SharedServices;

/** Processes die, stores forget, brokers vanish: every 202 still ends decided, no seat is sold twice. */
class FaultToleranceTest {

    private static final SalePlan SMALL = new SalePlan("Faults", 2, 5, 4, List.of(
            new SalePlan.Section("A", 500, 5), new SalePlan.Section("B", 200, 5)));

    /** What a process death looks like from inside: nothing after this point runs. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated process death", null, false, false);
        }
    }

    @ParameterizedTest(name = "crash {0}")
    @ValueSource(strings = {"after seat decisions, before the database commit", "after the database commit, before the offset commit"})
    void sells_each_seat_at_most_once_when_a_consumer_dies_mid_batch(String moment) throws Exception {
        boolean beforeCommit = moment.startsWith("after seat");
        try (RuntimeFixture sale = RuntimeFixture.create("crash", SMALL, Map.of())
                .startRuntime(EnumSet.of(Role.API), 0, BatchHooks.NONE, null)) {
            CountDownLatch crashed = new CountDownLatch(1);
            AtomicBoolean armed = new AtomicBoolean(true);
            BatchHooks dieOnce = new BatchHooks() {
                @Override
                public void afterSeatDecisions() {
                    if (beforeCommit) {
                        die();
                    }
                }

                @Override
                public void afterDatabaseCommit() {
                    if (!beforeCommit) {
                        die();
                    }
                }

                private void die() {
                    if (armed.compareAndSet(true, false)) {
                        crashed.countDown();
                        throw new SimulatedCrash();
                    }
                }
            };
            TicketingRuntime doomed = sale.startProcess(EnumSet.of(Role.CONSUMER), 1, dieOnce, Map.of("HTTP_PORT", "0"));
            Set<String> accepted = bookConcurrently(sale, 120);
            assertThat(crashed.await(60, TimeUnit.SECONDS)).as("the consumer reached the crash point").isTrue();
            doomed.close();

            try (TicketingRuntime successor = sale.startProcess(EnumSet.of(Role.CONSUMER), 1, BatchHooks.NONE,
                    Map.of("HTTP_PORT", "0"))) {
                awaitAllDecided(sale, accepted);
                SaleInvariants.assertNoSeatSoldTwice(sale, SMALL.ticketsTotal());
                assertSeatMapAgreesWithDatabase(sale);
            }
        }
    }

    @Test
    void a_flushed_seat_map_is_rebuilt_from_postgresql_without_overselling() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.start("flush", SMALL)) {
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            accepted.addAll(bookConcurrently(sale, 40));
            awaitAllDecided(sale, accepted);
            long soldBefore = SaleInvariants.count(sale, "SELECT count(*) FROM booked_seats");
            assertThat(soldBefore).isPositive();

            try (Jedis jedis = new Jedis(URI.create(SharedServices.redisUrl()))) {
                jedis.flushAll();
            }
            accepted.addAll(bookConcurrently(sale, 200));
            awaitAllDecided(sale, accepted);

            SaleInvariants.assertNoSeatSoldTwice(sale, SMALL.ticketsTotal());
            assertThat(SaleInvariants.count(sale, "SELECT count(*) FROM booked_seats")).isGreaterThan(soldBefore);
            assertSeatMapAgreesWithDatabase(sale);
            assertThat(sale.get("/metrics", null).body()).contains("ticketing_seat_map_rebuilds_total");
        }
    }

    @Test
    void an_unreachable_broker_gets_503_never_202() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (RuntimeFixture sale = RuntimeFixture.create("no-broker", SMALL, Map.of());
             TicketingRuntime api = sale.startProcess(EnumSet.of(Role.API), 0, BatchHooks.NONE, Map.of(
                     "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + deadPort, "KAFKA_ACK_TIMEOUT_MS", "1500"))) {
            sale.useApiOf(api);
            String token = sale.newBuyer();
            for (int i = 0; i < 3; i++) {
                Response r = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token,
                        "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}");
                ApiContractTest.assertProblem(r, 503, null);
                assertThat(r.json().get("code").asText()).isEqualTo("broker_unavailable");
            }
            assertThat(sale.report().json().get("bookingsAccepted").asLong()).isZero();
        }
    }

    @Test
    void the_same_idempotency_key_twice_books_once() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.start("idempotency", SMALL)) {
            String token = sale.newBuyer();
            String key = "order-" + UUID.randomUUID();
            Set<String> ids = ConcurrentHashMap.newKeySet();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Response>> responses = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    responses.add(pool.submit(() -> sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token,
                            "{\"section\":\"B\",\"subsection\":2,\"quantity\":3}", Map.of("Idempotency-Key", key))));
                }
                for (Future<Response> f : responses) {
                    assertThat(f.get().status()).isEqualTo(202);
                    ids.add(f.get().json().get("bookingId").asText());
                }
            }
            assertThat(ids).hasSize(1);
            awaitAllDecided(sale, ids);
            Response again = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token,
                    "{\"section\":\"B\",\"subsection\":2,\"quantity\":3}", Map.of("Idempotency-Key", key));
            assertThat(again.json().get("bookingId").asText()).isEqualTo(ids.iterator().next());
            assertThat(again.json().get("status").asText()).isEqualTo("pending_payment");
            assertThat(SaleInvariants.count(sale, "SELECT count(*) FROM bookings")).isEqualTo(1);
            assertThat(SaleInvariants.count(sale, "SELECT count(*) FROM booked_seats")).isEqualTo(3);
            assertThat(sale.report().json().get("bookingsAccepted").asLong())
                    .isEqualTo(1);
            Response otherBuyer = sale.post("/api/v1/sales/" + sale.sale() + "/bookings",
                    sale.newBuyer(), "{\"section\":\"B\",\"subsection\":2,\"quantity\":1}",
                    Map.of("Idempotency-Key", key));
            assertThat(otherBuyer.json().get("bookingId").asText()).as("keys are per buyer").isNotEqualTo(ids.iterator().next());
        }
    }

    @Test
    void payment_and_cancellation_of_one_booking_never_both_succeed() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.start("pay-or-cancel", SMALL)) {
            for (int round = 0; round < 10; round++) {
                String token = sale.newBuyer();
                Response booked = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token,
                        "{\"section\":\"A\",\"subsection\":" + (1 + round % 5) + ",\"quantity\":1}");
                String id = booked.json().get("bookingId").asText();
                awaitAllDecided(sale, Set.of(id), "id = '" + id + "'");
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    Future<Response> pay = pool.submit(() -> sale.post("/api/v1/bookings/" + id + "/payment", token,
                            "{\"cardNumber\":\"4242424242424242\"}"));
                    Future<Response> cancel = pool.submit(() -> sale.post("/api/v1/bookings/" + id + "/cancel", token, ""));
                    int paid = pay.get().status();
                    int cancelled = cancel.get().status();
                    boolean paymentWon = paid == 200;
                    assertThat(paymentWon || cancelled == 202).as("one of them wins: pay %d, cancel %d", paid, cancelled).isTrue();
                    assertThat(paymentWon ? cancelled : paid).as("the other gets 409").isEqualTo(409);
                    String status = sale.get("/api/v1/bookings/" + id, token).json().get("status").asText();
                    assertThat(status).isEqualTo(paymentWon ? "completed" : "cancelled");
                }
            }
            SaleInvariants.assertNoSeatSoldTwice(sale, SMALL.ticketsTotal());
        }
    }

    @Test
    void an_unreadable_command_goes_to_the_dead_letter_topic_and_the_sale_goes_on() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.start("poison", SMALL)) {
            var props = Map.<String, Object>of("bootstrap.servers", SharedServices.kafkaBootstrapServers());
            try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(props,
                    new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.StringSerializer())) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(sale.config().commandsTopic(), "A:1",
                        "{not a command")).get();
            }
            Set<String> accepted = bookConcurrently(sale, 20);
            awaitAllDecided(sale, accepted);
            try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(Map.<String, Object>of(
                    "bootstrap.servers", SharedServices.kafkaBootstrapServers(), "group.id", "dlq-reader-" + UUID.randomUUID(),
                    "auto.offset.reset", "earliest"), new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.StringDeserializer())) {
                consumer.subscribe(List.of(sale.config().dlqTopic()));
                List<String> dead = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> dead.add(r.value()));
                    return !dead.isEmpty();
                });
                assertThat(dead).containsExactly("{not a command");
            }
        }
    }

    private static Set<String> bookConcurrently(RuntimeFixture sale, int count) throws Exception {
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        java.util.Random random = new java.util.Random(count);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String body = "{\"section\":\"" + (random.nextBoolean() ? "A" : "B") + "\",\"subsection\":"
                        + (1 + random.nextInt(5)) + ",\"quantity\":" + (1 + random.nextInt(4)) + "}";
                all.add(pool.submit(() -> {
                    Response r = sale.post("/api/v1/sales/" + sale.sale() + "/bookings",
                            sale.newBuyer(), body);
                    assertThat(r.status()).as(r.body()).isIn(202, 409);
                    if (r.status() == 202) {
                        accepted.add(r.json().get("bookingId").asText());
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        return accepted;
    }

    static void awaitAllDecided(RuntimeFixture sale, Set<String> accepted) {
        awaitAllDecided(sale, accepted, "true");
    }

    static void awaitAllDecided(RuntimeFixture sale, Set<String> accepted, String where) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            Set<String> decided = new java.util.HashSet<>();
            try (var c = sale.db(); var rs = c.createStatement().executeQuery("SELECT id::text FROM bookings WHERE " + where)) {
                while (rs.next()) {
                    decided.add(rs.getString(1));
                }
            }
            assertThat(decided).isEqualTo(accepted);
        });
    }

    private static void assertSeatMapAgreesWithDatabase(RuntimeFixture sale) throws Exception {
        long sold = SaleInvariants.count(sale, "SELECT count(*) FROM booked_seats");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                sale.get("/api/v1/sales/" + sale.sale(), null).json().get("available").asLong())
                .isEqualTo(SMALL.ticketsTotal() - sold));
    }

}
