package dev.ticketing.runtime.booking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.runtime.observability.Metrics;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.runtime.seating.SeatDecision;
import dev.ticketing.runtime.seating.SeatGrid;
import dev.ticketing.runtime.seating.SeatMapStore;
import dev.ticketing.runtime.seating.SeatOperation;

/**
 * Decides one poll batch: one pipelined seat map round trip for all its commands (in partition
 * order), then one PostgreSQL transaction. A stale seat map is rebuilt from PostgreSQL first; a seat
 * PostgreSQL already holds sends the batch round again on a rebuilt map.
 */
public final class BatchProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);
    private static final int MAX_ATTEMPTS = 5;

    private final SalePlan plan;
    private final SeatGrid grid;
    private final SeatMapStore seatMap;
    private final BookingRepository bookings;
    private final BatchHooks hooks;
    private final Metrics metrics;
    private final Tracer tracer;
    private final Duration hold;
    private final Clock clock;

    /** @param hold how long allocated seats are held for payment, from the decision by {@code clock} */
    public BatchProcessor(SalePlan plan, SeatMapStore seatMap, BookingRepository bookings, BatchHooks hooks,
                          Metrics metrics, Tracer tracer, Duration hold, Clock clock) {
        this.hold = hold;
        this.clock = clock;
        this.tracer = tracer;
        this.plan = plan;
        this.grid = SeatGrid.of(plan.rows(), plan.seatsPerRow());
        this.seatMap = seatMap;
        this.bookings = bookings;
        this.hooks = hooks;
        this.metrics = metrics;
    }

    /** @return the decided bookings, for outcome publication once the offsets are committed */
    public List<BookingView> process(List<BookingCommand> commands) {
        Map<UUID, DecidedBooking> rejected = new LinkedHashMap<>();
        List<BookingCommand> toSeatMap = new ArrayList<>(commands.size());
        List<SeatOperation> operations = new ArrayList<>(commands.size());
        for (BookingCommand command : commands) {
            if (command.type() == BookingCommand.Type.RELEASE) {
                toSeatMap.add(command);
                operations.add(SeatOperation.release(command.bookingId(), command.accountId(), command.section(), command.subsection()));
                continue;
            }
            int[] seats = requestedSeats(command);
            if (plan.section(command.section()).filter(s -> command.subsection() >= 1
                    && command.subsection() <= s.subsections()).isEmpty() || seats == null) {
                // Validated by the API against the same plan; only a changed plan or a forged record lands here.
                rejected.putIfAbsent(command.bookingId(), failed(command, "invalid_request", Instant.now()));
                continue;
            }
            toSeatMap.add(command);
            operations.add(SeatOperation.allocate(command.bookingId(), command.accountId(), command.section(), command.subsection(),
                    command.mode(), command.quantity(), seats));
        }

        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            List<SeatDecision> decisions = traced("redis seat map", operations.size(), () -> seatMap.apply(operations));
            if (decisions.stream().anyMatch(SeatDecision::stale)) {
                metrics.countSeatMapRebuild("missing");
                seatMap.rebuild(() -> bookings.seatMapSnapshot(plan));
                continue;
            }
            hooks.afterSeatDecisions();
            Map<UUID, DecidedBooking> decided = new LinkedHashMap<>(rejected);
            List<UUID> released = new ArrayList<>();
            Instant now = Instant.now();
            for (int i = 0; i < toSeatMap.size(); i++) {
                BookingCommand command = toSeatMap.get(i);
                SeatDecision decision = decisions.get(i);
                if (command.type() == BookingCommand.Type.BOOK) {
                    switch (decision.kind()) {
                        case ALLOCATED -> decided.putIfAbsent(command.bookingId(), allocated(command, decision.seats(), now));
                        case FAILED -> decided.putIfAbsent(command.bookingId(), failed(command, decision.failureReason(), now));
                        default -> { } // already decided and cancelled since: nothing left to write
                    }
                } else {
                    released.add(command.bookingId()); // freed now, or held nothing to free
                }
            }
            List<DecidedBooking> batch = new ArrayList<>(decided.values());
            try {
                traced("postgres persist bookings", batch.size(), () -> {
                    bookings.persist(batch, released);
                    return null;
                });
            } catch (SeatConflictException e) {
                LOG.warn("seat map disagreed with PostgreSQL; rebuilding attempt={} error={}", attempt, e.getMessage());
                metrics.countSeatMapRebuild("conflict");
                seatMap.markStale();
                continue;
            }
            hooks.afterDatabaseCommit();
            List<BookingView> views = new ArrayList<>(batch.size());
            long failed = 0;
            for (DecidedBooking d : batch) {
                failed += d.status() == BookingStatus.FAILED ? 1 : 0;
                views.add(d.view());
            }
            metrics.countBookings(batch.size() - failed, failed);
            return views;
        }
        throw new IllegalStateException("batch could not be decided after " + MAX_ATTEMPTS + " seat map rebuilds");
    }

    private <T> T traced(String name, int items, java.util.function.Supplier<T> work) {
        Span span = tracer.spanBuilder(name).setAttribute("ticketing.batch.items", (long) items).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private int[] requestedSeats(BookingCommand command) {
        if (!"manual".equals(command.mode())) {
            return new int[0];
        }
        int[] seats = new int[command.seats().size()];
        for (int i = 0; i < seats.length; i++) {
            OptionalInt index = grid.parseLabel(command.seats().get(i));
            if (index.isEmpty()) {
                return null;
            }
            seats[i] = index.getAsInt();
        }
        return seats;
    }

    private DecidedBooking allocated(BookingCommand c, int[] seats, Instant now) {
        List<String> labels = new ArrayList<>(seats.length);
        int[] rows = new int[seats.length];
        int[] numbers = new int[seats.length];
        for (int i = 0; i < seats.length; i++) {
            labels.add(grid.label(seats[i]));
            rows[i] = grid.rowOf(seats[i]);
            numbers[i] = grid.seatOf(seats[i]);
        }
        int price = plan.section(c.section()).orElseThrow().price() * seats.length;
        return new DecidedBooking(c.bookingId(), c.accountId(), c.section(), c.subsection(), c.mode(), c.quantity(),
                BookingStatus.PENDING_PAYMENT, List.copyOf(labels), rows, numbers, price, null,
                Instant.ofEpochMilli(c.acceptedAtMillis()), now, clock.instant().plus(hold));
    }

    private static DecidedBooking failed(BookingCommand c, String reason, Instant now) {
        return new DecidedBooking(c.bookingId(), c.accountId(), c.section(), c.subsection(),
                c.mode() == null ? "best_available" : c.mode(), c.quantity(), BookingStatus.FAILED, List.of(),
                new int[0], new int[0], 0, reason, Instant.ofEpochMilli(c.acceptedAtMillis()), now, null);
    }
}
