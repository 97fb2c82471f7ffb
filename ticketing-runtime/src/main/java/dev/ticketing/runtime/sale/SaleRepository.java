package dev.ticketing.runtime.sale;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Optional;

import javax.sql.DataSource;

/** The sale and its plan in PostgreSQL, the source of truth the Redis seat map is rebuilt from. */
public final class SaleRepository {

    private final DataSource dataSource;

    public SaleRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Creates the sale, or leaves it as it is when the same plan is already stored. A different plan
     * replaces the stored one only while nothing has been booked: seats already sold cannot move.
     */
    /** @return true when the stored plan was created or replaced (the seat map must be rebuilt) */
    public boolean createOrVerify(String saleId, SalePlan plan) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "sale:" + saleId);
                lock.execute();
            }
            Optional<SalePlan> existing = find(c, saleId);
            boolean changed = existing.isEmpty() || !existing.get().equals(plan);
            if (existing.isEmpty()) {
                insert(c, saleId, plan);
            } else if (changed) {
                if (hasBookings(c, saleId)) {
                    throw new IllegalStateException("sale " + saleId + " already has bookings; its seating plan cannot change");
                }
                try (var delete = c.prepareStatement("DELETE FROM sales WHERE sale_id = ?")) {
                    delete.setString(1, saleId);
                    delete.executeUpdate();
                }
                insert(c, saleId, plan);
            }
            c.commit();
            return changed;
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

    private static boolean hasBookings(Connection c, String saleId) throws SQLException {
        try (var s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM bookings WHERE sale_id = ?)")) {
            s.setString(1, saleId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
