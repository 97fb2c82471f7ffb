package dev.ticketing.runtime.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.runtime.Resources;

/**
 * Versioned, forward-only SQL migrations from {@code db/migration/V<n>__<name>.sql}. One transaction
 * under an advisory lock, so concurrent init Jobs apply each version exactly once.
 */
public final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    private static final List<String> SCRIPTS = List.of("V1__sales_accounts_bookings.sql", "V2__sales_keyed_by_namespace.sql",
            "V3__holds_expire.sql");

    /** How many migrations there are: each is applied exactly once. */
    public static int count() {
        return SCRIPTS.size();
    }

    private Migrations() {
    }

    public static int apply(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(7262011)");
                s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, "
                        + "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
            }
            Set<Integer> applied = new HashSet<>();
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT version FROM schema_migrations")) {
                while (rs.next()) {
                    applied.add(rs.getInt(1));
                }
            }
            int count = 0;
            for (String script : SCRIPTS) {
                int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
                if (applied.contains(version)) {
                    continue;
                }
                try (var s = c.createStatement()) {
                    s.execute(Resources.text("db/migration/" + script));
                }
                try (var insert = c.prepareStatement("INSERT INTO schema_migrations (version, name) VALUES (?, ?)")) {
                    insert.setInt(1, version);
                    insert.setString(2, script);
                    insert.executeUpdate();
                }
                count++;
                LOG.info("migration applied version={} script={}", version, script);
            }
            c.commit();
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException("database migration failed: " + e.getMessage(), e);
        }
    }
}
