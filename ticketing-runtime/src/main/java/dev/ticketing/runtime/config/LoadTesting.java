package dev.ticketing.runtime.config;

import java.util.Map;

/** Settings for a process that one machine loads as thousands of buyers (the sandbox, the bench, tests). */
public final class LoadTesting {

    /**
     * Every buyer comes from one address and books as fast as the load generator can, some again and again: the
     * per-address and per-buyer limits would refuse the load itself, not a scalper.
     */
    public static final Map<String, String> UNLIMITED = Map.of(
            "AUTH_LOGINS_PER_MINUTE_PER_ADDRESS", "0",
            "AUTH_REGISTRATIONS_PER_MINUTE_PER_ADDRESS", "0",
            "AUTH_LOGINS_PER_MINUTE_PER_ACCOUNT", "0",
            "BOOKING_REQUESTS_PER_MINUTE_PER_BUYER", "0",
            "SALE_MAX_TICKETS_PER_BUYER", "0");

    private LoadTesting() {
    }
}
