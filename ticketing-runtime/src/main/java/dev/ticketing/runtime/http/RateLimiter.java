package dev.ticketing.runtime.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key (an account, a client address): {@code perMinute} requests a minute on average, in bursts
 * of up to that many; past it, a 429 problem saying when to retry. Limits hold per process (per API replica).
 * Memory is bounded: buckets that have refilled are forgotten (a new one is the same), and under a flood of
 * distinct keys the limiter forgets everyone rather than refuse a newcomer for lack of room.
 */
public final class RateLimiter {

    private final String what;
    private final int perMinute;
    private final long millisPerToken;
    private final int maxKeys;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param what what is limited, for the problem's detail ("login attempts for this account")
     * @param perMinute 0 for no limit
     */
    public RateLimiter(String what, int perMinute, int maxKeys, Clock clock) {
        this.what = what;
        this.perMinute = perMinute;
        this.millisPerToken = perMinute == 0 ? 0 : Math.max(1, 60_000 / perMinute);
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** Takes one request's worth for {@code key}, or throws a 429 problem with the time until the next is allowed. */
    public void acquire(String key) {
        if (perMinute == 0) {
            return;
        }
        long now = clock.millis();
        if (buckets.size() >= maxKeys) {
            forgetRefilled(now);
        }
        long waitMillis = buckets.computeIfAbsent(key, k -> new Bucket(perMinute, now)).take(now, perMinute, millisPerToken);
        if (waitMillis > 0) {
            throw new ApiException(429, "rate_limited", "too many " + what + "; at most " + perMinute + " a minute",
                    null).retryAfter(Duration.ofMillis(waitMillis));
        }
    }

    int keys() {
        return buckets.size();
    }

    private void forgetRefilled(long now) {
        buckets.entrySet().removeIf(e -> e.getValue().fullAt(now, perMinute, millisPerToken));
        if (buckets.size() > maxKeys * 3 / 4) {
            buckets.clear();
        }
    }

    /** Tokens as of {@code updatedAt}; one token is {@code millisPerToken} of waiting. */
    private static final class Bucket {
        private double tokens;
        private long updatedAt;

        Bucket(int capacity, long now) {
            this.tokens = capacity;
            this.updatedAt = now;
        }

        synchronized long take(long now, int capacity, long millisPerToken) {
            refill(now, capacity, millisPerToken);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) * millisPerToken);
        }

        synchronized boolean fullAt(long now, int capacity, long millisPerToken) {
            refill(now, capacity, millisPerToken);
            return tokens >= capacity;
        }

        private void refill(long now, int capacity, long millisPerToken) {
            if (now > updatedAt) {
                tokens = Math.min(capacity, tokens + (double) (now - updatedAt) / millisPerToken);
                updatedAt = now;
            }
        }
    }
}
