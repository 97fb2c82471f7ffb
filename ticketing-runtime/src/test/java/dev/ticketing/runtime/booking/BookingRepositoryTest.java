package dev.ticketing.runtime.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.RuntimeFixture;
import dev.ticketing.runtime.db.Database;
import dev.ticketing.runtime.sale.SalePlan;

/** A poll batch's decisions in one statement against real PostgreSQL: all of it or none of it. */
class BookingRepositoryTest {

    private static RuntimeFixture sale;
    private static HikariDataSource pool;
    private static BookingRepository bookings;

    @BeforeAll
    static void initialise() {
        sale = RuntimeFixture.create("repository", new SalePlan("Hall", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 1))),
                Map.of());
        pool = Database.pool(sale.config(), "test", 2);
        bookings = new BookingRepository(pool, sale.config().saleId());
    }

    @AfterAll
    static void close() {
        pool.close();
        sale.close();
    }

    private static DecidedBooking allocated(int row, int seat) {
        Instant now = Instant.now();
        return new DecidedBooking(UUID.randomUUID(), UUID.randomUUID(), "A", 1, "best_available", 1,
                BookingStatus.PENDING_PAYMENT, List.of("A-1-" + row + "-" + seat), new int[] {row}, new int[] {seat}, 100, null,
                now, now, now.plusSeconds(600));
    }

    private static DecidedBooking failed() {
        Instant now = Instant.now();
        return new DecidedBooking(UUID.randomUUID(), UUID.randomUUID(), "A", 1, "best_available", 1, BookingStatus.FAILED,
                List.of(), new int[0], new int[0], 0, "sold_out", now, now, null);
    }

    @Test
    void a_batch_is_stored_with_its_seats_and_a_replayed_batch_changes_nothing() throws Exception {
        DecidedBooking first = allocated(1, 1);
        DecidedBooking second = allocated(1, 2);
        DecidedBooking refused = failed();

        bookings.persist(List.of(first, second, refused));
        bookings.persist(List.of(first, second, refused));

        assertThat(bookings.find(first.id())).map(BookingView::seats).contains(List.of("A-1-1-1"));
        assertThat(bookings.find(refused.id())).map(BookingView::status).contains(BookingStatus.FAILED);
        assertThat(count("SELECT count(*) FROM booked_seats WHERE booking_id IN ('" + first.id() + "', '" + second.id() + "')"))
                .isEqualTo(2);
    }

    @Test
    void a_seat_sold_already_fails_the_whole_batch_and_stores_none_of_it() throws Exception {
        bookings.persist(List.of(allocated(2, 1)));
        DecidedBooking innocent = allocated(2, 2);
        DecidedBooking clashing = allocated(2, 1);

        assertThatThrownBy(() -> bookings.persist(List.of(innocent, clashing))).isInstanceOf(SeatConflictException.class);

        assertThat(bookings.find(innocent.id())).isEmpty();
        assertThat(bookings.find(clashing.id())).isEmpty();
        assertThat(count("SELECT count(*) FROM booked_seats WHERE booking_id = '" + innocent.id() + "'")).isZero();
    }

    @Test
    void applied_releases_are_recorded_with_the_batch() throws Exception {
        DecidedBooking cancelled = allocated(2, 5);
        bookings.persist(List.of(cancelled));
        try (Connection c = sale.db(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE bookings SET status = 'cancelled', release_pending = true WHERE id = '" + cancelled.id() + "'");
        }
        DecidedBooking next = allocated(2, 4);

        bookings.persist(List.of(next), List.of(cancelled.id()));

        assertThat(count("SELECT count(*) FROM bookings WHERE id = '" + cancelled.id() + "' AND release_pending")).isZero();
        assertThat(bookings.find(next.id())).isPresent();
    }

    private static long count(String sql) throws Exception {
        try (Connection c = sale.db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
