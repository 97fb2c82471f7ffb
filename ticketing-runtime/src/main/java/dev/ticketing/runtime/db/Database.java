package dev.ticketing.runtime.db;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.ticketing.runtime.config.RuntimeConfig;

/**
 * PostgreSQL connection pools. Fixed-size: a flash sale goes from idle to its peak in milliseconds, and a
 * pool that grows on demand opens its connections one by one while hundreds of requests queue for them.
 */
public final class Database {

    private Database() {
    }

    /** @param size connections, all opened up front (in the background: start-up does not wait for them) */
    public static HikariDataSource pool(RuntimeConfig config, String role, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.postgresJdbcUrl());
        hikari.setUsername(config.postgresUser());
        hikari.setPassword(config.postgresPassword());
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(size);
        hikari.setPoolName("ticketing-" + role);
        hikari.setConnectionTimeout(5_000);
        hikari.setValidationTimeout(2_000);
        // A broken database must not stop the process from starting: readiness reports it instead.
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", "ticketing-" + role);
        return new HikariDataSource(hikari);
    }

    public static boolean reachable(DataSource dataSource) {
        try (var c = dataSource.getConnection(); var s = c.createStatement()) {
            s.setQueryTimeout(2);
            return s.execute("SELECT 1");
        } catch (java.sql.SQLException e) {
            return false;
        }
    }
}
