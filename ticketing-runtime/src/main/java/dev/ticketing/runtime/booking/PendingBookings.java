package dev.ticketing.runtime.booking;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;

import dev.ticketing.runtime.Json;

/**
 * Bookings accepted (202) but not yet decided by a consumer: what {@code GET /bookings/{id}} shows as
 * "processing" on any API replica until PostgreSQL has the decision. Also counts accepted bookings.
 * Concurrent requests' records share one pipelined round trip, written by a single writer thread.
 */
public final class PendingBookings implements AutoCloseable {

    private static final long TTL_SECONDS = 24 * 3_600;
    private static final String RECORD_ONCE =
            "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2]) then redis.call('INCR', KEYS[2]) end return 1";

    private static final Logger LOG = LoggerFactory.getLogger(PendingBookings.class);

    private static final int MAX_BATCH = 1_000;
    private static final long WAIT_MILLIS = 2_000;

    private record Write(List<String> keys, List<String> args, CompletableFuture<Void> written) {
    }

    /** A booking accepted at {@code acceptedAtMillis} (the accepting replica's clock; 0 when the record predates it). */
    public record Accepted(BookingView view, long acceptedAtMillis) {
    }

    private final JedisPool pool;
    private final String prefix;
    private final java.util.concurrent.atomic.AtomicLong lastFailureLog = new java.util.concurrent.atomic.AtomicLong();
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private final Thread writer;

    public PendingBookings(JedisPool pool, String redisPrefix) {
        this.pool = pool;
        this.prefix = redisPrefix;
        this.writer = Thread.ofPlatform().daemon().name("pending-bookings-writer").start(this::writeLoop);
    }

    /**
     * Best effort: the booking is already safe in Kafka, so a store outage must not turn its 202 into an
     * error; the buyer then sees 404 instead of "processing" until a consumer has decided.
     */
    public void record(BookingView processing, long acceptedAtMillis) {
        var body = new java.util.LinkedHashMap<>(processing.body());
        body.put("accountId", processing.accountId().toString());
        body.put("acceptedAt", acceptedAtMillis);
        // Counted once per booking id, however often an Idempotency-Key is retried.
        var pending = new Write(List.of(prefix + "pending:" + processing.id(), prefix + "accepted"),
                List.of(Json.writeString(body), String.valueOf(TTL_SECONDS)), new CompletableFuture<>());
        queue.add(pending);
        try {
            pending.written().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            logFailure(e.getCause() == null ? e : e.getCause());
        }
    }

    private void writeLoop() {
        List<Write> batch = new ArrayList<>(MAX_BATCH);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            try (Jedis jedis = pool.getResource()) {
                Pipeline pipeline = jedis.pipelined();
                for (Write p : batch) {
                    pipeline.eval(RECORD_ONCE, p.keys(), p.args());
                }
                pipeline.sync();
                batch.forEach(p -> p.written().complete(null));
            } catch (RuntimeException e) {
                batch.forEach(p -> p.written().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private void logFailure(Throwable e) {
        long now = System.currentTimeMillis();
        long last = lastFailureLog.get();
        if (now - last > 10_000 && lastFailureLog.compareAndSet(last, now)) {
            LOG.warn("cannot record accepted bookings as processing (logged at most every 10 s) error={}", e.toString());
        }
    }

    @Override
    public void close() {
        writer.interrupt();
    }

    public Optional<Accepted> find(UUID id) {
        String json;
        try (Jedis jedis = pool.getResource()) {
            json = jedis.get(prefix + "pending:" + id);
        }
        if (json == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            return Optional.of(new Accepted(new BookingView(id, UUID.fromString(n.get("accountId").asText()),
                    BookingStatus.PROCESSING, n.get("section").asText(), n.get("subsection").asInt(), List.of(), 0, null),
                    n.path("acceptedAt").asLong(0)));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    public long acceptedCount() {
        try (Jedis jedis = pool.getResource()) {
            String value = jedis.get(prefix + "accepted");
            return value == null ? 0 : Long.parseLong(value);
        }
    }
}
