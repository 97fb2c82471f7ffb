package dev.ticketing.runtime.booking;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.runtime.seating.SeatGrid;
import dev.ticketing.runtime.seating.SeatMapStore;

/** Bookings and booked seats in PostgreSQL: the durable truth behind every answer. */
public final class BookingRepository {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final String saleId;

    public BookingRepository(DataSource dataSource, String saleId) {
        this.dataSource = dataSource;
        this.saleId = saleId;
    }

    /**
     * Persists a batch of decisions in one transaction: bookings first (a replayed booking is skipped,
     * the first decision stands), then one row per sold seat of the newly inserted bookings.
     *
     * @throws SeatConflictException when a seat is already sold to another booking
     */
    public void persist(List<DecidedBooking> decisions) {
        persist(decisions, List.of());
    }

    /**
     * As {@link #persist(List)}, and records that the seat map has freed the seats of {@code released} bookings (so the
     * hold sweeper stops publishing their releases), in the same transaction.
     */
    public void persist(List<DecidedBooking> decisions, List<UUID> released) {
        if (decisions.isEmpty() && released.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!decisions.isEmpty()) {
                    Set<UUID> inserted = insertBookings(c, decisions);
                    insertSeats(c, decisions, inserted);
                }
                if (!released.isEmpty()) {
                    try (PreparedStatement s = c.prepareStatement("UPDATE bookings SET release_pending = false "
                            + "WHERE sale_id = ? AND id = ANY (?) AND release_pending")) {
                        s.setString(1, saleId);
                        s.setArray(2, c.createArrayOf("uuid", released.toArray()));
                        s.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw new SeatConflictException("a seat in this batch is already sold: " + e.getMessage(), e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot persist booking decisions: " + e.getMessage(), e);
        }
    }

    private Set<UUID> insertBookings(Connection c, List<DecidedBooking> decisions) throws SQLException {
        int n = decisions.size();
        UUID[] ids = new UUID[n];
        UUID[] accounts = new UUID[n];
        String[] sections = new String[n];
        Integer[] subsections = new Integer[n];
        String[] modes = new String[n];
        Integer[] quantities = new Integer[n];
        String[] statuses = new String[n];
        String[] seats = new String[n];
        Integer[] prices = new Integer[n];
        String[] reasons = new String[n];
        Timestamp[] accepted = new Timestamp[n];
        Timestamp[] decided = new Timestamp[n];
        Timestamp[] holdsEnd = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            DecidedBooking d = decisions.get(i);
            ids[i] = d.id();
            accounts[i] = d.accountId();
            sections[i] = d.section();
            subsections[i] = d.subsection();
            modes[i] = d.mode();
            quantities[i] = d.quantity();
            statuses[i] = d.status().wireName();
            seats[i] = String.join(",", d.seats());
            prices[i] = d.totalPrice();
            reasons[i] = d.failureReason();
            accepted[i] = Timestamp.from(d.acceptedAt());
            decided[i] = Timestamp.from(d.decidedAt());
            holdsEnd[i] = d.holdExpiresAt() == null ? null : Timestamp.from(d.holdExpiresAt());
        }
        String sql = """
                INSERT INTO bookings (id, sale_id, account_id, section, subsection, mode, quantity, status, seats,
                                      total_price, failure_reason, accepted_at, decided_at, updated_at, hold_expires_at)
                SELECT b.id, ?, b.account_id, b.section, b.subsection, b.mode, b.quantity, b.status,
                       CASE WHEN b.seats = '' THEN '{}'::text[] ELSE string_to_array(b.seats, ',') END,
                       b.total_price, b.failure_reason, b.accepted_at, b.decided_at, b.decided_at, b.hold_expires_at
                FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::int[], ?::text[], ?::int[], ?::text[], ?::text[],
                            ?::int[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
                     AS b(id, account_id, section, subsection, mode, quantity, status, seats, total_price,
                          failure_reason, accepted_at, decided_at, hold_expires_at)
                ON CONFLICT (id) DO NOTHING
                RETURNING id""";
        Set<UUID> inserted = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int p = 1;
            s.setString(p++, saleId);
            s.setArray(p++, c.createArrayOf("uuid", ids));
            s.setArray(p++, c.createArrayOf("uuid", accounts));
            s.setArray(p++, c.createArrayOf("text", sections));
            s.setArray(p++, c.createArrayOf("int4", subsections));
            s.setArray(p++, c.createArrayOf("text", modes));
            s.setArray(p++, c.createArrayOf("int4", quantities));
            s.setArray(p++, c.createArrayOf("text", statuses));
            s.setArray(p++, c.createArrayOf("text", seats));
            s.setArray(p++, c.createArrayOf("int4", prices));
            s.setArray(p++, c.createArrayOf("text", reasons));
            s.setArray(p++, c.createArrayOf("timestamptz", accepted));
            s.setArray(p++, c.createArrayOf("timestamptz", decided));
            s.setArray(p, c.createArrayOf("timestamptz", holdsEnd));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return inserted;
    }

    private void insertSeats(Connection c, List<DecidedBooking> decisions, Set<UUID> inserted) throws SQLException {
        List<String> sections = new ArrayList<>();
        List<Integer> subsections = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        List<UUID> bookings = new ArrayList<>();
        List<Timestamp> soldAt = new ArrayList<>();
        for (DecidedBooking d : decisions) {
            if (d.status() != BookingStatus.PENDING_PAYMENT || !inserted.remove(d.id())) {
                continue;
            }
            Timestamp at = Timestamp.from(d.decidedAt());
            for (int i = 0; i < d.seatRows().length; i++) {
                sections.add(d.section());
                subsections.add(d.subsection());
                rows.add(d.seatRows()[i]);
                numbers.add(d.seatNumbers()[i]);
                bookings.add(d.id());
                soldAt.add(at);
            }
        }
        if (bookings.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO booked_seats (sale_id, section, subsection, seat_row, seat_no, booking_id, sold_at)
                SELECT ?, * FROM unnest(?::text[], ?::int[], ?::int[], ?::int[], ?::uuid[], ?::timestamptz[])""")) {
            s.setString(1, saleId);
            s.setArray(2, c.createArrayOf("text", sections.toArray()));
            s.setArray(3, c.createArrayOf("int4", subsections.toArray()));
            s.setArray(4, c.createArrayOf("int4", rows.toArray()));
            s.setArray(5, c.createArrayOf("int4", numbers.toArray()));
            s.setArray(6, c.createArrayOf("uuid", bookings.toArray()));
            s.setArray(7, c.createArrayOf("timestamptz", soldAt.toArray()));
            s.executeUpdate();
        }
    }

    public Optional<BookingView> find(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, account_id, status, section, subsection, seats, "
                     + "total_price, failure_reason FROM bookings WHERE id = ? AND sale_id = ?")) {
            s.setObject(1, id);
            s.setString(2, saleId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read booking: " + e.getMessage(), e);
        }
    }

    /**
     * Marks a pending booking paid if its hold has not run out by {@code now}; the conditional update is what stops a
     * concurrent cancel or expiry.
     */
    public Optional<BookingView> pay(UUID id, UUID accountId, UUID paymentId, Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE bookings SET status = 'completed', payment_id = ?, "
                     + "updated_at = now() WHERE id = ? AND sale_id = ? AND account_id = ? AND status = 'pending_payment' "
                     + "AND (hold_expires_at IS NULL OR hold_expires_at > ?) "
                     + "RETURNING id, account_id, status, section, subsection, seats, total_price, failure_reason")) {
            s.setObject(1, paymentId);
            s.setObject(2, id);
            s.setString(3, saleId);
            s.setObject(4, accountId);
            s.setTimestamp(5, Timestamp.from(now));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record payment: " + e.getMessage(), e);
        }
    }

    /**
     * Cancels a pending booking and frees its seats in PostgreSQL in one transaction. Empty when the
     * booking is not pending (paid, failed, unknown, or someone else's); a booking already cancelled
     * is returned as it is, so a retried cancel is answered the same way.
     */
    public Optional<BookingView> cancel(UUID id, UUID accountId) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Optional<BookingView> cancelled;
            try (PreparedStatement s = c.prepareStatement("UPDATE bookings SET status = 'cancelled', release_pending = true, "
                    + "updated_at = now() "
                    + "WHERE id = ? AND sale_id = ? AND account_id = ? AND status IN ('pending_payment', 'cancelled') "
                    + "RETURNING id, account_id, status, section, subsection, seats, total_price, failure_reason")) {
                s.setObject(1, id);
                s.setString(2, saleId);
                s.setObject(3, accountId);
                try (ResultSet rs = s.executeQuery()) {
                    cancelled = rs.next() ? Optional.of(view(rs)) : Optional.empty();
                }
            }
            if (cancelled.isPresent()) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM booked_seats WHERE booking_id = ?")) {
                    s.setObject(1, id);
                    s.executeUpdate();
                }
            }
            c.commit();
            return cancelled;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot cancel booking: " + e.getMessage(), e);
        }
    }

    /**
     * Holds that ended by {@code now} and are still unpaid become {@code expired}, their seats freed in PostgreSQL, at
     * most {@code limit} of them, oldest first. Rows another sweeper is expiring are skipped, so any number of
     * consumer processes may sweep at once.
     */
    public List<BookingView> expireHolds(Instant now, int limit) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<BookingView> expired = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("""
                    WITH due AS (
                        SELECT id FROM bookings
                        WHERE sale_id = ? AND status = 'pending_payment' AND hold_expires_at <= ?
                        ORDER BY hold_expires_at LIMIT ? FOR UPDATE SKIP LOCKED)
                    UPDATE bookings b SET status = 'expired', release_pending = true, updated_at = now()
                    FROM due WHERE b.id = due.id
                    RETURNING b.id, b.account_id, b.status, b.section, b.subsection, b.seats, b.total_price, b.failure_reason""")) {
                s.setString(1, saleId);
                s.setTimestamp(2, Timestamp.from(now));
                s.setInt(3, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        expired.add(view(rs));
                    }
                }
            }
            if (!expired.isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM booked_seats WHERE booking_id = ANY (?)")) {
                    s.setArray(1, c.createArrayOf("uuid", expired.stream().map(BookingView::id).toArray()));
                    s.executeUpdate();
                }
            }
            c.commit();
            return expired;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot expire holds: " + e.getMessage(), e);
        }
    }

    /**
     * Claims cancelled or expired bookings whose seats the seat map has not freed yet and that nobody has published a
     * release for since {@code changedBefore}: their {@code updated_at} moves to now, so the next claim (by any process)
     * waits as long again.
     */
    public List<BookingView> claimPendingReleases(Instant changedBefore, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     WITH stuck AS (
                         SELECT id FROM bookings WHERE sale_id = ? AND release_pending AND updated_at < ?
                         ORDER BY updated_at LIMIT ? FOR UPDATE SKIP LOCKED)
                     UPDATE bookings b SET updated_at = now() FROM stuck WHERE b.id = stuck.id
                     RETURNING b.id, b.account_id, b.status, b.section, b.subsection, b.seats, b.total_price,
                               b.failure_reason""")) {
            s.setString(1, saleId);
            s.setTimestamp(2, Timestamp.from(changedBefore));
            s.setInt(3, limit);
            List<BookingView> views = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    views.add(view(rs));
                }
            }
            return views;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pending releases: " + e.getMessage(), e);
        }
    }

    /** Everything the seat map must hold, read in one consistent snapshot. */
    public SeatMapStore.Snapshot seatMapSnapshot(SalePlan plan) {
        SeatGrid grid = SeatGrid.of(plan.rows(), plan.seatsPerRow());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            Map<String, List<Integer>> taken = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT section, subsection, seat_row, seat_no FROM booked_seats WHERE sale_id = ?")) {
                s.setString(1, saleId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        taken.computeIfAbsent(SeatMapStore.field(rs.getString(1), rs.getInt(2)), k -> new ArrayList<>())
                                .add(grid.index(rs.getInt(3), rs.getInt(4)));
                    }
                }
            }
            Map<UUID, Integer> heldByBuyer = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT b.account_id, count(*) FROM booked_seats s "
                    + "JOIN bookings b ON b.id = s.booking_id WHERE s.sale_id = ? GROUP BY b.account_id")) {
                s.setString(1, saleId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        heldByBuyer.put(rs.getObject(1, UUID.class), rs.getInt(2));
                    }
                }
            }
            Map<UUID, String> records = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, status, seats, failure_reason FROM bookings WHERE sale_id = ?")) {
                s.setString(1, saleId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        records.put(rs.getObject(1, UUID.class), record(grid, rs));
                    }
                }
            }
            c.commit();
            Map<String, int[]> takenArrays = new HashMap<>();
            taken.forEach((k, v) -> takenArrays.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
            return new SeatMapStore.Snapshot(takenArrays, records, heldByBuyer);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the seat map snapshot: " + e.getMessage(), e);
        }
    }

    private static String record(SeatGrid grid, ResultSet rs) throws SQLException {
        return switch (BookingStatus.fromWire(rs.getString(2))) {
            case FAILED -> "FAIL:" + rs.getString(4);
            case CANCELLED, EXPIRED -> "REL";
            default -> {
                String[] labels = (String[]) rs.getArray(3).getArray();
                int[] seats = new int[labels.length];
                for (int i = 0; i < labels.length; i++) {
                    seats[i] = grid.parseLabel(labels[i]).orElseThrow();
                }
                java.util.Arrays.sort(seats);
                yield SeatMapStore.allocatedRecord(seats);
            }
        };
    }

    private static BookingView view(ResultSet rs) throws SQLException {
        Array seats = rs.getArray(6);
        return new BookingView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                BookingStatus.fromWire(rs.getString(3)), rs.getString(4), rs.getInt(5),
                List.of((String[]) seats.getArray()), rs.getInt(7), rs.getString(8));
    }
}
