package dev.ticketing.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/** The invariants of DESIGN.md checked directly in PostgreSQL, for tests that sell a whole sale. */
public final class SaleInvariants {

    private SaleInvariants() {
    }

    public static long count(RuntimeFixture sale, String sql) throws SQLException {
        try (Connection c = sale.db(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** No seat sold twice, sold ≤ capacity, and what bookings claim matches the booked seat rows. */
    public static void assertNoSeatSoldTwice(RuntimeFixture sale, long capacity) throws SQLException {
        long rows = count(sale, "SELECT count(*) FROM booked_seats");
        assertThat(rows).isLessThanOrEqualTo(capacity);
        Set<String> claimed = new HashSet<>();
        long claims = 0;
        try (Connection c = sale.db(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT section, subsection, seats, quantity FROM bookings WHERE status IN ('pending_payment', 'completed')")) {
            while (rs.next()) {
                String[] seats = (String[]) rs.getArray(3).getArray();
                assertThat(seats).hasSize(rs.getInt(4));
                for (String seat : seats) {
                    claims++;
                    assertThat(claimed.add(rs.getString(1) + "/" + rs.getInt(2) + "/" + seat))
                            .as("seat %s/%s/%s claimed by two bookings", rs.getString(1), rs.getInt(2), seat).isTrue();
                }
            }
        }
        assertThat(claims).as("seats held by live bookings = booked seat rows").isEqualTo(rows);
        assertThat(count(sale, "SELECT count(*) FROM booked_seats s JOIN bookings b ON b.id = s.booking_id "
                + "WHERE b.status NOT IN ('pending_payment', 'completed')")).as("seat rows of dead bookings").isZero();
    }
}
