package dev.ticketing.runtime.booking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPubSub;

import dev.ticketing.runtime.Json;
import dev.ticketing.runtime.Pause;

/**
 * Tells every API replica about booking status changes (Redis pub/sub), so a buyer's SSE stream
 * moves as soon as a consumer or another replica decides, and remembers the recent ones, so a stream can start
 * without reading PostgreSQL. Delivery is best effort: SSE streams also re-read PostgreSQL periodically, so a lost
 * message only delays an event.
 */
public final class OutcomeBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeBus.class);

    /**
     * About 30 MB of views at most (~300 bytes each): tens of seconds of a sale's peak decisions, far longer than a
     * buyer takes to follow a booking after its 202.
     */
    private static final int RECENT_CAPACITY = 100_000;

    private final JedisPool pool;
    private final String channel;
    private final Map<UUID, List<Consumer<BookingView>>> watchers = new ConcurrentHashMap<>();
    private final RecentOutcomes recent = new RecentOutcomes(RECENT_CAPACITY);
    private volatile boolean running = true;
    private volatile JedisPubSub subscription;
    private Thread subscriber;

    public OutcomeBus(JedisPool pool, String redisPrefix) {
        this.pool = pool;
        this.channel = redisPrefix + "outcomes";
    }

    /** One message per batch, whatever its size. */
    public void publish(List<BookingView> views) {
        if (views.isEmpty()) {
            return;
        }
        List<Map<String, Object>> bodies = new ArrayList<>(views.size());
        for (BookingView view : views) {
            var body = new java.util.LinkedHashMap<>(view.body());
            body.put("accountId", view.accountId().toString());
            bodies.add(body);
        }
        try (Jedis jedis = pool.getResource()) {
            jedis.publish(channel, Json.writeString(bodies));
        } catch (RuntimeException e) {
            LOG.warn("outcome publication failed; SSE streams will catch up from PostgreSQL error={}", e.toString());
        }
    }

    /** Starts listening; each received view reaches the watchers of its booking. */
    public OutcomeBus listen() {
        subscriber = Thread.ofPlatform().daemon().name("outcome-subscriber").start(this::subscribeLoop);
        return this;
    }

    /** A registration of interest in one booking; closing it ends the interest. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** The latest change this replica heard for the booking, if it was recent. */
    public Optional<BookingView> heard(UUID bookingId) {
        return recent.latest(bookingId);
    }

    /**
     * Whether a booking accepted at {@code acceptedAtMillis} would have been {@link #heard heard} of once decided, so
     * hearing nothing means it is still processing.
     */
    public boolean wouldHaveHeard(long acceptedAtMillis) {
        return recent.wouldHaveHeard(acceptedAtMillis);
    }

    public Watch watch(UUID bookingId, Consumer<BookingView> watcher) {
        watchers.computeIfAbsent(bookingId, id -> new CopyOnWriteArrayList<>()).add(watcher);
        return () -> watchers.computeIfPresent(bookingId, (id, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }

    private void subscribeLoop() {
        long backoff = 100;
        while (running) {
            try (Jedis jedis = pool.getResource()) {
                JedisPubSub pubSub = new JedisPubSub() {
                    @Override
                    public void onSubscribe(String ch, int subscribedChannels) {
                        recent.listeningSince(System.currentTimeMillis());
                    }

                    @Override
                    public void onMessage(String ch, String message) {
                        dispatch(message);
                    }
                };
                subscription = pubSub;
                backoff = 100;
                jedis.clientSetname(channel);
                jedis.subscribe(pubSub, channel);
                recent.deaf();
            } catch (RuntimeException e) {
                recent.deaf();
                if (!running) {
                    return;
                }
                LOG.warn("outcome subscription lost; reconnecting in {} ms error={}", backoff, e.toString());
                Pause.millis(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void dispatch(String message) {
        long now = System.currentTimeMillis();
        try {
            for (JsonNode node : Json.MAPPER.readTree(message)) {
                UUID id = UUID.fromString(node.get("id").asText());
                BookingView view = new BookingView(id, UUID.fromString(node.get("accountId").asText()),
                        BookingStatus.fromWire(node.get("status").asText()), node.get("section").asText(),
                        node.get("subsection").asInt(), seats(node.get("seats")), node.get("totalPrice").asInt(),
                        node.hasNonNull("failureReason") ? node.get("failureReason").asText() : null);
                // Remembered before the watchers are told: a stream that missed the watch finds it here instead.
                recent.heard(view, now);
                List<Consumer<BookingView>> list = watchers.get(id);
                if (list != null) {
                    list.forEach(w -> w.accept(view));
                }
            }
        } catch (Exception e) {
            // Whatever it held went unheard: from now on, only what is heard counts.
            recent.listeningSince(System.currentTimeMillis());
            LOG.warn("ignoring an unreadable outcome message error={}", e.toString());
        }
    }

    private static List<String> seats(JsonNode node) {
        List<String> seats = new ArrayList<>();
        node.forEach(s -> seats.add(s.asText()));
        return List.copyOf(seats);
    }

    @Override
    public void close() {
        running = false;
        recent.deaf();
        JedisPubSub pubSub = subscription;
        if (pubSub != null && pubSub.isSubscribed()) {
            try {
                pubSub.unsubscribe();
            } catch (RuntimeException ignored) {
                // the connection is going away anyway
            }
        }
        if (subscriber != null) {
            subscriber.interrupt();
        }
    }
}
