package dev.ticketing.e2e.spike;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The three counters a spike must keep at their limits, from what the buyers saw and the server's report.
 * Pure: the runner collects, this judges.
 */
public record Correctness(long ticketsSold, long ticketsTotal, long seatsSoldTwice, long acceptedWithoutDecision) {

    /** A booking as its buyer last saw it: seats are labels within section/subsection. */
    public record Seen(String bookingId, String status, String section, int subsection, List<String> seats) {
    }

    public static Correctness judge(List<Seen> decided, long accepted, long ticketsSold, long ticketsTotal) {
        Set<String> seats = new HashSet<>();
        long twice = 0;
        long undecided = accepted;
        for (Seen booking : decided) {
            if (booking.status() == null || "processing".equals(booking.status())) {
                continue;
            }
            undecided--;
            if (!"pending_payment".equals(booking.status()) && !"completed".equals(booking.status())) {
                continue;
            }
            for (String seat : booking.seats()) {
                if (!seats.add(booking.section() + "/" + booking.subsection() + "/" + seat)) {
                    twice++;
                }
            }
        }
        return new Correctness(ticketsSold, ticketsTotal, twice, Math.max(0, undecided));
    }

    public boolean oversold() {
        return ticketsSold > ticketsTotal;
    }

    public boolean holds() {
        return !oversold() && seatsSoldTwice == 0 && acceptedWithoutDecision == 0;
    }
}
