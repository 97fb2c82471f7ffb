package dev.ticketing.runtime.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;

import dev.ticketing.runtime.http.ApiException;

/**
 * HS256 bearer tokens: the subject is the account id. A buyer sends the same token with every request,
 * so verified tokens are remembered until they expire: the signature is checked once, not per request.
 */
public final class Tokens {

    private static final String ISSUER = "ticketing-runtime";
    /** Enough for every buyer of a large sale; beyond it the cache starts over rather than grow without bound. */
    private static final int MAX_REMEMBERED = 200_000;

    private record Verified(UUID account, Instant expiresAt) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private static final long LEEWAY_SECONDS = 5;

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration ttl;
    private final Clock clock;
    private final Predicate<UUID> accountExists;

    /** @param accountExists asked once per token (a verified token is remembered), so it may ask the database */
    public Tokens(String secret, Duration ttl, Clock clock, Predicate<UUID> accountExists) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = ((JWTVerifier.BaseVerification) JWT.require(algorithm).withIssuer(ISSUER).acceptLeeway(LEEWAY_SECONDS))
                .build(clock);
        this.ttl = ttl;
        this.clock = clock;
        this.accountExists = accountExists;
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(UUID accountId) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        String token = JWT.create().withIssuer(ISSUER).withSubject(accountId.toString())
                .withIssuedAt(now).withExpiresAt(expires).sign(algorithm);
        // Known good (the account was just authenticated): a buyer's first booking skips the signature check and the
        // account lookup. The token carries whole seconds; so does the remembered expiry.
        remember(token, new Verified(accountId, expires.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        return new Issued(token, expires);
    }

    private void remember(String token, Verified account) {
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(token, account);
    }

    /** @throws ApiException 401 for a missing, malformed, forged or expired token */
    public UUID accountOf(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("a bearer token is required (Authorization: Bearer <token>)");
        }
        String token = authorizationHeader.substring(7).strip();
        Verified known = verified.get(token);
        if (known != null && clock.instant().isBefore(known.expiresAt())) {
            return known.account();
        }
        try {
            DecodedJWT jwt = verifier.verify(token);
            if (jwt.getExpiresAt() == null) {
                throw ApiException.unauthorized("the token has no expiry");
            }
            // A token this API would never issue (signed with a leaked key, say) must not live for years.
            if (jwt.getExpiresAtAsInstant().isAfter(clock.instant().plus(ttl).plusSeconds(LEEWAY_SECONDS))) {
                throw ApiException.unauthorized("the token lives longer than tokens of this API do");
            }
            UUID account = UUID.fromString(jwt.getSubject());
            if (!accountExists.test(account)) {
                throw ApiException.unauthorized("the token's account does not exist");
            }
            remember(token, new Verified(account, jwt.getExpiresAtAsInstant()));
            return account;
        } catch (JWTVerificationException | IllegalArgumentException | NullPointerException e) {
            throw ApiException.unauthorized("the token is invalid or expired");
        }
    }
}
