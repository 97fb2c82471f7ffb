package dev.ticketing.runtime.sale;

import java.time.Duration;
import java.time.Instant;

/**
 * The sale report — one definition shared by the runtime, the operator's status and the spike tool.
 * {@code selloutSeconds} is the seed's "sellout duration" (first ticket sold → last ticket sold);
 * booking latency is API accept → consumer decision.
 */
public record SaleReport(long ticketsTotal, long ticketsSold, long bookingsAccepted, long bookingsConfirmed,
                         long bookingsFailed, Instant firstSoldAt, Instant soldOutAt, Double selloutSeconds,
                         Latency bookingLatencyMs, Double throughputPerSecond) {

    public record Latency(Double p50, Double p95, Double p99, Double max) {
    }

    /** Raw aggregates as the database returns them. */
    public record Figures(long ticketsTotal, long ticketsSold, long bookingsAccepted, long bookingsConfirmed,
                          long bookingsFailed, Instant firstSoldAt, Instant lastSoldAt, Latency latency) {
    }

    public static SaleReport from(Figures f) {
        boolean soldOut = f.ticketsTotal() > 0 && f.ticketsSold() >= f.ticketsTotal();
        Instant soldOutAt = soldOut ? f.lastSoldAt() : null;
        Double sellout = soldOutAt != null && f.firstSoldAt() != null ? seconds(f.firstSoldAt(), soldOutAt) : null;
        Double throughput = null;
        if (f.ticketsSold() > 0 && f.firstSoldAt() != null && f.lastSoldAt() != null
                && f.lastSoldAt().isAfter(f.firstSoldAt())) {
            throughput = f.ticketsSold() / seconds(f.firstSoldAt(), f.lastSoldAt());
        }
        // Bookings decided before the API counted them (or by an API that restarted) are still accepted ones.
        long accepted = Math.max(f.bookingsAccepted(), f.bookingsConfirmed() + f.bookingsFailed());
        return new SaleReport(f.ticketsTotal(), f.ticketsSold(), accepted, f.bookingsConfirmed(), f.bookingsFailed(),
                f.firstSoldAt(), soldOutAt, sellout, f.latency(), throughput);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
