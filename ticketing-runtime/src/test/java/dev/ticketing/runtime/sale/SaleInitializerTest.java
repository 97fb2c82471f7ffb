package dev.ticketing.runtime.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.RuntimeFixture;
import static dev.ticketing.runtime.SaleInvariants.count;
import dev.ticketing.runtime.TicketingRuntime;
import dev.ticketing.runtime.config.Env;
import dev.ticketing.runtime.config.RuntimeConfig;
import dev.ticketing.services.SharedServices;

class SaleInitializerTest {

    private static final SalePlan PLAN = new SalePlan("Init", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 4)));

    @Test
    void init_is_safe_to_run_again_and_concurrently() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.create("init", PLAN, Map.of("KAFKA_PARTITIONS", "3"))) {
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> runs = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    runs.add(pool.submit(() -> TicketingRuntime.init(sale.config())));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
            }
            assertThat(count(sale, "SELECT count(*) FROM schema_migrations")).isEqualTo(dev.ticketing.runtime.db.Migrations.count());
            assertThat(count(sale, "SELECT count(*) FROM sales")).isEqualTo(1);
            assertThat(count(sale, "SELECT count(*) FROM sale_sections")).isEqualTo(1);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedServices.kafkaBootstrapServers()))) {
                var topics = admin.describeTopics(List.of(sale.config().commandsTopic(), sale.config().dlqTopic()))
                        .allTopicNames().get();
                assertThat(topics.get(sale.config().commandsTopic()).partitions()).hasSize(3);
            }
        }
    }

    @Test
    void init_adds_partitions_but_never_removes_them() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.create("partitions", PLAN, Map.of("KAFKA_PARTITIONS", "2"))) {
            TicketingRuntime.init(withEnv(sale, Map.of("KAFKA_PARTITIONS", "5")));
            TicketingRuntime.init(withEnv(sale, Map.of("KAFKA_PARTITIONS", "1")));
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedServices.kafkaBootstrapServers()))) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(admin
                        .describeTopics(List.of(sale.config().commandsTopic())).allTopicNames().get()
                        .get(sale.config().commandsTopic()).partitions()).hasSize(5));
            }
        }
    }

    @Test
    void the_plan_cannot_change_once_seats_are_booked() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.start("plan-change", PLAN)) {
            String token = sale.newBuyer();
            sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token, "{\"section\":\"A\",\"subsection\":1,\"quantity\":1}");
            await().atMost(Duration.ofSeconds(30)).until(() -> count(sale, "SELECT count(*) FROM bookings") == 1);
            SalePlan bigger = new SalePlan("Init", 3, 5, 4, List.of(new SalePlan.Section("A", 100, 4)));
            assertThatThrownBy(() -> TicketingRuntime.init(withEnv(sale, Map.of("SALE_PLAN", bigger.toJson()))))
                    .hasMessageContaining("cannot change");
        }
    }

    @Test
    void prices_and_the_display_name_change_while_bookings_exist_and_booked_totals_stay() throws Exception {
        try (RuntimeFixture sale = RuntimeFixture.start("price-change", PLAN)) {
            String token = sale.newBuyer();
            String first = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token,
                    "{\"section\":\"A\",\"subsection\":1,\"quantity\":2}").json().get("bookingId").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> count(sale, "SELECT count(*) FROM bookings") == 1);
            SalePlan dearer = new SalePlan("Init, late show", 2, 5, 4, List.of(new SalePlan.Section("A", 150, 4)));

            TicketingRuntime.init(withEnv(sale, Map.of("SALE_PLAN", dearer.toJson())));
            sale.stopRuntime();
            sale.startRuntime(java.util.EnumSet.of(dev.ticketing.runtime.Role.API, dev.ticketing.runtime.Role.CONSUMER), 1,
                    dev.ticketing.runtime.booking.BatchHooks.NONE, null);

            var shown = sale.get("/api/v1/sales/" + sale.sale(), null).json();
            assertThat(shown.get("displayName").asText()).isEqualTo("Init, late show");
            assertThat(shown.get("sections").get(0).get("price").asInt()).isEqualTo(150);
            String second = sale.post("/api/v1/sales/" + sale.sale() + "/bookings", token,
                    "{\"section\":\"A\",\"subsection\":2,\"quantity\":2}").json().get("bookingId").asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> count(sale, "SELECT count(*) FROM bookings") == 2);
            assertThat(sale.get("/api/v1/bookings/" + first, token).json().get("totalPrice").asInt()).isEqualTo(200);
            assertThat(sale.get("/api/v1/bookings/" + second, token).json().get("totalPrice").asInt()).isEqualTo(300);
        }
    }

    private static RuntimeConfig withEnv(RuntimeFixture sale, Map<String, String> overrides) {
        RuntimeConfig c = sale.config();
        var env = new java.util.HashMap<String, String>(Map.of(
                "SALE_NAME", c.saleName(), "SALE_NAMESPACE", c.namespace(), "SALE_PLAN", c.salePlanJson().orElseThrow(),
                "KAFKA_BOOTSTRAP_SERVERS", c.kafkaBootstrapServers(), "REDIS_URL", c.redisUrl(),
                "POSTGRES_JDBC_URL", c.postgresJdbcUrl(), "POSTGRES_USER", c.postgresUser(),
                "POSTGRES_PASSWORD", c.postgresPassword()));
        env.putAll(overrides);
        return RuntimeConfig.from(new Env(env));
    }
}
