package dev.ticketing.runtime.booking;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ticketing.runtime.Json;
import dev.ticketing.runtime.auth.Tokens;
import dev.ticketing.runtime.http.ApiException;
import dev.ticketing.runtime.http.ApiRequest;
import dev.ticketing.runtime.http.ApiResponse;
import dev.ticketing.runtime.http.EventStream;
import dev.ticketing.runtime.http.JsonBodies;
import dev.ticketing.runtime.http.PreferWait;
import dev.ticketing.runtime.http.RateLimiter;
import dev.ticketing.runtime.http.Responses;
import dev.ticketing.runtime.sale.SaleApi;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.runtime.sale.SaleWindow;
import dev.ticketing.runtime.seating.AvailabilityCache;

/** The buyer's booking endpoints: create, read, follow (SSE), cancel, pay. */
public final class BookingApi {

    /** A comment line this often: a buyer who left is noticed at the next write, not after STREAM_MAX. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** PostgreSQL re-reads, in case a pub/sub message was lost: often while a consumer decides, rarely after. */
    private static final Duration RECHECK_WHILE_PROCESSING = Duration.ofSeconds(2);
    private static final Duration RECHECK_AFTER_DECISION = Duration.ofSeconds(10);
    private static final Duration STREAM_MAX = Duration.ofMinutes(10);

    private final String saleName;
    private final SalePlan plan;
    private final SaleWindow window;
    private final Clock clock;
    private final Tokens tokens;
    private final JsonBodies bodies;
    private final AvailabilityCache availability;
    private final CommandPublisher publisher;
    private final PendingBookings pending;
    private final BookingRepository bookings;
    private final OutcomeBus outcomes;
    private final AtomicInteger openStreams;
    private final RateLimiter requestsPerBuyer;
    private final BuyerLimit buyerLimit;

    public BookingApi(String saleName, SalePlan plan, SaleWindow window, Clock clock, Tokens tokens, JsonBodies bodies,
                      AvailabilityCache availability, CommandPublisher publisher, PendingBookings pending,
                      BookingRepository bookings, OutcomeBus outcomes, AtomicInteger openStreams, RateLimiter requestsPerBuyer,
                      BuyerLimit buyerLimit) {
        this.saleName = saleName;
        this.plan = plan;
        this.window = window;
        this.clock = clock;
        this.tokens = tokens;
        this.bodies = bodies;
        this.availability = availability;
        this.publisher = publisher;
        this.pending = pending;
        this.bookings = bookings;
        this.outcomes = outcomes;
        this.openStreams = openStreams;
        this.requestsPerBuyer = requestsPerBuyer;
        this.buyerLimit = buyerLimit;
    }

    public void create(ApiRequest req, ApiResponse res) {
        UUID account = account(req);
        SaleApi.requireSale(req, saleName);
        // Every request counts, replays included: each costs a lookup, and a buyer retrying as told stays far below.
        requestsPerBuyer.acquire(account.toString());
        Optional<String> idempotencyKey = idempotencyKey(req);
        BookingRequest request = BookingRequest.parse(bodies.object(req), plan);
        Optional<UUID> replayableId = idempotencyKey
                .map(key -> UUID.nameUUIDFromBytes((account + "\n" + key).getBytes(StandardCharsets.UTF_8)));
        Optional<Duration> wait = PreferWait.of(req.header("Prefer"));
        if (replayableId.isPresent()) {
            Optional<BookingView> existing = lookup(replayableId.get());
            if (existing.isPresent()) {
                if (wait.isPresent() && existing.get().status() != BookingStatus.PROCESSING) {
                    decided(res, existing.get(), wait.get());
                } else {
                    accepted(res, existing.get().id(), existing.get().status());
                }
                return;
            }
        }
        // After the idempotent lookup: a retry of a booking accepted before closing still learns its booking.
        window.requireOpen(clock.instant());
        int free = availability.free(request.section(), request.subsection());
        if (free == 0) {
            throw ApiException.conflict("sold_out", "subsection " + request.section() + "-" + request.subsection()
                    + " is sold out");
        }
        if (free > 0 && free < request.quantity()) {
            throw ApiException.conflict("not_enough_seats", "only " + free + " seats are left in subsection "
                    + request.section() + "-" + request.subsection());
        }
        buyerLimit.requireRoom(account, request.quantity());
        // Drawn only for a booking that got this far: most of an oversubscribed spike's requests are refused above.
        UUID bookingId = replayableId.orElseGet(TimeOrderedIds::next);
        if (wait.isEmpty()) {
            publish(bookingId, account, request);
            accepted(res, bookingId, BookingStatus.PROCESSING);
            return;
        }
        var changes = new LinkedBlockingQueue<BookingView>();
        // Watch before publishing: a decision faster than this thread cannot be missed.
        try (OutcomeBus.Watch ignored = outcomes.watch(bookingId, changes::offer)) {
            publish(bookingId, account, request);
            long deadline = System.nanoTime() + wait.get().toNanos();
            for (long left = wait.get().toNanos(); left > 0; left = deadline - System.nanoTime()) {
                BookingView next = changes.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                if (next.status() != BookingStatus.PROCESSING) {
                    decided(res, next, wait.get());
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Not decided within the wait (or the outcome message was lost): the plain answer, to follow as usual.
        accepted(res, bookingId, BookingStatus.PROCESSING);
    }

    private void publish(UUID bookingId, UUID account, BookingRequest request) {
        long acceptedAt = System.currentTimeMillis();
        publisher.publish(BookingCommand.book(bookingId, account, request, acceptedAt));
        pending.record(new BookingView(bookingId, account, BookingStatus.PROCESSING, request.section(),
                request.subsection(), java.util.List.of(), 0, null), acceptedAt);
    }

    /** RFC 7240: the decision arrived within the buyer's {@code Prefer: wait}, so the answer carries it. */
    private static void decided(ApiResponse res, BookingView view, Duration waited) {
        res.header("Location", "/api/v1/bookings/" + view.id());
        res.header("Preference-Applied", "wait=" + waited.toSeconds());
        Responses.json(res, 200, view.body());
    }

    public void get(ApiRequest req, ApiResponse res) {
        BookingView view = owned(req);
        Responses.json(res, 200, view.body());
    }

    /** Current status at once, then every change, until a final state (or the decision, with {@code ?until=decided}). */
    public void events(ApiRequest req, ApiResponse res) {
        UUID account = account(req);
        UUID id = bookingId(req);
        boolean untilDecided = untilDecided(req);
        var changes = new LinkedBlockingQueue<BookingView>();
        // Watch before the one read: a change between the read and the watch cannot be missed.
        try (OutcomeBus.Watch ignored = outcomes.watch(id, changes::offer)) {
            BookingView last = streamStart(account, id);
            openStreams.incrementAndGet();
            try (EventStream sink = res.eventStream()) {
                emit(sink, last, untilDecided);
                long deadline = System.nanoTime() + STREAM_MAX.toNanos();
                long recheckAt = System.nanoTime() + recheckAfter(last).toNanos();
                while (!ends(last, untilDecided) && System.nanoTime() < deadline) {
                    BookingView next = changes.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                    if (next == null) {
                        sink.comment("keep-alive");
                        if (System.nanoTime() < recheckAt) {
                            continue;
                        }
                        next = lookup(id).orElse(last);
                        recheckAt = System.nanoTime() + recheckAfter(next).toNanos();
                    }
                    if (next.status() != last.status()) {
                        emit(sink, next, untilDecided);
                        last = next;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // The client went away or the stream broke; the buyer can reconnect and resume.
            } finally {
                openStreams.decrementAndGet();
            }
        }
    }

    public void cancel(ApiRequest req, ApiResponse res) {
        UUID account = account(req);
        UUID id = bookingId(req);
        Optional<BookingView> cancelled = bookings.cancel(id, account);
        if (cancelled.isEmpty()) {
            BookingView view = lookup(id).filter(v -> v.accountId().equals(account))
                    .orElseThrow(() -> notFound(id));
            throw ApiException.conflict("not_cancellable", "a booking in status " + view.status().wireName()
                    + " cannot be cancelled");
        }
        BookingView view = cancelled.get();
        // Seats are free in PostgreSQL already; the seat map learns it through the subsection's partition.
        publisher.publish(BookingCommand.release(id, account, view.section(), view.subsection()));
        outcomes.publish(java.util.List.of(view));
        accepted(res, id, BookingStatus.CANCELLED);
    }

    public void pay(ApiRequest req, ApiResponse res) {
        UUID account = account(req);
        UUID id = bookingId(req);
        JsonNode body = bodies.object(req);
        String card = JsonBodies.requiredText(body, "cardNumber", 32).replace(" ", "");
        if (!card.matches("\\d{12,19}") || !luhn(card)) {
            throw ApiException.badRequest("cardNumber", "cardNumber must be 12-19 digits with a valid check digit");
        }
        UUID paymentId = UUID.randomUUID();
        Optional<BookingView> paid = bookings.pay(id, account, paymentId, clock.instant());
        if (paid.isEmpty()) {
            BookingView view = lookup(id).filter(v -> v.accountId().equals(account))
                    .orElseThrow(() -> notFound(id));
            if (view.status() == BookingStatus.PENDING_PAYMENT || view.status() == BookingStatus.EXPIRED) {
                // Still pending means due but not swept yet: the hold ended all the same.
                throw ApiException.conflict("hold_expired", "the hold on these seats ended and they are back on sale; "
                        + "book again");
            }
            throw ApiException.conflict("not_payable", "a booking in status " + view.status().wireName()
                    + " cannot be paid");
        }
        outcomes.publish(java.util.List.of(paid.get()));
        Responses.json(res, 200, Map.of("paymentId", paymentId.toString(),
                "status", BookingStatus.COMPLETED.wireName()));
    }

    /**
     * The stream's first state, from what this replica heard when that is conclusive — a buyer follows a booking
     * moments after its 202 — and from PostgreSQL otherwise.
     */
    private BookingView streamStart(UUID account, UUID id) {
        Optional<BookingView> known = outcomes.heard(id);
        if (known.isEmpty()) {
            Optional<PendingBookings.Accepted> accepted = pending.find(id);
            // As lookup(id), without reading the pending record twice.
            known = accepted.filter(a -> outcomes.wouldHaveHeard(a.acceptedAtMillis())).map(PendingBookings.Accepted::view)
                    .or(() -> bookings.find(id))
                    .or(() -> accepted.map(PendingBookings.Accepted::view));
        }
        return known.filter(v -> v.accountId().equals(account)).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("id", "booking " + id + " not found");
    }

    private BookingView owned(ApiRequest req) {
        return owned(account(req), bookingId(req));
    }

    private BookingView owned(UUID account, UUID id) {
        // Someone else's booking is "not found": its existence is not the caller's business.
        return lookup(id).filter(v -> v.accountId().equals(account))
                .orElseThrow(() -> notFound(id));
    }

    private Optional<BookingView> lookup(UUID id) {
        Optional<BookingView> decided = bookings.find(id);
        return decided.isPresent() ? decided : pending.find(id).map(PendingBookings.Accepted::view);
    }

    /**
     * {@code ?until=decided}: the stream ends at the decision ({@code pending_payment} or {@code failed}), for a buyer
     * who wants only that — the server ends it at once, where a buyer closing it is noticed only by a later heartbeat.
     */
    private static boolean untilDecided(ApiRequest req) {
        Optional<String> until = req.queryParam("until");
        if (until.isEmpty() || until.get().equals("final")) {
            return false;
        }
        if (until.get().equals("decided")) {
            return true;
        }
        throw ApiException.badRequest("until", "until must be decided or final");
    }

    private static boolean ends(BookingView view, boolean untilDecided) {
        return view.status().isFinal() || (untilDecided && view.status() != BookingStatus.PROCESSING);
    }

    private static Duration recheckAfter(BookingView view) {
        return view.status() == BookingStatus.PROCESSING ? RECHECK_WHILE_PROCESSING : RECHECK_AFTER_DECISION;
    }

    private void accepted(ApiResponse res, UUID id, BookingStatus status) {
        res.header("Location", "/api/v1/bookings/" + id);
        Responses.json(res, 202, Map.of("bookingId", id.toString(), "status", status.wireName()));
    }

    private static void emit(EventStream sink, BookingView view, boolean untilDecided) {
        String data = new String(Json.write(view.body()), StandardCharsets.UTF_8);
        if (ends(view, untilDecided)) {
            sink.lastEvent("status", view.status().wireName(), data);
        } else {
            sink.event("status", view.status().wireName(), data);
        }
    }

    private UUID account(ApiRequest req) {
        return tokens.accountOf(req.header("Authorization").orElse(null));
    }


    private static UUID bookingId(ApiRequest req) {
        String raw = req.pathParam("id");
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("id", "booking " + raw + " not found");
        }
    }

    private static Optional<String> idempotencyKey(ApiRequest req) {
        Optional<String> key = req.header("Idempotency-Key");
        key.ifPresent(k -> {
            if (k.isBlank() || k.length() > 128 || !k.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
                throw ApiException.badRequest("Idempotency-Key", "Idempotency-Key must be 1-128 visible ASCII characters");
            }
        });
        return key;
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }
}
