package dev.ticketing.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.MovableClock;
import dev.ticketing.runtime.http.ApiException;

/** Remembering verified tokens must never let an expired or altered token through. */
class TokensTest {

    private static final String SECRET = "tokens-test-secret-0123456789-0123456789";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final Tokens tokens = new Tokens(SECRET, Duration.ofMinutes(10), clock, account -> true);

    @Test
    void a_remembered_token_still_expires() {
        UUID account = UUID.randomUUID();
        String token = tokens.issue(account).token();
        assertThat(tokens.accountOf("Bearer " + token)).isEqualTo(account);
        assertThat(tokens.accountOf("Bearer " + token)).as("second use, from memory").isEqualTo(account);

        clock.set(clock.instant().plus(Duration.ofMinutes(11)));

        assertThatThrownBy(() -> tokens.accountOf("Bearer " + token)).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).status()).isEqualTo(401);
    }

    @Test
    void an_altered_copy_of_a_remembered_token_is_verified_and_refused() {
        String token = tokens.issue(UUID.randomUUID()).token();
        tokens.accountOf("Bearer " + token);
        String[] parts = token.split("\\.");
        String otherPayload = tokens.issue(UUID.randomUUID()).token().split("\\.")[1];

        assertThatThrownBy(() -> tokens.accountOf("Bearer " + parts[0] + "." + otherPayload + "." + parts[2]))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> new Tokens("another-secret-of-enough-length-0123456789", Duration.ofMinutes(10), clock, account -> true)
                .accountOf("Bearer " + token)).as("another key never saw it").isInstanceOf(ApiException.class);
    }

    @Test
    void a_freshly_issued_token_needs_no_account_lookup_and_still_expires() {
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        clock.set(Instant.parse("2026-11-25T12:00:00.900Z"));
        Tokens counting = new Tokens(SECRET, Duration.ofMinutes(10), clock, account -> lookups.incrementAndGet() > 0);
        UUID account = UUID.randomUUID();
        String token = counting.issue(account).token();

        assertThat(counting.accountOf("Bearer " + token)).isEqualTo(account);
        assertThat(lookups).as("the issuing login just authenticated the account").hasValue(0);

        clock.set(Instant.parse("2026-11-25T12:10:05.100Z"));
        assertThatThrownBy(() -> counting.accountOf("Bearer " + token)).as("past the token's own expiry and the leeway")
                .isInstanceOf(ApiException.class);
    }
}
