package dev.ticketing.runtime.sale;

import java.time.Duration;
import java.time.Instant;

/**
 * The sale report — one definition shared by the runtime, the operator's status and the spike tool.
 * The sale clock starts at the first accepted booking (the API's accept time), so {@code selloutSeconds}
 * includes the queueing buyers waited through and is never 0 for a sale that sold; the seed's "sellout
 * duration" (first ticket sold → last) is {@code sellingWindowSeconds}. Booking latency is API accept →
 * consumer decision. {@code bookingsConfirmed} counts every booking that got seats, including those cancelled or
 * expired since (also counted on their own); {@code ticketsSold} counts the seats sold now, so it drops when a hold
 * ends and the sale is sold out again only once those seats are sold again.
 */
public record SaleReport(long ticketsTotal, long ticketsSold, long bookingsAccepted, long bookingsConfirmed,
                         long bookingsFailed, long bookingsCancelled, long bookingsExpired, Instant firstAcceptedAt,
                         Instant firstSoldAt, Instant soldOutAt, Double selloutSeconds, Double sellingWindowSeconds, Latency bookingLatencyMs,
                         Double throughputPerSecond) {

    public record Latency(Double p50, Double p95, Double p99, Double max) {
    }

    /** Raw aggregates as the database returns them. */
    public record Figures(long ticketsTotal, long ticketsSold, long bookingsAccepted, long bookingsConfirmed,
                          long bookingsFailed, Instant firstAcceptedAt, Instant firstSoldAt, Instant lastSoldAt,
                          Latency latency, long bookingsCancelled, long bookingsExpired) {
    }

    public static SaleReport from(Figures f) {
        boolean soldOut = f.ticketsTotal() > 0 && f.ticketsSold() >= f.ticketsTotal();
        Instant soldOutAt = soldOut ? f.lastSoldAt() : null;
        Double throughput = null;
        if (f.ticketsSold() > 0 && f.firstAcceptedAt() != null && f.lastSoldAt() != null
                && f.lastSoldAt().isAfter(f.firstAcceptedAt())) {
            throughput = f.ticketsSold() / seconds(f.firstAcceptedAt(), f.lastSoldAt());
        }
        // Bookings decided before the API counted them (or by an API that restarted) are still accepted ones.
        long accepted = Math.max(f.bookingsAccepted(), f.bookingsConfirmed() + f.bookingsFailed());
        return new SaleReport(f.ticketsTotal(), f.ticketsSold(), accepted, f.bookingsConfirmed(), f.bookingsFailed(),
                f.bookingsCancelled(), f.bookingsExpired(), f.firstAcceptedAt(), f.firstSoldAt(), soldOutAt, between(f.firstAcceptedAt(), soldOutAt),
                between(f.firstSoldAt(), soldOutAt), f.latency(), throughput);
    }

    private static Double between(Instant from, Instant to) {
        return from == null || to == null ? null : seconds(from, to);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
