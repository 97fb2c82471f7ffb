package dev.ticketing.runtime.sale;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

/** Reads the report's aggregates from PostgreSQL in one snapshot. */
public final class SaleReportQuery {

    private final DataSource dataSource;
    private final String saleId;

    public SaleReportQuery(DataSource dataSource, String saleId) {
        this.dataSource = dataSource;
        this.saleId = saleId;
    }

    public SaleReport report(long ticketsTotal, long bookingsAccepted) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     WITH b AS (
                         SELECT count(*) FILTER (WHERE status <> 'failed') AS confirmed,
                                count(*) FILTER (WHERE status = 'failed') AS failed,
                                count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
                                count(*) FILTER (WHERE status = 'expired') AS expired,
                                min(decided_at) FILTER (WHERE status <> 'failed') AS first_sold,
                                min(accepted_at) AS first_accepted,
                                percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP
                                    (ORDER BY extract(epoch FROM decided_at - accepted_at) * 1000) AS pct,
                                max(extract(epoch FROM decided_at - accepted_at) * 1000) AS worst
                         FROM bookings WHERE sale_id = ?),
                     s AS (SELECT count(*) AS sold, max(sold_at) AS last_sold FROM booked_seats WHERE sale_id = ?)
                     SELECT b.confirmed, b.failed, b.first_sold, b.pct, b.worst, s.sold, s.last_sold, b.first_accepted,
                            b.cancelled, b.expired
                     FROM b, s""")) {
            s.setString(1, saleId);
            s.setString(2, saleId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Double[] pct = rs.getArray(4) == null ? new Double[3] : toDoubles((Object[]) rs.getArray(4).getArray());
                Double worst = rs.getObject(5) == null ? null : rs.getDouble(5);
                var latency = new SaleReport.Latency(round(pct[0]), round(pct[1]), round(pct[2]), round(worst));
                return SaleReport.from(new SaleReport.Figures(ticketsTotal, rs.getLong(6), bookingsAccepted,
                        rs.getLong(1), rs.getLong(2), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(7)), latency, rs.getLong(9), rs.getLong(10)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute the sale report: " + e.getMessage(), e);
        }
    }

    private static Double[] toDoubles(Object[] values) {
        Double[] result = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i] == null ? null : ((Number) values[i]).doubleValue();
        }
        return result;
    }

    private static Double round(Double millis) {
        return millis == null ? null : Math.round(millis * 1000) / 1000.0;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
