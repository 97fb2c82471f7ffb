package dev.ticketing.runtime.sale;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.clients.jedis.JedisPool;

import dev.ticketing.runtime.booking.BookingRepository;
import dev.ticketing.runtime.config.InvalidConfigException;
import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.runtime.db.Migrations;
import dev.ticketing.runtime.seating.SeatMapStore;

/**
 * The {@code init} role: schema migrations, the sale and its plan, the Kafka topics and the Redis seat
 * map. Every step is idempotent and safe to run from several processes at once.
 */
public final class SaleInitializer {

    private static final Logger LOG = LoggerFactory.getLogger(SaleInitializer.class);

    private final RuntimeConfig config;
    private final DataSource dataSource;
    private final JedisPool redis;

    public SaleInitializer(RuntimeConfig config, DataSource dataSource, JedisPool redis) {
        this.config = config;
        this.dataSource = dataSource;
        this.redis = redis;
    }

    public void run() {
        SalePlan plan = SalePlan.parse(config.salePlanJson().orElseThrow(() ->
                new InvalidConfigException("SALE_PLAN is required for the init role")));
        int applied = Migrations.apply(dataSource);
        SaleRepository.Stored stored = new SaleRepository(dataSource).createOrVerify(config.saleId(), config.saleName(), plan);
        createTopics();
        var bookings = new BookingRepository(dataSource, config.saleId());
        new SeatMapStore(redis, config.redisPrefix(), plan, config.maxTicketsPerBuyer()).rebuild(new SeatMapStore.SnapshotSource() {
            @Override
            public SeatMapStore.Snapshot read() {
                return bookings.seatMapSnapshot(plan);
            }

            @Override
            public boolean force() {
                return stored.seatsChanged();
            }
        });
        LOG.info("sale initialised sale={} namespace={} tickets={} plan={} migrations={} topic={}", config.saleName(),
                config.namespace(), plan.ticketsTotal(), stored, applied, config.commandsTopic());
    }

    private void createTopics() {
        try (Admin admin = Admin.create(config.kafkaAdminProperties())) {
            ensureTopic(admin, config.commandsTopic(), config.topicPartitions());
            ensureTopic(admin, config.dlqTopic(), 1);
        }
    }

    private static void ensureTopic(Admin admin, String topic, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get(30, TimeUnit.SECONDS);
            LOG.info("topic created topic={} partitions={}", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
            }
            growIfNeeded(admin, topic, partitions);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Partitions are only ever added: shrinking would reorder a subsection's commands. */
    private static void growIfNeeded(Admin admin, String topic, int partitions) {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(topic);
            if (description.partitions().size() < partitions) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions))).all().get(30, TimeUnit.SECONDS);
                LOG.info("topic partitions increased topic={} from={} to={}", topic, description.partitions().size(), partitions);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot check partitions of topic " + topic + ": " + e.getMessage(), e);
        }
    }
}
