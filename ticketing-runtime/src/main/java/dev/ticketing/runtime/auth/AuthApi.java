package dev.ticketing.runtime.auth;

import java.text.Normalizer;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.http.ApiException;
import dev.ticketing.runtime.http.ApiRequest;
import dev.ticketing.runtime.http.ApiResponse;
import dev.ticketing.runtime.http.ClientAddresses;
import dev.ticketing.runtime.http.JsonBodies;
import dev.ticketing.runtime.http.RateLimiter;
import dev.ticketing.runtime.http.Responses;

/** {@code POST /api/v1/auth/register} and {@code POST /api/v1/auth/login}. */
public final class AuthApi {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** Distinct accounts and addresses each limiter remembers at most. */
    private static final int MAX_KEYS = 100_000;

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final HashingPool hashing;
    private final Tokens tokens;
    private final JsonBodies bodies;
    private final ClientAddresses clients;
    private final RateLimiter loginsPerAccount;
    private final RateLimiter loginsPerAddress;
    private final RateLimiter registrationsPerAddress;

    public AuthApi(AccountRepository accounts, PasswordHasher hasher, HashingPool hashing, Tokens tokens, JsonBodies bodies,
                   ClientAddresses clients, RuntimeConfig.AuthLimits limits, Clock clock) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.hashing = hashing;
        this.tokens = tokens;
        this.bodies = bodies;
        this.clients = clients;
        this.loginsPerAccount = new RateLimiter("login attempts for this account", limits.loginsPerMinutePerAccount(), MAX_KEYS, clock);
        this.loginsPerAddress = new RateLimiter("login attempts from this address", limits.loginsPerMinutePerAddress(), MAX_KEYS, clock);
        this.registrationsPerAddress = new RateLimiter("registrations from this address",
                limits.registrationsPerMinutePerAddress(), MAX_KEYS, clock);
    }

    public void register(ApiRequest req, ApiResponse res) {
        JsonNode body = bodies.object(req);
        String email = email(body);
        String password = password(body);
        String name = JsonBodies.requiredText(body, "name", 100);
        registrationsPerAddress.acquire(clients.of(req));
        String hash = hashing.run(() -> hasher.hash(password));
        var account = new AccountRepository.Account(UUID.randomUUID(), email, name.strip(), hash);
        if (!accounts.create(account)) {
            throw new ApiException(409, "email_taken", "an account with this e-mail address already exists", "email");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", account.id().toString());
        answer.put("email", account.email());
        answer.put("name", account.name());
        Responses.json(res, 201, answer);
    }

    public void login(ApiRequest req, ApiResponse res) {
        JsonNode body = bodies.object(req);
        String email = normalized(JsonBodies.requiredText(body, "email", 254));
        String password = JsonBodies.requiredText(body, "password", 128);
        // Taken before any hashing: a refused attempt costs none and reveals nothing. Only real accounts get a bucket,
        // so a flood of made-up addresses cannot crowd out (or reset) the limit of an account under attack.
        loginsPerAddress.acquire(clients.of(req));
        var account = accounts.findByEmail(email);
        account.ifPresent(a -> loginsPerAccount.acquire(a.id().toString()));
        if (account.isEmpty()) {
            hashing.run(() -> {
                hasher.verifyNothing(password);
                return null;
            });
            throw ApiException.unauthorized("e-mail address or password is wrong");
        }
        if (!hashing.run(() -> hasher.verify(password, account.get().passwordHash()))) {
            throw ApiException.unauthorized("e-mail address or password is wrong");
        }
        Tokens.Issued issued = tokens.issue(account.get().id());
        Responses.json(res, 200, Map.of("token", issued.token(), "expiresAt", issued.expiresAt().toString()));
    }

    private static String email(JsonNode body) {
        String email = normalized(JsonBodies.requiredText(body, "email", 254));
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.badRequest("email", "email must be an e-mail address");
        }
        return email;
    }

    /**
     * One spelling per address: Unicode NFC (an accent typed precomposed or combined is the same letter) and
     * lower case by the root locale (not the server's: a Turkish locale would fold 'I' to a dotless 'ı').
     */
    static String normalized(String email) {
        return Normalizer.normalize(email.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    private static String password(JsonNode body) {
        String password = JsonBodies.requiredText(body, "password", 128);
        if (password.length() < 8) {
            throw ApiException.badRequest("password", "password must be at least 8 characters");
        }
        return password;
    }
}
