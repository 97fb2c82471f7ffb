package dev.ticketing.runtime.seating;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;

import dev.ticketing.runtime.Resources;
import dev.ticketing.runtime.sale.SalePlan;

/**
 * The fast seat map of one sale in a Redis-compatible store. PostgreSQL stays the source of truth:
 * the map is rebuilt from it whenever it is missing (store restarted empty) or found wrong.
 *
 * <p>Keys, all under the sale's prefix: {@code meta} (present once the map is complete),
 * {@code map:<section>:<subsection>} (one byte per seat), {@code avail} (free seats per subsection),
 * {@code bk:<bookingId>} (the decision per booking, which makes replays idempotent), {@code buyers} (seats each
 * buyer holds, for the per-buyer limit).
 */
public final class SeatMapStore {

    private static final Logger LOG = LoggerFactory.getLogger(SeatMapStore.class);
    private static final String ALLOCATE = Resources.text("seating/allocate.lua");
    private static final String RELEASE = Resources.text("seating/release.lua");
    private static final Duration REBUILD_LOCK = Duration.ofSeconds(60);

    private final JedisPool pool;
    private final String prefix;
    private final SalePlan plan;
    private final String buyerLimit;
    private volatile String allocateSha;
    private volatile String releaseSha;

    /** @param maxTicketsPerBuyer most seats one buyer may hold at once; 0 for no limit */
    public SeatMapStore(JedisPool pool, String prefix, SalePlan plan, int maxTicketsPerBuyer) {
        this.pool = pool;
        this.prefix = prefix;
        this.plan = plan;
        this.buyerLimit = String.valueOf(maxTicketsPerBuyer);
    }

    /** Runs all operations in one pipelined round trip, in order; a replayed booking gets its first decision. */
    public List<SeatDecision> apply(List<SeatOperation> operations) {
        if (operations.isEmpty()) {
            return List.of();
        }
        try (Jedis jedis = pool.getResource()) {
            loadScriptsIfNeeded(jedis, false);
            try {
                return pipeline(jedis, operations);
            } catch (JedisDataException e) {
                if (!String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
                    throw e;
                }
                // The store restarted and forgot the scripts; decisions are idempotent, so run the batch again.
                loadScriptsIfNeeded(jedis, true);
                return pipeline(jedis, operations);
            }
        }
    }

    private List<SeatDecision> pipeline(Jedis jedis, List<SeatOperation> operations) {
        String seatsPerSubsection = String.valueOf(plan.seatsPerSubsection());
        String seatsPerRow = String.valueOf(plan.seatsPerRow());
        Pipeline pipeline = jedis.pipelined();
        List<Response<Object>> responses = new ArrayList<>(operations.size());
        for (SeatOperation op : operations) {
            List<String> keys = List.of(metaKey(), mapKey(op.section(), op.subsection()), availKey(), bookingKey(op.bookingId()),
                    buyersKey());
            String field = field(op.section(), op.subsection());
            String buyer = op.accountId().toString();
            if (op.release()) {
                responses.add(pipeline.evalsha(releaseSha, keys, List.of(field, buyer)));
            } else {
                responses.add(pipeline.evalsha(allocateSha, keys, List.of(field, op.mode(),
                        String.valueOf(op.quantity()), join(op.seats()), seatsPerSubsection, seatsPerRow, buyer, buyerLimit)));
            }
        }
        pipeline.sync();
        List<SeatDecision> decisions = new ArrayList<>(operations.size());
        for (Response<Object> response : responses) {
            decisions.add(SeatDecision.parse(String.valueOf(response.get())));
        }
        return decisions;
    }

    /** Free seats per subsection ("A:3" → 7), as the API's fast sold-out path reads them. */
    public Map<String, Integer> availability() {
        try (Jedis jedis = pool.getResource()) {
            Map<String, String> raw = jedis.hgetAll(availKey());
            Map<String, Integer> result = new HashMap<>(raw.size() * 2);
            raw.forEach((k, v) -> result.put(k, Integer.parseInt(v)));
            return result;
        }
    }

    /** Seats the buyer holds now (allocated, not released), as the API's fast buyer-limit path reads them. */
    public int heldBy(UUID accountId) {
        try (Jedis jedis = pool.getResource()) {
            String held = jedis.hget(buyersKey(), accountId.toString());
            return held == null ? 0 : Integer.parseInt(held);
        }
    }

    /** Marks the map stale so that the next allocation, by any consumer, rebuilds it from PostgreSQL. */
    public void markStale() {
        try (Jedis jedis = pool.getResource()) {
            jedis.del(metaKey());
        }
    }

    /**
     * Rebuilds the map from a PostgreSQL snapshot unless another process is already doing so, in which
     * case it waits for that rebuild. {@code taken} maps {@code "A:3"} to the taken seat indexes;
     * {@code records} holds every booking's decision as the allocation script would have written it.
     */
    public void rebuild(SnapshotSource source) {
        String lockKey = prefix + "rebuild-lock";
        String token = UUID.randomUUID().toString();
        try (Jedis jedis = pool.getResource()) {
            Instant deadline = Instant.now().plus(REBUILD_LOCK);
            while (!"OK".equals(jedis.set(lockKey, token, SetParams.setParams().nx().px(REBUILD_LOCK.toMillis())))) {
                if (jedis.exists(metaKey())) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("seat map rebuild by another process did not finish in " + REBUILD_LOCK);
                }
                sleep(50);
            }
            try {
                if (jedis.exists(metaKey()) && !source.force()) {
                    return;
                }
                jedis.del(metaKey());
                deleteDecisions(jedis);
                Snapshot snapshot = source.read();
                write(jedis, snapshot);
                LOG.info("seat map rebuilt prefix={} subsections={} bookings={}", prefix,
                        snapshot.taken().size(), snapshot.records().size());
            } finally {
                jedis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
                        List.of(lockKey), List.of(token));
            }
        }
    }

    /** What PostgreSQL says the map must hold: taken seats, each booking's record, the seats each buyer holds. */
    public record Snapshot(Map<String, int[]> taken, Map<UUID, String> records, Map<UUID, Integer> heldByBuyer) {

        public Snapshot(Map<String, int[]> taken, Map<UUID, String> records) {
            this(taken, records, Map.of());
        }
    }

    /** Reads the snapshot only once this process holds the rebuild lock. */
    public interface SnapshotSource {
        Snapshot read();

        default boolean force() {
            return false;
        }
    }

    private void write(Jedis jedis, Snapshot snapshot) {
        int size = plan.seatsPerSubsection();
        Pipeline p = jedis.pipelined();
        Map<String, String> avail = new HashMap<>();
        for (SalePlan.Section section : plan.sections()) {
            for (int sub = 1; sub <= section.subsections(); sub++) {
                String field = field(section.name(), sub);
                byte[] map = new byte[size];
                java.util.Arrays.fill(map, (byte) '0');
                int[] taken = snapshot.taken().getOrDefault(field, new int[0]);
                for (int seat : taken) {
                    map[seat] = '1';
                }
                p.set(mapKey(section.name(), sub).getBytes(StandardCharsets.UTF_8), map);
                avail.put(field, String.valueOf(size - taken.length));
            }
        }
        p.del(availKey());
        p.hset(availKey(), avail);
        p.del(buyersKey());
        if (!snapshot.heldByBuyer().isEmpty()) {
            Map<String, String> held = new HashMap<>();
            snapshot.heldByBuyer().forEach((account, seats) -> held.put(account.toString(), seats.toString()));
            p.hset(buyersKey(), held);
        }
        snapshot.records().forEach((id, record) -> p.set(bookingKey(id), record));
        p.hset(metaKey(), Map.of("rows", String.valueOf(plan.rows()), "seatsPerRow", String.valueOf(plan.seatsPerRow()),
                "builtAt", Instant.now().toString()));
        p.sync();
    }

    private void deleteDecisions(Jedis jedis) {
        ScanParams params = new ScanParams().match(prefix + "bk:*").count(1_000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            var page = jedis.scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                jedis.unlink(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    }

    private void loadScriptsIfNeeded(Jedis jedis, boolean force) {
        if (force || allocateSha == null) {
            allocateSha = jedis.scriptLoad(ALLOCATE);
            releaseSha = jedis.scriptLoad(RELEASE);
        }
    }

    public static String field(String section, int subsection) {
        return section + ":" + subsection;
    }

    private String metaKey() {
        return prefix + "meta";
    }

    private String availKey() {
        return prefix + "avail";
    }

    private String buyersKey() {
        return prefix + "buyers";
    }

    private String mapKey(String section, int subsection) {
        return prefix + "map:" + section + ":" + subsection;
    }

    private String bookingKey(UUID bookingId) {
        return prefix + "bk:" + bookingId;
    }

    public static String allocatedRecord(int[] seats) {
        return SeatDecision.record(seats);
    }

    private static String join(int[] seats) {
        if (seats.length == 0) {
            return "";
        }
        var sb = new StringBuilder();
        for (int s : seats) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(s);
        }
        return sb.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a seat map rebuild", e);
        }
    }
}
