package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.sale.SalePlan;

/**
 * Unpaid holds end: with no request arriving, across a restart, with seats back on sale through the seat map, the
 * buyer told by their event stream, the report counting it, and payment refused. The clock is the test's; the hold
 * is a minute.
 */
class HoldExpiryTest {

    private static final String PAY = "{\"cardNumber\":\"4242424242424242\"}";
    private static final String CARD_HOLD_TWO = "{\"section\":\"A\",\"subsection\":1,\"mode\":\"manual\",\"seats\":[\"1-1\",\"1-2\"]}";

    private final MovableClock clock = new MovableClock(Instant.now());

    @Test
    void an_unpaid_hold_expires_its_seats_return_to_sale_and_payment_is_refused() throws Exception {
        try (RuntimeFixture sale = start(8)) {
            String ada = sale.newBuyer();
            String bob = sale.newBuyer();
            String held = book(sale, ada, CARD_HOLD_TWO);
            awaitStatus(sale, ada, held, "pending_payment");
            String paid = book(sale, ada, "{\"section\":\"A\",\"subsection\":2,\"quantity\":1}");
            awaitStatus(sale, ada, paid, "pending_payment");
            assertThat(sale.post("/api/v1/bookings/" + paid + "/payment", ada, PAY).status()).isEqualTo(200);
            CompletableFuture<List<String>> events = events(sale, ada, held);
            await().atMost(Duration.ofSeconds(30)).until(() -> openStreams(sale) > 0);

            clock.set(Instant.now().plusSeconds(61));

            assertThat(events.get(30, TimeUnit.SECONDS)).as("the stream tells the buyer and ends")
                    .last().asString().contains("\"status\":\"expired\"");
            assertThat(awaitStatus(sale, ada, paid, "completed")).as("a paid booking never expires").isNotNull();
            var refused = sale.post("/api/v1/bookings/" + held + "/payment", ada, PAY);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.json().path("code").asText()).isEqualTo("hold_expired");
            await().atMost(Duration.ofSeconds(30)).until(() -> available(sale, "A", 1) == 10);
            String resold = book(sale, bob, CARD_HOLD_TWO);
            assertThat(awaitStatus(sale, bob, resold, "pending_payment").get("seats").toString()).isEqualTo("[\"1-1\",\"1-2\"]");
            JsonNode report = sale.report().json();
            assertThat(report.path("bookingsExpired").asLong()).isEqualTo(1);
            assertThat(report.path("ticketsSold").asLong()).as("bob's two and ada's paid one").isEqualTo(3);
        }
    }

    @Test
    void a_hold_due_while_no_process_ran_expires_once_one_starts_again() {
        try (RuntimeFixture sale = start(8)) {
            String ada = sale.newBuyer();
            String held = book(sale, ada, CARD_HOLD_TWO);
            awaitStatus(sale, ada, held, "pending_payment");
            sale.stopRuntime();

            clock.set(Instant.now().plusSeconds(120));
            sale.startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, null, clock);

            awaitStatus(sale, ada, held, "expired");
            await().atMost(Duration.ofSeconds(30)).until(() -> available(sale, "A", 1) == 10);
        }
    }

    @Test
    void an_expired_hold_gives_the_buyer_their_allowance_back() {
        try (RuntimeFixture sale = start(2)) {
            String ada = sale.newBuyer();
            String held = book(sale, ada, CARD_HOLD_TWO);
            awaitStatus(sale, ada, held, "pending_payment");
            var atLimit = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", ada, "{\"section\":\"B\",\"subsection\":1,\"quantity\":1}");
            assertThat(atLimit.status()).isEqualTo(409);
            assertThat(atLimit.json().path("code").asText()).isEqualTo("buyer_limit");
            // The seat map lost (a Redis restart): the API's fast path knows nothing, the rebuild from PostgreSQL does.
            try (var redis = new redis.clients.jedis.JedisPool(java.net.URI.create(dev.ticketing.services.SharedServices.redisUrl()));
                 var jedis = redis.getResource()) {
                jedis.del(sale.config().redisPrefix() + "meta", sale.config().redisPrefix() + "buyers");
            }
            String past = book(sale, ada, "{\"section\":\"B\",\"subsection\":1,\"quantity\":1}");
            assertThat(awaitStatus(sale, ada, past, "failed").path("failureReason").asText()).isEqualTo("buyer_limit");

            clock.set(Instant.now().plusSeconds(61));
            awaitStatus(sale, ada, held, "expired");
            await().atMost(Duration.ofSeconds(30)).until(() -> available(sale, "A", 1) == 10);

            String again = book(sale, ada, "{\"section\":\"B\",\"subsection\":1,\"quantity\":2}");
            awaitStatus(sale, ada, again, "pending_payment");
        }
    }

    @Test
    void a_release_that_never_reached_the_seat_map_is_published_again() throws Exception {
        try (RuntimeFixture sale = start(8)) {
            String ada = sale.newBuyer();
            String held = book(sale, ada, CARD_HOLD_TWO);
            awaitStatus(sale, ada, held, "pending_payment");
            // A cancel committed in PostgreSQL whose release command was lost (the API died before publishing it).
            try (var db = sale.db(); var cancel = db.createStatement()) {
                cancel.executeUpdate("UPDATE bookings SET status = 'cancelled', release_pending = true WHERE id = '" + held + "'");
                cancel.executeUpdate("DELETE FROM booked_seats WHERE booking_id = '" + held + "'");
            }
            await("the seat map still holds them").atMost(Duration.ofSeconds(30)).until(() -> available(sale, "A", 1) == 8);

            clock.set(Instant.now().plusSeconds(31));

            await().atMost(Duration.ofSeconds(30)).until(() -> available(sale, "A", 1) == 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> !releasePending(sale, held));
        }
    }

    private RuntimeFixture start(int maxTicketsPerBuyer) {
        return RuntimeFixture.create("holds", SalePlan.seedLayout("Holds"),
                        Map.of("SALE_HOLD_SECONDS", "60", "SALE_MAX_TICKETS_PER_BUYER", String.valueOf(maxTicketsPerBuyer)))
                .startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, null, clock);
    }

    private static String book(RuntimeFixture sale, String token, String body) {
        var answer = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer.json().get("bookingId").asText();
    }

    private static JsonNode awaitStatus(RuntimeFixture sale, String token, String id, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> sale.get("/api/v1/bookings/" + id, token).json(),
                b -> b.path("status").asText().equals(status));
    }

    private static int available(RuntimeFixture sale, String section, int subsection) {
        for (JsonNode s : sale.get("/api/v1/sales/" + sale.sale(), null).json().get("sections")) {
            if (s.get("name").asText().equals(section)) {
                return s.get("subsections").get(subsection - 1).get("available").asInt();
            }
        }
        throw new AssertionError("no section " + section);
    }

    private static boolean releasePending(RuntimeFixture sale, String id) throws Exception {
        try (var db = sale.db(); var s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT release_pending FROM bookings WHERE id = '" + id + "'")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static int openStreams(RuntimeFixture sale) {
        String metrics = sale.get("/metrics", null).body();
        for (String line : metrics.split("\n")) {
            if (line.startsWith("ticketing_sse_streams_open")) {
                return (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static CompletableFuture<List<String>> events(RuntimeFixture sale, String token, String id) {
        HttpRequest request = HttpRequest.newBuilder(sale.uri("/api/v1/bookings/" + id + "/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
            List<String> data = new ArrayList<>();
            try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("data:")) {
                        data.add(line.substring(5).strip());
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return data;
        });
    }
}
