package dev.ticketing.runtime.auth;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.ticketing.runtime.http.ApiException;
import dev.ticketing.runtime.http.JsonBodies;
import dev.ticketing.runtime.http.Responses;

/** {@code POST /api/v1/auth/register} and {@code POST /api/v1/auth/login}. */
public final class AuthApi {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final Tokens tokens;
    private final JsonBodies bodies;

    public AuthApi(AccountRepository accounts, PasswordHasher hasher, Tokens tokens, JsonBodies bodies) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.tokens = tokens;
        this.bodies = bodies;
    }

    public void register(ServerRequest req, ServerResponse res) {
        JsonNode body = bodies.object(req);
        String email = email(body);
        String password = password(body);
        String name = JsonBodies.requiredText(body, "name", 100);
        var account = new AccountRepository.Account(UUID.randomUUID(), email, name.strip(), hasher.hash(password));
        if (!accounts.create(account)) {
            throw new ApiException(409, "email_taken", "an account with this e-mail address already exists", "email");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", account.id().toString());
        answer.put("email", account.email());
        answer.put("name", account.name());
        Responses.json(res, Status.CREATED_201, answer);
    }

    public void login(ServerRequest req, ServerResponse res) {
        JsonNode body = bodies.object(req);
        String email = normalized(JsonBodies.requiredText(body, "email", 254));
        String password = JsonBodies.requiredText(body, "password", 128);
        var account = accounts.findByEmail(email);
        if (account.isEmpty()) {
            hasher.verifyNothing(password);
            throw ApiException.unauthorized("e-mail address or password is wrong");
        }
        if (!hasher.verify(password, account.get().passwordHash())) {
            throw ApiException.unauthorized("e-mail address or password is wrong");
        }
        Tokens.Issued issued = tokens.issue(account.get().id());
        Responses.json(res, Status.OK_200, Map.of("token", issued.token(), "expiresAt", issued.expiresAt().toString()));
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
