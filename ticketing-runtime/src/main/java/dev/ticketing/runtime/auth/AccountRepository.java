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

    private final DataSource dataSource;

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
