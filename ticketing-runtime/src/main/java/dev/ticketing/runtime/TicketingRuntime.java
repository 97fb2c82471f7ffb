package dev.ticketing.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.JedisPool;

import dev.ticketing.runtime.auth.AccountRepository;
import dev.ticketing.runtime.auth.AuthApi;
import dev.ticketing.runtime.auth.HashingPool;
import dev.ticketing.runtime.auth.PasswordHasher;
import dev.ticketing.runtime.auth.Tokens;
import dev.ticketing.runtime.booking.BatchHooks;
import dev.ticketing.runtime.booking.BatchProcessor;
import dev.ticketing.runtime.booking.BookingApi;
import dev.ticketing.runtime.booking.BookingConsumer;
import dev.ticketing.runtime.booking.BookingRepository;
import dev.ticketing.runtime.booking.BuyerLimit;
import dev.ticketing.runtime.booking.CommandPublisher;
import dev.ticketing.runtime.booking.HoldSweeper;
import dev.ticketing.runtime.booking.OutcomeBus;
import dev.ticketing.runtime.booking.PendingBookings;
import dev.ticketing.runtime.config.InvalidConfigException;
import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.db.Database;
import dev.ticketing.runtime.http.Health;
import dev.ticketing.runtime.http.ClientAddresses;
import dev.ticketing.runtime.http.HttpServer;
import dev.ticketing.runtime.http.RateLimiter;
import dev.ticketing.runtime.http.JsonBodies;
import dev.ticketing.runtime.observability.Metrics;
import dev.ticketing.runtime.observability.Telemetry;
import dev.ticketing.runtime.sale.ReportAccess;
import dev.ticketing.runtime.sale.SaleApi;
import dev.ticketing.runtime.sale.SaleInitializer;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.runtime.sale.SaleReportQuery;
import dev.ticketing.runtime.sale.SaleRepository;
import dev.ticketing.runtime.seating.AvailabilityCache;
import dev.ticketing.runtime.seating.Redis;
import dev.ticketing.runtime.seating.SeatMapStore;

/**
 * One running runtime process: the api and/or consumer roles over shared pools, one HTTP server
 * (the API, or only health and metrics for a consumer), closed in reverse order of creation.
 */
public final class TicketingRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TicketingRuntime.class);
    private static final Duration PLAN_WAIT = Duration.ofSeconds(60);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<BookingConsumer> consumers = new ArrayList<>();
    private HttpServer server;

    private TicketingRuntime() {
    }

    /** Runs the init role to completion. */
    public static void init(RuntimeConfig config) {
        try (HikariDataSource db = Database.pool(config, "init", 2); JedisPool redis = Redis.pool(config, 4)) {
            new SaleInitializer(config, db, redis).run();
        }
    }

    public static TicketingRuntime start(RuntimeConfig config, Set<Role> roles) {
        return start(config, roles, 1, BatchHooks.NONE, null);
    }

    /**
     * @param consumerCount consumers in this process (each its own Kafka group member)
     * @param telemetry     tracing to use, or null to configure it from the environment
     */
    public static TicketingRuntime start(RuntimeConfig config, Set<Role> roles, int consumerCount, BatchHooks hooks,
                                         Telemetry telemetry) {
        return start(config, roles, consumerCount, hooks, telemetry, Clock.systemUTC());
    }

    /** @param clock the API's clock for the sale window (tests move it across opensAt and closesAt) */
    public static TicketingRuntime start(RuntimeConfig config, Set<Role> roles, int consumerCount, BatchHooks hooks,
                                         Telemetry telemetry, Clock clock) {
        var runtime = new TicketingRuntime();
        try {
            runtime.startRoles(config, roles, consumerCount, hooks, telemetry, clock);
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void startRoles(RuntimeConfig config, Set<Role> roles, int consumerCount, BatchHooks hooks,
                            Telemetry givenTelemetry, Clock clock) {
        String roleName = roles.contains(Role.API) ? (roles.contains(Role.CONSUMER) ? "api+consumer" : "api") : "consumer";
        Metrics metrics = new Metrics(roleName);
        Telemetry telemetry = givenTelemetry != null ? givenTelemetry : own(Telemetry.from(config, roleName));
        // Consumers get connections of their own: API reads under a spike must never make decisions wait.
        HikariDataSource db = own(roles.contains(Role.API)
                ? Database.pool(config, "api", config.postgresPoolSize())
                : Database.pool(config, "consumer", consumerCount + 2));
        JedisPool redis = own(Redis.pool(config, roles.contains(Role.API) ? 128 : 8));
        SalePlan plan = awaitPlan(new SaleRepository(db), config.saleId());
        SeatMapStore seatMap = new SeatMapStore(redis, config.redisPrefix(), plan, config.maxTicketsPerBuyer());
        BookingRepository bookings = new BookingRepository(db, config.saleId());
        OutcomeBus outcomes = own(new OutcomeBus(redis, config.redisPrefix()));
        Health health = new Health()
                .check("postgres", () -> Database.reachable(db))
                .check("redis", () -> Redis.reachable(redis));

        if (roles.contains(Role.CONSUMER)) {
            // One connection per consumer (a batch is one transaction), one for seat-map rebuilds, one for the sweeper.
            HikariDataSource consumerDb = roles.contains(Role.API)
                    ? own(Database.pool(config, "consumer", consumerCount + 2)) : db;
            BookingRepository decisions = new BookingRepository(consumerDb, config.saleId());
            if (consumerCount > 0) {
                own(new HoldSweeper(decisions, own(new CommandPublisher(config, telemetry)), outcomes, config.hold(), clock).start());
            }
            for (int i = 0; i < consumerCount; i++) {
                BatchProcessor processor = new BatchProcessor(plan, seatMap, decisions, hooks, metrics, telemetry.tracer(),
                        config.hold(), clock);
                BookingConsumer consumer = new BookingConsumer(config, processor, outcomes, metrics, telemetry);
                consumers.add(consumer);
                own(consumer);
                Thread.ofPlatform().name("booking-consumer-" + i).start(consumer);
            }
            health.check("consumer", () -> consumers.stream().allMatch(BookingConsumer::healthy));
            if (!roles.contains(Role.API)) {
                // A consumer pod is ready once it holds partitions, so the operator's "ready replicas" means capacity
                // and their time to ready is a consumer's real start-up.
                health.check("partitions", () -> consumers.stream().anyMatch(BookingConsumer::holdsPartitions));
            }
        }

        if (roles.contains(Role.API)) {
            outcomes.listen();
            AvailabilityCache availability = own(new AvailabilityCache(seatMap, 100));
            CommandPublisher publisher = own(new CommandPublisher(config, telemetry));
            PendingBookings pending = own(new PendingBookings(redis, config.redisPrefix()));
            AccountRepository accounts = new AccountRepository(db);
            Tokens tokens = new Tokens(config.requireTokenSecret(), config.tokenTtl(), Clock.systemUTC(), accounts::exists);
            JsonBodies bodies = new JsonBodies(config.maxBodyBytes());
            HashingPool hashing = own(new HashingPool(config.authLimits().hashingThreads(), config.authLimits().hashingQueue()));
            AuthApi auth = new AuthApi(accounts, new PasswordHasher(config.passwordHashIterations()), hashing, tokens, bodies,
                    new ClientAddresses(config.clientAddressHeader()), config.authLimits(), clock);
            BookingApi bookingApi = new BookingApi(config.saleName(), plan, config.window(), clock, tokens, bodies,
                    availability, publisher, pending, bookings, outcomes, metrics.openStreams(),
                    new RateLimiter("booking requests from this buyer", config.bookingRequestsPerMinutePerBuyer(), 100_000, clock),
                    new BuyerLimit(seatMap, config.maxTicketsPerBuyer()));
            SaleApi saleApi = new SaleApi(config.saleName(), plan, config.window(), clock, availability,
                    // A pool of its own: report readers never take a connection a booking's request is waiting for.
                    new SaleReportQuery(own(Database.pool(config, "report", 2)), config.saleId()), pending::acceptedCount,
                    config.publicReport() ? ReportAccess.publicReport() : ReportAccess.tokenDerivedFrom(config.requireTokenSecret()));
            server = HttpServer.start(config.httpPort(), limits(config), metrics, telemetry.tracer(), routes -> routes
                    .post("/api/v1/auth/register", auth::register)
                    .post("/api/v1/auth/login", auth::login)
                    .get("/api/v1/sales/{sale}", saleApi::sale)
                    .get("/api/v1/sales/{sale}/report", saleApi::report)
                    .post("/api/v1/sales/{sale}/bookings", bookingApi::create)
                    .get("/api/v1/bookings/{id}", bookingApi::get)
                    .get("/api/v1/bookings/{id}/events", bookingApi::events)
                    .post("/api/v1/bookings/{id}/cancel", bookingApi::cancel)
                    .post("/api/v1/bookings/{id}/payment", bookingApi::pay)
                    .get("/health/live", health::live)
                    .get("/health/ready", health::ready)
                    .metricsEndpoint());
        } else {
            server = HttpServer.start(config.httpPort(), limits(config), metrics, telemetry.tracer(), routes -> routes
                    .get("/health/live", health::live)
                    .get("/health/ready", health::ready)
                    .metricsEndpoint());
        }
        LOG.info("runtime started roles={} sale={} namespace={} port={} consumers={}", roles, config.saleName(),
                config.namespace(), server.port(), consumers.size());
    }

    private static HttpServer.Limits limits(RuntimeConfig config) {
        return new HttpServer.Limits(config.httpMaxConnections(), config.httpIdleTimeout(), config.httpHeaderTimeout(),
                config.httpBodyTimeout());
    }

    /** The api and consumer need the plan the init role stored; they wait a while for it rather than crash-loop. */
    private static SalePlan awaitPlan(SaleRepository sales, String saleId) {
        Instant deadline = Instant.now().plus(PLAN_WAIT);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                var plan = sales.find(saleId);
                if (plan.isPresent()) {
                    return plan.get();
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new InvalidConfigException("sale '" + saleId + "' is not initialised; run the init role first"
                + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    public int port() {
        return server.port();
    }

    /** Whether the HTTP listener still accepts connections. */
    public boolean listening() {
        return server.accepting();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {} error={}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
