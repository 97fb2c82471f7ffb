package dev.ticketing.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.zaxxer.hikari.HikariDataSource;

import redis.clients.jedis.JedisPool;

import dev.ticketing.e2e.sandbox.Sandbox;
import dev.ticketing.runtime.booking.BookingCommand;
import dev.ticketing.runtime.booking.BookingRepository;
import dev.ticketing.runtime.booking.BookingStatus;
import dev.ticketing.runtime.booking.CommandPublisher;
import dev.ticketing.runtime.booking.DecidedBooking;
import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.db.Database;
import dev.ticketing.runtime.observability.Telemetry;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.runtime.seating.Redis;
import dev.ticketing.runtime.seating.SeatMapStore;
import dev.ticketing.runtime.seating.SeatOperation;
import dev.ticketing.services.SharedServices;

/**
 * {@code make ceilings}: what each component the booking path crosses can do alone on this machine, through
 * the runtime's own code — the producer (acks=all, concurrent publishers), the allocation script
 * (pipelined batches) and the booking insert (one transaction per batch). The system's tickets/s over the
 * slowest of these is the efficiency the benchmark issue asks for.
 */
public final class Ceilings {

    public record Result(int operations, int batch, double producerPerSecond, double allocationsPerSecond,
                         double insertsPerSecond) {
        public double slowest() {
            return Math.min(producerPerSecond, Math.min(allocationsPerSecond, insertsPerSecond));
        }
    }

    private Ceilings() {
    }

    public static void main(String[] args) throws Exception {
        int operations = Integer.parseInt(System.getenv().getOrDefault("CEILING_OPERATIONS", "20000"));
        Result result = measure(operations, 500);
        System.out.printf("component ceilings on %d cores (%d operations, batches of %d):%n",
                Runtime.getRuntime().availableProcessors(), result.operations(), result.batch());
        System.out.printf("  kafka producer, acks=all     %,10.0f commands/s%n", result.producerPerSecond());
        System.out.printf("  allocation script, pipelined %,10.0f bookings/s%n", result.allocationsPerSecond());
        System.out.printf("  booking insert, batched      %,10.0f bookings/s%n", result.insertsPerSecond());
        Path out = Path.of("bench", "results", "ceilings-" + Instant.now().toString().replace(':', '-') + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        System.out.println("written: " + out.toAbsolutePath());
        System.exit(0);
    }

    /**
     * Each component on a sale of its own in the sandbox's services, driven alone: first an unmeasured
     * quarter-sized pass (JIT, connections, broker segments), then the measured one.
     */
    public static Result measure(int operations, int batch) throws Exception {
        measureOnce(Math.max(batch, operations / 4), batch);
        return measureOnce(operations, batch);
    }

    private static Result measureOnce(int operations, int batch) throws Exception {
        SalePlan plan = new SalePlan("Ceilings", 10, 10, 4, sections(operations));
        RuntimeConfig config;
        try (Sandbox sandbox = Sandbox.start(SharedServices.uniqueName("ceilings"), plan, 0, Map.of("HTTP_PORT", "0"))) {
            config = sandbox.config();
        }
        double producer = producer(config, operations);
        double allocations;
        try (JedisPool redis = Redis.pool(config, 4)) {
            allocations = allocations(redis, config, plan, operations, batch);
        }
        double inserts;
        try (HikariDataSource db = Database.pool(config, "ceilings", 2)) {
            inserts = inserts(db, config.saleId(), plan, operations, batch);
        }
        return new Result(operations, batch, producer, allocations, inserts);
    }

    private static double producer(RuntimeConfig config, int operations) throws Exception {
        try (var telemetry = new Telemetry(io.opentelemetry.api.OpenTelemetry.noop(), () -> { });
             CommandPublisher publisher = new CommandPublisher(config, telemetry)) {
            AtomicInteger next = new AtomicInteger();
            long start = System.nanoTime();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 500; t++) {
                    pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < operations; i = next.getAndIncrement()) {
                            publisher.publish(new BookingCommand(BookingCommand.Type.BOOK, UUID.randomUUID(), UUID.randomUUID(),
                                    "A", 1 + i % 50, "best_available", 1, List.of(), System.currentTimeMillis()));
                        }
                    });
                }
            }
            return operations / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double allocations(JedisPool redis, RuntimeConfig config, SalePlan plan, int operations, int batch) {
        SeatMapStore seats = new SeatMapStore(redis, config.redisPrefix() + "ceiling:", plan, 0);
        seats.rebuild(() -> new SeatMapStore.Snapshot(Map.of(), Map.of()));
        long start = System.nanoTime();
        for (int done = 0; done < operations; done += batch) {
            List<SeatOperation> ops = new ArrayList<>(batch);
            for (int i = done; i < Math.min(operations, done + batch); i++) {
                SalePlan.Section section = plan.sections().get(i % plan.sections().size());
                ops.add(SeatOperation.allocate(UUID.randomUUID(), UUID.randomUUID(), section.name(), 1 + (i / plan.sections().size()) % section.subsections(),
                        "best_available", 1, new int[0]));
            }
            seats.apply(ops);
        }
        return operations / ((System.nanoTime() - start) / 1e9);
    }

    private static double inserts(HikariDataSource db, String sale, SalePlan plan, int operations, int batch) {
        BookingRepository bookings = new BookingRepository(db, sale);
        int perSubsection = plan.seatsPerSubsection();
        long start = System.nanoTime();
        for (int done = 0; done < operations; done += batch) {
            List<DecidedBooking> decided = new ArrayList<>(batch);
            Instant now = Instant.now();
            for (int i = done; i < Math.min(operations, done + batch); i++) {
                int subsectionIndex = i / perSubsection;
                SalePlan.Section section = plan.sections().get(subsectionIndex % plan.sections().size());
                int subsection = 1 + (subsectionIndex / plan.sections().size()) % section.subsections();
                int seat = i % perSubsection;
                int row = 1 + seat / plan.seatsPerRow();
                int number = 1 + seat % plan.seatsPerRow();
                decided.add(new DecidedBooking(UUID.randomUUID(), UUID.randomUUID(), section.name(), subsection, "best_available",
                        1, BookingStatus.PENDING_PAYMENT, List.of(row + "-" + number), new int[] {row}, new int[] {number},
                        section.price(), null, now, now, now.plusSeconds(600)));
            }
            bookings.persist(decided);
        }
        return operations / ((System.nanoTime() - start) / 1e9);
    }

    /** Enough 10 × 10 subsections for every operation to get a seat of its own. */
    private static List<SalePlan.Section> sections(int operations) {
        int subsections = Math.max(1, (operations + 99) / 100);
        List<SalePlan.Section> sections = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sections.add(new SalePlan.Section(String.valueOf((char) ('A' + i)), 1000, Math.max(1, (subsections + 9) / 10)));
        }
        return sections;
    }
}
