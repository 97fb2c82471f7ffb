package dev.ticketing.runtime.sale;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sale and its plan in PostgreSQL, the source of truth the Redis seat map is rebuilt from. A sale is
 * keyed by {@code <namespace>/<name>} ({@code RuntimeConfig.saleId()}), like its topic and Redis keys.
 */
public final class SaleRepository {

    private static final Logger LOG = LoggerFactory.getLogger(SaleRepository.class);

    /** What storing a plan did; the seat map must be rebuilt when the seats themselves are new. */
    public enum Stored {
        CREATED, RESHAPED, UPDATED, UNCHANGED;

        public boolean seatsChanged() {
            return this == CREATED || this == RESHAPED;
        }
    }

    private final DataSource dataSource;

    public SaleRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates the sale or brings the stored plan up to date. Prices, the display name and the per-booking
     * limit are updated in place at any time (new bookings pay the new price; booked totals stay); the shape
     * of the plan (grid, sections, subsections) may change only while nothing has been booked.
     *
     * @param legacyId the key this sale had before sales were keyed by namespace (its bare name): rows stored
     *                 under it are adopted by the first init of this sale
     */
    public Stored createOrVerify(String saleId, String legacyId, SalePlan plan) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "sale:" + saleId);
                lock.execute();
            }
            adoptLegacy(c, saleId, legacyId);
            Optional<SalePlan> existing = find(c, saleId);
            Stored stored;
            if (existing.isEmpty()) {
                insert(c, saleId, plan);
                stored = Stored.CREATED;
            } else if (!existing.get().sameShapeAs(plan)) {
                long bookings = bookings(c, saleId);
                if (bookings > 0) {
                    throw new IllegalStateException("sale " + saleId + " already has " + bookings + " booking(s): the shape "
                            + "of its seating plan (rows, seatsPerRow, sections and their subsections) cannot change; "
                            + "prices, the display name and maxTicketsPerBooking can");
                }
                try (var delete = c.prepareStatement("DELETE FROM sales WHERE sale_id = ?")) {
                    delete.setString(1, saleId);
                    delete.executeUpdate();
                }
                insert(c, saleId, plan);
                stored = Stored.RESHAPED;
            } else if (!existing.get().equals(plan)) {
                updateDetails(c, saleId, plan);
                stored = Stored.UPDATED;
            } else {
                stored = Stored.UNCHANGED;
            }
            c.commit();
            return stored;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store sale " + saleId + ": " + e.getMessage(), e);
        }
    }

    public Optional<SalePlan> find(String saleId) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, saleId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read sale " + saleId + ": " + e.getMessage(), e);
        }
    }

    /** Before migration V2 a sale was keyed by its name alone; its rows move to the namespaced key, once. */
    private static void adoptLegacy(Connection c, String saleId, String legacyId) throws SQLException {
        if (legacyId.equals(saleId) || find(c, saleId).isPresent() || find(c, legacyId).isEmpty()) {
            return;
        }
        // bookings and sale_sections follow through ON UPDATE CASCADE (V2); booked_seats has no such key.
        try (var seats = c.prepareStatement("UPDATE booked_seats SET sale_id = ? WHERE sale_id = ?");
             var sale = c.prepareStatement("UPDATE sales SET sale_id = ? WHERE sale_id = ?")) {
            sale.setString(1, saleId);
            sale.setString(2, legacyId);
            sale.executeUpdate();
            seats.setString(1, saleId);
            seats.setString(2, legacyId);
            int moved = seats.executeUpdate();
            LOG.info("legacy sale adopted from={} to={} bookedSeats={}", legacyId, saleId, moved);
        }
    }

    private static Optional<SalePlan> find(Connection c, String saleId) throws SQLException {
        String displayName;
        int rows;
        int seatsPerRow;
        int maxTickets;
        try (var s = c.prepareStatement(
                "SELECT display_name, seat_rows, seats_per_row, max_tickets_per_booking FROM sales WHERE sale_id = ?")) {
            s.setString(1, saleId);
            try (var rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                displayName = rs.getString(1);
                rows = rs.getInt(2);
                seatsPerRow = rs.getInt(3);
                maxTickets = rs.getInt(4);
            }
        }
        var sections = new ArrayList<SalePlan.Section>();
        try (var s = c.prepareStatement(
                "SELECT name, price, subsections FROM sale_sections WHERE sale_id = ? ORDER BY position")) {
            s.setString(1, saleId);
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    sections.add(new SalePlan.Section(rs.getString(1), rs.getInt(2), rs.getInt(3)));
                }
            }
        }
        return Optional.of(new SalePlan(displayName, rows, seatsPerRow, maxTickets, sections));
    }

    private static void insert(Connection c, String saleId, SalePlan plan) throws SQLException {
        try (var s = c.prepareStatement("INSERT INTO sales (sale_id, display_name, seat_rows, seats_per_row, "
                + "max_tickets_per_booking) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, saleId);
            s.setString(2, plan.displayName());
            s.setInt(3, plan.rows());
            s.setInt(4, plan.seatsPerRow());
            s.setInt(5, plan.maxTicketsPerBooking());
            s.executeUpdate();
        }
        try (var s = c.prepareStatement(
                "INSERT INTO sale_sections (sale_id, name, position, price, subsections) VALUES (?, ?, ?, ?, ?)")) {
            int position = 0;
            for (SalePlan.Section section : plan.sections()) {
                s.setString(1, saleId);
                s.setString(2, section.name());
                s.setInt(3, position++);
                s.setInt(4, section.price());
                s.setInt(5, section.subsections());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static void updateDetails(Connection c, String saleId, SalePlan plan) throws SQLException {
        try (var s = c.prepareStatement(
                "UPDATE sales SET display_name = ?, max_tickets_per_booking = ? WHERE sale_id = ?")) {
            s.setString(1, plan.displayName());
            s.setInt(2, plan.maxTicketsPerBooking());
            s.setString(3, saleId);
            s.executeUpdate();
        }
        try (var s = c.prepareStatement("UPDATE sale_sections SET price = ? WHERE sale_id = ? AND name = ?")) {
            for (SalePlan.Section section : plan.sections()) {
                s.setInt(1, section.price());
                s.setString(2, saleId);
                s.setString(3, section.name());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static long bookings(Connection c, String saleId) throws SQLException {
        try (var s = c.prepareStatement("SELECT count(*) FROM bookings WHERE sale_id = ?")) {
            s.setString(1, saleId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
