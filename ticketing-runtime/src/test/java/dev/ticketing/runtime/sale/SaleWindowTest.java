package dev.ticketing.runtime.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.MovableClock;
import dev.ticketing.runtime.Role;
import dev.ticketing.runtime.RuntimeFixture;
import dev.ticketing.runtime.booking.BatchHooks;

/** The doors: bookings only from opensAt until closesAt, on a clock the test moves across both edges. */
class SaleWindowTest {

    private static final SalePlan PLAN = new SalePlan("Doors", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 4)));
    private static final Instant OPENS = Instant.parse("2026-12-01T20:00:00Z");
    private static final Instant CLOSES = Instant.parse("2026-12-01T22:00:00Z");

    @Test
    void bookings_are_refused_before_the_doors_open_and_after_they_close_while_the_sale_stays_readable() {
        var clock = new MovableClock(OPENS.minusSeconds(3_600));
        try (RuntimeFixture sale = RuntimeFixture.create("window", PLAN,
                Map.of("SALE_OPENS_AT", "2026-12-01T21:00:00+01:00", "SALE_CLOSES_AT", CLOSES.toString()))
                .startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, null, clock)) {
            String token = sale.newBuyer();

            var shown = sale.get("/api/v1/sales/" + sale.sale(), null);
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.json().get("state").asText()).isEqualTo("scheduled");
            assertThat(shown.json().get("opensAt").asText()).isEqualTo(OPENS.toString());
            assertThat(shown.json().get("available").asLong()).isEqualTo(40);

            var early = book(sale, token, null);
            assertThat(early.status()).isEqualTo(409);
            assertThat(early.contentType()).startsWith("application/problem+json");
            assertThat(early.json().get("code").asText()).isEqualTo("sale_not_open");
            assertThat(early.json().get("opensAt").asText()).isEqualTo(OPENS.toString());

            clock.set(OPENS.minusMillis(1));
            assertThat(book(sale, token, null).json().get("code").asText()).isEqualTo("sale_not_open");
            clock.set(OPENS);
            assertThat(book(sale, token, null).status()).isEqualTo(202);
            assertThat(sale.get("/api/v1/sales/" + sale.sale(), null).json().get("state").asText()).isEqualTo("open");

            clock.set(CLOSES.minusMillis(1));
            var lastOne = book(sale, token, "last-one");
            assertThat(lastOne.status()).isEqualTo(202);
            clock.set(CLOSES);
            var late = book(sale, token, null);
            assertThat(late.status()).isEqualTo(409);
            assertThat(late.json().get("code").asText()).isEqualTo("sale_closed");
            assertThat(late.json().get("closesAt").asText()).isEqualTo(CLOSES.toString());
            var retried = book(sale, token, "last-one");
            assertThat(retried.status()).as("a retry of a booking accepted before closing finds it").isEqualTo(202);
            assertThat(retried.json().get("bookingId")).isEqualTo(lastOne.json().get("bookingId"));
            assertThat(sale.get("/api/v1/sales/" + sale.sale(), null).json().get("state").asText()).isEqualTo("closed");
        }
    }

    private static RuntimeFixture.Response book(RuntimeFixture sale, String token, String idempotencyKey) {
        return sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token, "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}",
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }
}
