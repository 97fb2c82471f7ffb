package dev.ticketing.runtime.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;

import dev.ticketing.runtime.http.ApiException;

/** HS256 bearer tokens: the subject is the account id. */
public final class Tokens {

    private static final String ISSUER = "ticketing-runtime";

    private final Algorithm algorithm;
    private final JWTVerifier verifier;
    private final Duration ttl;
    private final Clock clock;

    public Tokens(String secret, Duration ttl, Clock clock) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.verifier = JWT.require(algorithm).withIssuer(ISSUER).acceptLeeway(5).build();
        this.ttl = ttl;
        this.clock = clock;
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(UUID accountId) {
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        String token = JWT.create().withIssuer(ISSUER).withSubject(accountId.toString())
                .withIssuedAt(now).withExpiresAt(expires).sign(algorithm);
        return new Issued(token, expires);
    }

    /** @throws ApiException 401 for a missing, malformed, forged or expired token */
    public UUID accountOf(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("a bearer token is required (Authorization: Bearer <token>)");
        }
        try {
            DecodedJWT jwt = verifier.verify(authorizationHeader.substring(7).strip());
            if (jwt.getExpiresAt() == null) {
                throw ApiException.unauthorized("the token has no expiry");
            }
            return UUID.fromString(jwt.getSubject());
        } catch (JWTVerificationException | IllegalArgumentException | NullPointerException e) {
            throw ApiException.unauthorized("the token is invalid or expired");
        }
    }
}
