package dev.ticketing.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.MovableClock;

class RateLimiterTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void a_burst_of_the_minutes_allowance_then_a_429_saying_when_the_next_is_allowed() {
        RateLimiter limiter = new RateLimiter("attempts", 6, 100, clock);
        for (int i = 0; i < 6; i++) {
            limiter.acquire("ada");
        }

        assertThatThrownBy(() -> limiter.acquire("ada")).asInstanceOf(type(ApiException.class)).satisfies(refused -> {
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.code()).isEqualTo("rate_limited");
            assertThat(refused.retryAfter()).as("one token is 10 s at 6 a minute").hasValue(Duration.ofSeconds(10));
        });
        limiter.acquire("bob"); // keys are independent
    }

    @Test
    void tokens_come_back_with_time_and_never_beyond_the_burst() {
        RateLimiter limiter = new RateLimiter("attempts", 6, 100, clock);
        for (int i = 0; i < 6; i++) {
            limiter.acquire("ada");
        }
        clock.set(clock.instant().plusSeconds(4));
        assertThatThrownBy(() -> limiter.acquire("ada")).asInstanceOf(type(ApiException.class))
                .extracting(ApiException::retryAfter).isEqualTo(Optional.of(Duration.ofSeconds(6)));

        clock.set(clock.instant().plusSeconds(6));
        limiter.acquire("ada");

        clock.set(clock.instant().plus(Duration.ofHours(1)));
        for (int i = 0; i < 6; i++) {
            limiter.acquire("ada");
        }
        assertThatThrownBy(() -> limiter.acquire("ada")).isInstanceOf(ApiException.class);
    }

    @Test
    void zero_means_no_limit() {
        RateLimiter limiter = new RateLimiter("attempts", 0, 100, clock);
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("ada");
        }
        assertThat(limiter.keys()).isZero();
    }

    @Test
    void a_flood_of_distinct_keys_stays_within_its_bound_and_never_refuses_a_newcomer() {
        RateLimiter limiter = new RateLimiter("attempts", 2, 1_000, clock);
        for (int i = 0; i < 50_000; i++) {
            limiter.acquire("address-" + i);
            assertThat(limiter.keys()).isLessThanOrEqualTo(1_000);
        }
    }

    @Test
    void refilled_buckets_are_forgotten_first_so_a_limited_key_stays_limited() {
        RateLimiter limiter = new RateLimiter("attempts", 1, 10, clock);
        limiter.acquire("scalper");
        clock.set(clock.instant().plusSeconds(1));
        for (int i = 0; i < 5; i++) {
            limiter.acquire("idle-" + i);
        }
        clock.set(clock.instant().plusSeconds(120)); // the idle ones refill; the scalper's bucket too, so take again
        limiter.acquire("scalper");
        for (int i = 5; i < 12; i++) {
            limiter.acquire("newcomer-" + i);
        }

        assertThatThrownBy(() -> limiter.acquire("scalper")).as("still remembered after the sweep").isInstanceOf(ApiException.class);
    }
}
