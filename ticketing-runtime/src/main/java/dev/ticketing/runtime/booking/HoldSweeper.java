package dev.ticketing.runtime.booking;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends unpaid holds: every few seconds, bookings held longer than the hold time become {@code expired} in PostgreSQL
 * (seats freed there at once), their seats go back on sale through the same ordered partition path as a cancel,
 * and buyers' event streams hear of it. Runs in every consumer process, so expiry needs no API request and resumes
 * after any restart; PostgreSQL's row locks let sweepers run side by side. Releases the seat map has not yet
 * applied (one lost with a crashed process, or a cancel's that failed to publish) are published again.
 */
public final class HoldSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HoldSweeper.class);
    /** Bookings per transaction. */
    static final int BATCH = 500;
    /** A release younger than this is still on its way. */
    private static final Duration RELEASE_GRACE = Duration.ofSeconds(30);

    private final BookingRepository bookings;
    private final CommandPublisher publisher;
    private final OutcomeBus outcomes;
    private final Clock clock;
    private final Duration interval;
    private volatile boolean running = true;
    private Thread thread;

    public HoldSweeper(BookingRepository bookings, CommandPublisher publisher, OutcomeBus outcomes, Duration hold, Clock clock) {
        this.bookings = bookings;
        this.publisher = publisher;
        this.outcomes = outcomes;
        this.clock = clock;
        // Often enough that a hold ends within a small fraction of its length, never more than once a second.
        this.interval = Duration.ofMillis(Math.clamp(hold.toMillis() / 20, 1_000, 5_000));
    }

    public HoldSweeper start() {
        thread = Thread.ofPlatform().daemon().name("hold-sweeper").start(this::loop);
        return this;
    }

    /** One sweep: expires what is due (in batches until none is left) and republishes stuck releases. */
    public int sweep() {
        int expired = 0;
        List<BookingView> due;
        do {
            due = bookings.expireHolds(clock.instant(), BATCH);
            if (!due.isEmpty()) {
                release(due);
                outcomes.publish(due);
                expired += due.size();
            }
        } while (due.size() == BATCH && running);
        List<BookingView> stuck = bookings.claimPendingReleases(clock.instant().minus(RELEASE_GRACE), BATCH);
        if (!stuck.isEmpty()) {
            LOG.info("publishing seat releases again bookings={}", stuck.size());
            release(stuck);
        }
        return expired;
    }

    private void release(List<BookingView> views) {
        List<BookingCommand> releases = new ArrayList<>(views.size());
        for (BookingView v : views) {
            releases.add(BookingCommand.release(v.id(), v.accountId(), v.section(), v.subsection()));
        }
        publisher.publishAll(releases);
    }

    private void loop() {
        while (running) {
            try {
                int expired = sweep();
                if (expired > 0) {
                    LOG.info("holds expired bookings={}", expired);
                }
            } catch (RuntimeException e) {
                // PostgreSQL or the broker away: the next sweep finds the same bookings (still due, or release_pending).
                LOG.warn("hold sweep failed; retrying in {} s error={}", interval.toSeconds(), e.toString());
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
