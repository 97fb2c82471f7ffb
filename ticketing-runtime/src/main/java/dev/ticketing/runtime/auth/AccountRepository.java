package dev.ticketing.runtime.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

/** Buyer accounts; e-mail addresses are unique regardless of case. */
public final class AccountRepository {

    public record Account(UUID id, String email, String name, String passwordHash) {
    }

    private static final int MAX_KNOWN = 500_000;

    private final DataSource dataSource;
    private final java.util.Set<UUID> known = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public AccountRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return false when the e-mail address is already registered */
    public boolean create(Account account) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO accounts (id, email, name, password_hash) "
                     + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setObject(1, account.id());
            s.setString(2, account.email());
            s.setString(3, account.name());
            s.setString(4, account.passwordHash());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create account: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the account exists. Accounts are never deleted, so a yes is remembered (up to a bound) and a token's
     * owner is looked up once, not per request.
     */
    public boolean exists(UUID id) {
        if (known.contains(id)) {
            return true;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ?)")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                boolean exists = rs.getBoolean(1);
                if (exists) {
                    if (known.size() >= MAX_KNOWN) {
                        known.clear();
                    }
                    known.add(id);
                }
                return exists;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up account: " + e.getMessage(), e);
        }
    }

    public Optional<Account> findByEmail(String email) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "SELECT id, email, name, password_hash FROM accounts WHERE lower(email) = lower(?)")) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Account(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read account: " + e.getMessage(), e);
        }
    }
}
