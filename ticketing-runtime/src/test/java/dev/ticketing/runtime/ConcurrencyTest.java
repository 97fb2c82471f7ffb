package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.sale.SalePlan;

/** 3,000 buyers race for 1,000 seats through several consumers: nothing oversold, nothing lost. */
class ConcurrencyTest {

    private static final int BUYERS = 3_000;

    @Test
    void three_thousand_buyers_never_oversell_a_thousand_seats_and_every_202_is_decided() throws Exception {
        SalePlan plan = SalePlan.seedLayout("Concurrency arena");
        try (RuntimeFixture sale = RuntimeFixture.create("concurrency", plan, Map.of("KAFKA_PARTITIONS", "8"))
                .startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 4, BatchHooks.NONE, null)) {
            Random random = new Random(42);
            List<HttpRequest> requests = new ArrayList<>(BUYERS);
            List<String> buyers = sale.newBuyers(BUYERS);
            for (int i = 0; i < BUYERS; i++) {
                String body = randomBooking(random, plan);
                requests.add(HttpRequest.newBuilder(sale.uri("/api/v1/sales/" + sale.sale() + "/bookings"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + buyers.get(i))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            }

            Set<String> accepted = ConcurrentHashMap.newKeySet();
            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            HttpClient client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> all = new ArrayList<>();
                for (HttpRequest request : requests) {
                    all.add(pool.submit(() -> {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        statuses.merge(r.statusCode(), 1, Integer::sum);
                        if (r.statusCode() == 202) {
                            accepted.add(Json.MAPPER.readTree(r.body()).get("bookingId").asText());
                        }
                        return null;
                    }));
                }
                for (Future<?> f : all) {
                    f.get();
                }
            }
            assertThat(statuses.keySet()).as("only accepted or sold out: %s", statuses).isSubsetOf(202, 409);
            assertThat(accepted).hasSize(statuses.get(202));

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(SaleInvariants.count(sale, "SELECT count(*) FROM bookings")).isEqualTo(accepted.size()));
            try (var c = sale.db(); var rs = c.createStatement().executeQuery("SELECT id::text FROM bookings")) {
                Set<String> decided = new java.util.HashSet<>();
                while (rs.next()) {
                    decided.add(rs.getString(1));
                }
                assertThat(decided).as("every 202 reached a final state").isEqualTo(accepted);
            }
            SaleInvariants.assertNoSeatSoldTwice(sale, plan.ticketsTotal());

            long sold = SaleInvariants.count(sale, "SELECT count(*) FROM booked_seats");
            assertThat(sold).as("3x oversubscribed: the sale sells (nearly) out").isGreaterThan(900);
            JsonNode report = sale.report().json();
            assertThat(report.get("ticketsSold").asLong()).isEqualTo(sold);
            assertThat(report.get("bookingsAccepted").asLong()).isEqualTo(accepted.size());
            assertThat(report.get("bookingsConfirmed").asLong() + report.get("bookingsFailed").asLong())
                    .isEqualTo(accepted.size());
            assertThat(report.get("bookingsConfirmed").asLong())
                    .isEqualTo(SaleInvariants.count(sale, "SELECT count(*) FROM bookings WHERE status <> 'failed'"));
            JsonNode availability = sale.get("/api/v1/sales/" + sale.sale(), null).json();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    sale.get("/api/v1/sales/" + sale.sale(), null).json().get("available").asLong())
                    .as("the seat map agrees with PostgreSQL").isEqualTo(plan.ticketsTotal() - sold));
            assertThat(availability.get("ticketsTotal").asLong()).isEqualTo(1_000);
        }
    }

    private static String randomBooking(Random random, SalePlan plan) {
        String section = String.valueOf((char) ('A' + random.nextInt(10)));
        int subsection = 1 + random.nextInt(10);
        int quantity = 1 + random.nextInt(4);
        if (random.nextBoolean()) {
            return "{\"section\":\"" + section + "\",\"subsection\":" + subsection + ",\"mode\":\"best_available\",\"quantity\":"
                    + quantity + "}";
        }
        List<String> seats = new ArrayList<>();
        for (int row = 1; row <= plan.rows(); row++) {
            for (int seat = 1; seat <= plan.seatsPerRow(); seat++) {
                seats.add("\"" + row + "-" + seat + "\"");
            }
        }
        Collections.shuffle(seats, random);
        return "{\"section\":\"" + section + "\",\"subsection\":" + subsection + ",\"mode\":\"manual\",\"seats\":["
                + String.join(",", seats.subList(0, quantity)) + "]}";
    }
}
