package dev.ticketing.runtime.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.Role;
import dev.ticketing.runtime.RuntimeFixture;
import dev.ticketing.runtime.TicketingRuntime;
import dev.ticketing.runtime.booking.BatchHooks;

/** A sale is namespace + name in PostgreSQL too: two tenants' same-named sales never share a row. */
class SaleIdentityTest {

    private static final SalePlan PLAN = new SalePlan("Twins", 1, 5, 4, List.of(new SalePlan.Section("A", 100, 2)));

    @Test
    void same_named_sales_in_two_namespaces_sell_out_independently_on_one_database_and_one_redis() throws Exception {
        try (RuntimeFixture a = RuntimeFixture.create("twins", PLAN, Map.of("SALE_NAMESPACE", "tenant-a"));
             RuntimeFixture b = a.inNamespace("tenant-b")) {
            a.startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, null);
            b.startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, null);
            assertThat(a.sale()).isEqualTo(b.sale());

            sellOut(a);
            sellOut(b);

            for (RuntimeFixture sale : List.of(a, b)) {
                JsonNode report = sale.report().json();
                assertThat(report.get("ticketsSold").asLong()).as(sale.config().saleId()).isEqualTo(10);
                assertThat(report.get("bookingsConfirmed").asLong()).isEqualTo(10);
                assertThat(report.get("soldOutAt").isNull()).isFalse();
            }
            assertThat(rowsPerSale(a, "booked_seats")).containsExactlyInAnyOrderEntriesOf(
                    Map.of(a.config().saleId(), 10L, b.config().saleId(), 10L));
            assertThat(rowsPerSale(a, "bookings")).containsExactlyInAnyOrderEntriesOf(
                    Map.of(a.config().saleId(), 10L, b.config().saleId(), 10L));
        }
    }

    @Test
    void a_sale_stored_under_its_bare_name_is_adopted_by_its_next_init_with_its_bookings() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.start("legacy", PLAN)) {
            String token = sale.newBuyer();
            String id = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token,
                    "{\"section\":\"A\",\"subsection\":1,\"quantity\":2}").json().get("bookingId").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> "pending_payment".equals(
                    sale.get("/api/v1/bookings/" + id, token).json().get("status").asText()));
            sale.stopRuntime();
            try (Connection c = sale.db(); var s = c.createStatement()) {
                // What a database written before migration V2 holds: the sale keyed by its name alone.
                s.executeUpdate("UPDATE sales SET sale_id = '" + sale.sale() + "'");
                s.executeUpdate("UPDATE booked_seats SET sale_id = '" + sale.sale() + "'");
            }

            TicketingRuntime.init(sale.config());
            sale.startRuntime(EnumSet.of(Role.API, Role.CONSUMER), 1, BatchHooks.NONE, null);

            assertThat(rowsPerSale(sale, "bookings")).containsExactly(Map.entry(sale.config().saleId(), 1L));
            assertThat(rowsPerSale(sale, "booked_seats")).containsExactly(Map.entry(sale.config().saleId(), 2L));
            assertThat(sale.get("/api/v1/bookings/" + id, token).json().get("seats")).hasSize(2);
            assertThat(sale.get("/api/v1/sales/" + sale.sale(), null).json().get("available").asLong())
                    .as("the seat map still holds the adopted seats").isEqualTo(8);
        }
    }

    private static void sellOut(RuntimeFixture sale) {
        for (int i = 0; i < 10; i++) {
            var answer = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", sale.newBuyer(),
                    "{\"section\":\"A\",\"subsection\":" + (1 + i % 2) + ",\"quantity\":1}");
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                sale.report().json().get("ticketsSold").asLong()).isEqualTo(10));
    }

    private static Map<String, Long> rowsPerSale(RuntimeFixture sale, String table) throws Exception {
        Map<String, Long> rows = new HashMap<>();
        try (Connection c = sale.db(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT sale_id, count(*) FROM " + table + " GROUP BY sale_id")) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getLong(2));
            }
        }
        return rows;
    }
}
