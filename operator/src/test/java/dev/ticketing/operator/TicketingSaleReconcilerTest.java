package dev.ticketing.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileInputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ticketing.operator.config.OperatorSettings;
import dev.ticketing.operator.rbac.ApiCalls;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.services.SharedServices;

/**
 * The operator against the fabric8 API server mock in CRUD mode. No controller runs there, so the
 * test plays the kubelet and the Job/Deployment controllers: it completes Jobs and readies Deployments.
 */
class TicketingSaleReconcilerTest {

    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private static TicketingOperator operator;
    private static FakeReports reports;

    @BeforeAll
    static void start() throws Exception {
        // Topic changes go through a Kafka admin client with its own 10 s timeout, and a failed reconcile retries
        // after 2, 4 and 8 s: Awaitility's default 10 s is too tight for a shared 2-core machine.
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ApiCalls.CrudDispatcher(), false);
        server.init();
        client = server.createClient();
        try (var crd = new FileInputStream(Sales.CRDS.resolve("ticketingsales.ticketing.dev-v1.yml").toFile())) {
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
        SharedServices.kafkaBootstrapServers();
        reports = FakeReports.start(client);
        operator = TicketingOperator.start(ApiCalls.operatorClient(client), OperatorSettings.from(Map.of("OPERATOR_HTTP_PORT", "0",
                "REPORT_URL_TEMPLATE", reports.urlTemplate(), "REPORT_POLL_SECONDS", "1", "AUTOSCALING_POLL_SECONDS", "1")),
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        Awaitility.reset();
        operator.close();
        reports.close();
        client.close();
        server.destroy();
    }

    @Test
    void a_new_sale_is_initialised_then_deployed_and_reported_ready() {
        String ns = namespace();
        createPostgresSecret(ns);
        TicketingSale sale = client.resource(Sales.seedOnTestKafka(ns, "night-1")).create();

        await().untilAsserted(() -> {
            assertThat(client.configMaps().inNamespace(ns).withName("night-1-config").get()).isNotNull();
            assertThat(client.secrets().inNamespace(ns).withName("night-1-auth").get().getData()).containsKey("token");
            assertThat(client.batch().v1().jobs().inNamespace(ns).withName("night-1-init").get()).isNotNull();
            assertThat(status(ns, "night-1").phase).isEqualTo("Initializing");
            assertThat(status(ns, "night-1").observedGeneration).isEqualTo(1L);
        });
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).as("nothing runs before init").isEmpty();

        completeJob(ns, "night-1-init");
        await().untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(ns).withName("night-1-api").get()).isNotNull();
            assertThat(client.apps().deployments().inNamespace(ns).withName("night-1-consumer").get()).isNotNull();
            assertThat(client.services().inNamespace(ns).withName("night-1-api").get()).isNotNull();
            assertThat(status(ns, "night-1").phase).isEqualTo("OnSale");
            assertThat(condition(ns, "night-1", "Ready").getReason()).isEqualTo("Starting");
        });

        Deployment consumer = client.apps().deployments().inNamespace(ns).withName("night-1-consumer").get();
        assertThat(consumer.getSpec().getReplicas()).isEqualTo(1);
        assertThat(consumer.getSpec().getTemplate().getSpec().getContainers().getFirst().getResources().getRequests().get("cpu"))
                .hasToString("100m");
        String uid = client.resource(sale).get().getMetadata().getUid();
        List<HasMetadata> owned = List.of(
                client.configMaps().inNamespace(ns).withName("night-1-config").get(),
                client.secrets().inNamespace(ns).withName("night-1-auth").get(),
                client.batch().v1().jobs().inNamespace(ns).withName("night-1-init").get(),
                client.apps().deployments().inNamespace(ns).withName("night-1-api").get(),
                consumer,
                client.services().inNamespace(ns).withName("night-1-api").get());
        for (HasMetadata object : owned) {
            assertThat(object.getMetadata().getOwnerReferences()).extracting(OwnerReference::getUid)
                    .as("%s is owned by the sale, so deleting the sale deletes it", object.getMetadata().getName())
                    .containsExactly(uid);
        }

        ready(ns, "night-1-api", 2);
        ready(ns, "night-1-consumer", 1);
        await().untilAsserted(() -> {
            Condition readyCondition = condition(ns, "night-1", "Ready");
            assertThat(readyCondition.getStatus()).isEqualTo("True");
            assertThat(readyCondition.getReason()).isEqualTo("Serving");
            assertThat(condition(ns, "night-1", "Degraded").getStatus()).isEqualTo("False");
        });
        Event phases = client.v1().events().inNamespace(ns).withName("night-1.phasechanged").get();
        assertThat(phases.getMessage()).as("one Event per (sale, reason), updated in place").isEqualTo("Initializing -> OnSale");
        assertThat(phases.getCount()).isGreaterThanOrEqualTo(2);
        assertThat(events(ns)).extracting(Event::getReason).doesNotHaveDuplicates();
        await().untilAsserted(() -> assertThat(condition(ns, "night-1", "Autoscaling").getReason()).isEqualTo("Stable"));
        assertThat(status(ns, "night-1").consumers.selector).isEqualTo("app.kubernetes.io/component=consumer,app.kubernetes.io/instance=night-1");

        // Once the autoscaler has measured rates (two samples), nothing in this sale's world changes any more.
        await().untilAsserted(() -> assertThat(status(ns, "night-1").consumers.arrivalRate).isEqualTo(0.0));
        String version = client.resources(TicketingSale.class).inNamespace(ns).withName("night-1").get()
                .getMetadata().getResourceVersion();
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.resources(TicketingSale.class).inNamespace(ns).withName("night-1").get()
                        .getMetadata().getResourceVersion()).as("an unchanged status is not written again").isEqualTo(version));
    }

    @Test
    void a_changed_spec_reruns_init_then_updates_the_objects_and_is_observed() {
        String ns = namespace();
        createPostgresSecret(ns);
        client.resource(Sales.seedOnTestKafka(ns, "night-2")).create();
        await().until(() -> client.batch().v1().jobs().inNamespace(ns).withName("night-2-init").get() != null);
        String firstJob = client.batch().v1().jobs().inNamespace(ns).withName("night-2-init").get().getMetadata().getUid();
        completeJob(ns, "night-2-init");
        await().until(() -> client.apps().deployments().inNamespace(ns).withName("night-2-api").get() != null);

        editSale(ns, "night-2", s -> {
            s.getSpec().runtime.api.replicas = 3;
            s.getSpec().seating.rows = 3;
            return s;
        });
        await().untilAsserted(() -> {
            ConfigMap config = client.configMaps().inNamespace(ns).withName("night-2-config").get();
            assertThat(config.getData().get("SALE_PLAN")).contains("\"rows\":3");
            Job job = client.batch().v1().jobs().inNamespace(ns).withName("night-2-init").get();
            assertThat(job).isNotNull();
            assertThat(job.getMetadata().getUid()).as("a new init Job for the new plan").isNotEqualTo(firstJob);
            assertThat(status(ns, "night-2").phase).as("the running pods go on selling").isEqualTo("OnSale");
            assertThat(condition(ns, "night-2", "Ready").getMessage()).contains("A configuration change is being initialised");
            assertThat(status(ns, "night-2").observedGeneration).isEqualTo(2L);
        });
        assertThat(client.apps().deployments().inNamespace(ns).withName("night-2-api").get().getSpec().getReplicas())
                .as("pods roll only after init applied the new plan").isEqualTo(2);
        completeJob(ns, "night-2-init");
        await().untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(ns).withName("night-2-api").get().getSpec().getReplicas()).isEqualTo(3);
            assertThat(status(ns, "night-2").phase).isEqualTo("OnSale");
        });
    }

    @Test
    void a_failed_init_job_fails_the_sale_with_a_warning() {
        String ns = namespace();
        createPostgresSecret(ns);
        client.resource(Sales.seedOnTestKafka(ns, "night-3")).create();
        await().until(() -> client.batch().v1().jobs().inNamespace(ns).withName("night-3-init").get() != null);
        client.batch().v1().jobs().inNamespace(ns).withName("night-3-init").editStatus(job -> {
            job.setStatus(new JobStatusBuilder().withFailed(5).withConditions(new JobConditionBuilder()
                    .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").build()).build());
            return job;
        });
        await().untilAsserted(() -> {
            assertThat(status(ns, "night-3").phase).isEqualTo("Failed");
            assertThat(condition(ns, "night-3", "Ready").getReason()).isEqualTo("InitFailed");
            assertThat(condition(ns, "night-3", "Degraded").getStatus()).isEqualTo("True");
            assertThat(events(ns)).anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"));
        });
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void a_missing_secret_and_too_few_partitions_are_reported_as_degraded() {
        String ns = namespace();
        TicketingSale sale = Sales.seedOnTestKafka(ns, "night-4");
        sale.getSpec().kafka.partitions = 8;
        client.resource(sale).create();
        await().untilAsserted(() -> {
            Condition degraded = condition(ns, "night-4", "Degraded");
            assertThat(degraded.getStatus()).isEqualTo("True");
            assertThat(degraded.getReason()).isEqualTo("InvalidConfiguration");
            assertThat(degraded.getMessage()).contains("Secret 'postgres-app' does not exist")
                    .contains("kafka.partitions (8) is below autoscaling.maxReplicas (50)");
            assertThat(events(ns)).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("InvalidConfiguration"));
        });
        createPostgresSecret(ns);
        editSale(ns, "night-4", s -> {
            s.getSpec().kafka.partitions = 64;
            return s;
        });
        await().untilAsserted(() -> assertThat(condition(ns, "night-4", "Degraded").getStatus()).isEqualTo("False"));
    }

    @Test
    void the_runtime_report_reaches_status_and_a_full_sale_is_sold_out() {
        String ns = namespace();
        createPostgresSecret(ns);
        client.resource(Sales.seedOnTestKafka(ns, "night-5")).create();
        await().until(() -> client.batch().v1().jobs().inNamespace(ns).withName("night-5-init").get() != null);
        completeJob(ns, "night-5-init");
        await().until(() -> client.apps().deployments().inNamespace(ns).withName("night-5-api").get() != null);

        reports.serve("night-5", 400, 1000);
        await().untilAsserted(() -> {
            var report = status(ns, "night-5").report;
            assertThat(report).isNotNull();
            assertThat(report.ticketsSold).isEqualTo(400L);
            assertThat(report.bookingLatencyMs.p99).isEqualTo(80.0);
            assertThat(status(ns, "night-5").phase).isEqualTo("OnSale");
        });
        reports.serve("night-5", 1000, 1000);
        await().untilAsserted(() -> {
            assertThat(status(ns, "night-5").phase).isEqualTo("SoldOut");
            assertThat(status(ns, "night-5").report.selloutSeconds).isEqualTo(0.42);
        });
        assertThat(events(ns)).anySatisfy(e -> assertThat(e.getMessage()).contains("OnSale -> SoldOut"));
    }

    @Test
    void the_topic_is_created_grown_never_shrunk_and_deleted_per_policy() throws Exception {
        String ns = namespace();
        createPostgresSecret(ns);
        TicketingSale sale = Sales.seedOnTestKafka(ns, "night-6");
        sale.getSpec().kafka.partitions = 50;
        sale.getSpec().kafka.topicDeletionPolicy = "Delete";
        // Client settings for Kafka come from the credentials Secret, as the runtime gets them.
        client.resource(new SecretBuilder().withNewMetadata().withName("kafka-client").withNamespace(ns).endMetadata()
                .withStringData(Map.of("KAFKA_CLIENT_REQUEST_TIMEOUT_MS", "20000")).build()).create();
        sale.getSpec().kafka.credentialsSecretRef = new dev.ticketing.operator.sale.TicketingSaleSpec.SecretRef();
        sale.getSpec().kafka.credentialsSecretRef.name = "kafka-client";
        client.resource(sale).create();
        String topic = "ticketing." + ns + ".night-6.commands";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedServices.kafkaBootstrapServers()))) {
            await().ignoreExceptions().untilAsserted(() -> {
                assertThat(partitions(admin, topic)).isEqualTo(50);
                assertThat(admin.listTopics().names().get()).contains(topic + ".dlq");
            });

            editSale(ns, "night-6", s -> {
                s.getSpec().kafka.partitions = 60;
                s.getSpec().autoscaling.maxReplicas = 60;
                return s;
            });
            await().ignoreExceptions().untilAsserted(() -> assertThat(partitions(admin, topic)).isEqualTo(60));
            editSale(ns, "night-6", s -> {
                s.getSpec().kafka.partitions = 55;
                return s;
            });
            await().untilAsserted(() -> {
                assertThat(status(ns, "night-6").observedGeneration).isEqualTo(3L);
                assertThat(condition(ns, "night-6", "Degraded").getMessage())
                        .contains("kafka.partitions is 55 but the topic has 60; partitions are never removed");
            });
            assertThat(partitions(admin, topic)).as("never shrunk").isEqualTo(60);
            assertThat(client.configMaps().inNamespace(ns).withName("night-6-config").get().getData())
                    .containsEntry("KAFKA_PARTITIONS", "60");

            client.resources(TicketingSale.class).inNamespace(ns).withName("night-6").delete();
            await().untilAsserted(() -> {
                assertThat(admin.listTopics().names().get()).doesNotContain(topic, topic + ".dlq");
                assertThat(client.resources(TicketingSale.class).inNamespace(ns).withName("night-6").get()).isNull();
            });
        }
    }

    @Test
    void retained_topics_outlive_the_sale() throws Exception {
        String ns = namespace();
        createPostgresSecret(ns);
        client.resource(Sales.seedOnTestKafka(ns, "night-7")).create();
        String topic = "ticketing." + ns + ".night-7.commands";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedServices.kafkaBootstrapServers()))) {
            await().ignoreExceptions().untilAsserted(() -> assertThat(partitions(admin, topic)).isEqualTo(64));
            client.resources(TicketingSale.class).inNamespace(ns).withName("night-7").delete();
            await().untilAsserted(() -> assertThat(client.resources(TicketingSale.class).inNamespace(ns).withName("night-7").get()).isNull());
            assertThat(admin.listTopics().names().get()).contains(topic);
        }
    }

    @Test
    void an_unreachable_kafka_is_reported_as_degraded_and_retried() throws Exception {
        String ns = namespace();
        createPostgresSecret(ns);
        int deadPort;
        try (var socket = new java.net.ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        TicketingSale sale = Sales.seedOnTestKafka(ns, "night-8");
        sale.getSpec().kafka.bootstrapServers = "127.0.0.1:" + deadPort;
        client.resource(sale).create();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Condition degraded = condition(ns, "night-8", "Degraded");
            assertThat(degraded.getStatus()).isEqualTo("True");
            assertThat(degraded.getMessage()).contains("Kafka").contains("127.0.0.1:" + deadPort);
        });
        assertThat(client.batch().v1().jobs().inNamespace(ns).withName("night-8-init").get()).as("init waits for the topic").isNull();
    }

    @Test
    void a_wiped_status_is_written_again() {
        String ns = namespace();
        createPostgresSecret(ns);
        client.resource(Sales.seedOnTestKafka(ns, "night-10")).create();
        await().untilAsserted(() -> assertThat(status(ns, "night-10").phase).isEqualTo("Initializing"));

        client.resources(TicketingSale.class).inNamespace(ns).withName("night-10").editStatus(sale -> {
            sale.setStatus(null);
            return sale;
        });

        await().untilAsserted(() -> {
            assertThat(status(ns, "night-10").phase).isEqualTo("Initializing");
            assertThat(condition(ns, "night-10", "Ready").getReason()).isEqualTo("Initializing");
        });
    }

    @Test
    void a_secret_created_later_clears_degraded_at_once_without_an_edit_of_the_sale() {
        String ns = namespace();
        TicketingSale sale = Sales.seedOnTestKafka(ns, "night-11");
        sale.getSpec().opensAt = "2099-01-01T00:00:00Z";
        client.resource(sale).create();
        await().untilAsserted(() -> assertThat(condition(ns, "night-11", "Degraded").getMessage())
                .contains("Secret 'postgres-app' does not exist"));

        createPostgresSecret(ns);

        await().untilAsserted(() -> assertThat(condition(ns, "night-11", "Degraded").getStatus()).isEqualTo("False"));
        assertThat(client.resources(TicketingSale.class).inNamespace(ns).withName("night-11").get().getMetadata().getGeneration())
                .isEqualTo(1L);
    }

    @Test
    void a_new_plan_shape_after_bookings_is_refused_and_a_new_price_applies_while_the_sale_keeps_selling() {
        String ns = namespace();
        createPostgresSecret(ns);
        client.resource(Sales.seedOnTestKafka(ns, "night-12")).create();
        await().until(() -> client.batch().v1().jobs().inNamespace(ns).withName("night-12-init").get() != null);
        completeJob(ns, "night-12-init");
        await().until(() -> client.apps().deployments().inNamespace(ns).withName("night-12-api").get() != null);
        reports.serve("night-12", 40, 1000);
        await().untilAsserted(() -> assertThat(status(ns, "night-12").report).isNotNull()
                .extracting(report -> report.bookingsAccepted).isEqualTo(40L));
        String plan = client.configMaps().inNamespace(ns).withName("night-12-config").get().getData().get("SALE_PLAN");
        String job = client.batch().v1().jobs().inNamespace(ns).withName("night-12-init").get().getMetadata().getUid();

        editSale(ns, "night-12", s -> {
            s.getSpec().seating.rows = 3;
            return s;
        });
        await().untilAsserted(() -> {
            Condition degraded = condition(ns, "night-12", "Degraded");
            assertThat(degraded.getReason()).isEqualTo("EditRefused");
            assertThat(degraded.getMessage()).contains("cannot change once the sale has bookings (40 accepted)");
            assertThat(degraded.getObservedGeneration()).isEqualTo(2L);
        });
        assertThat(client.configMaps().inNamespace(ns).withName("night-12-config").get().getData().get("SALE_PLAN")).isEqualTo(plan);
        assertThat(client.batch().v1().jobs().inNamespace(ns).withName("night-12-init").get().getMetadata().getUid()).isEqualTo(job);
        assertThat(status(ns, "night-12").phase).isEqualTo("OnSale");
        assertThat(client.v1().events().inNamespace(ns).withName("night-12.editrefused").get().getType()).isEqualTo("Warning");

        editSale(ns, "night-12", s -> {
            s.getSpec().seating.rows = 2;
            s.getSpec().seating.sections.getFirst().price = 3500;
            return s;
        });
        await().untilAsserted(() -> {
            assertThat(condition(ns, "night-12", "Degraded").getStatus()).isEqualTo("False");
            assertThat(client.configMaps().inNamespace(ns).withName("night-12-config").get().getData().get("SALE_PLAN"))
                    .contains("\"price\":3500");
            assertThat(client.batch().v1().jobs().inNamespace(ns).withName("night-12-init").get().getMetadata().getUid())
                    .as("a new price is stored by init").isNotEqualTo(job);
        });
    }

    @Test
    void a_name_kubernetes_would_reject_downstream_creates_nothing_and_says_why() {
        String ns = namespace();
        createPostgresSecret(ns);
        String name = "n" + "1".repeat(58);
        client.resource(Sales.seedOnTestKafka(ns, name)).create();
        await().untilAsserted(() -> {
            Condition degraded = condition(ns, name, "Degraded");
            assertThat(degraded.getStatus()).isEqualTo("True");
            assertThat(degraded.getMessage()).contains("at most 58 characters");
            assertThat(status(ns, name).phase).isEqualTo("Failed");
        });
        assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void a_jdbc_url_with_a_password_never_reaches_the_config_map() {
        String ns = namespace();
        createPostgresSecret(ns);
        TicketingSale sale = Sales.seedOnTestKafka(ns, "night-13");
        sale.getSpec().postgres.jdbcUrl = "jdbc:postgresql://db:5432/ticketing?user=app&password=hunter2";
        client.resource(sale).create();
        await().untilAsserted(() -> assertThat(condition(ns, "night-13", "Degraded").getMessage())
                .contains("postgres.jdbcUrl must not carry credentials"));
        assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void a_deletion_blocked_on_its_topic_says_why_and_retain_lets_the_sale_go() throws Exception {
        String ns = namespace();
        createPostgresSecret(ns);
        TicketingSale sale = Sales.seedOnTestKafka(ns, "night-14");
        sale.getSpec().kafka.topicDeletionPolicy = "Delete";
        client.resource(sale).create();
        await().until(() -> client.batch().v1().jobs().inNamespace(ns).withName("night-14-init").get() != null);
        String unreachable = "127.0.0.1:" + deadPort();
        editSale(ns, "night-14", s -> {
            s.getSpec().kafka.bootstrapServers = unreachable;
            return s;
        });

        client.resources(TicketingSale.class).inNamespace(ns).withName("night-14").delete();

        await().untilAsserted(() -> {
            Condition degraded = condition(ns, "night-14", "Degraded");
            assertThat(degraded.getReason()).isEqualTo("DeletionBlocked");
            assertThat(degraded.getMessage()).contains("set spec.kafka.topicDeletionPolicy to Retain");
            assertThat(client.v1().events().inNamespace(ns).withName("night-14.deletionblocked").get()).isNotNull();
        });
        editSale(ns, "night-14", s -> {
            s.getSpec().kafka.topicDeletionPolicy = "Retain";
            return s;
        });
        await().untilAsserted(() -> assertThat(client.resources(TicketingSale.class).inNamespace(ns).withName("night-14").get())
                .isNull());
    }

    @Test
    void consumers_follow_the_autoscaler_with_one_event_per_change_not_per_reconciliation() throws Exception {
        String ns = namespace();
        createPostgresSecret(ns);
        TicketingSale sale = Sales.seedOnTestKafka(ns, "night-15");
        sale.getSpec().autoscaling.scaleDownStabilizationSeconds = 3;
        client.resource(sale).create();
        await().until(() -> client.batch().v1().jobs().inNamespace(ns).withName("night-15-init").get() != null);
        completeJob(ns, "night-15-init");
        await().until(() -> client.apps().deployments().inNamespace(ns).withName("night-15-consumer").get() != null);
        String topic = "ticketing." + ns + ".night-15.commands";
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(
                Map.<String, Object>of("bootstrap.servers", dev.ticketing.services.SharedServices.kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            for (int i = 0; i < 300; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, i % 64, "A:1", "{}"));
            }
        }

        await().untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(ns).withName("night-15-consumer").get().getSpec().getReplicas())
                    .as("300 commands at 20 per consumer").isEqualTo(15);
            var consumers = status(ns, "night-15").consumers;
            assertThat(consumers.desiredReplicas).isEqualTo(15);
            assertThat(consumers.lag).isEqualTo(300L);
            assertThat(consumers.lastScaleTime).isNotNull();
            assertThat(consumers.lastDecision).contains("lag 300 at 20 per consumer -> 15");
        });
        Thread.sleep(3_000); // several more reconciliations with the same decision
        Event up = client.v1().events().inNamespace(ns).withName("night-15.scaledup").get();
        assertThat(up.getCount()).as("one Event per change, not per reconciliation").isEqualTo(1);
        assertThat(up.getMessage()).startsWith("1 -> 15 consumers: lag 300");

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", dev.ticketing.services.SharedServices.kafkaBootstrapServers()))) {
            var latest = new java.util.HashMap<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
            for (int p = 0; p < 64; p++) {
                latest.put(new org.apache.kafka.common.TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            var consumed = new java.util.HashMap<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata>();
            admin.listOffsets(latest).all().get().forEach((tp, info) ->
                    consumed.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets("ticketing." + ns + ".night-15", consumed).all().get();
        }
        await().untilAsserted(() -> {
            assertThat(client.apps().deployments().inNamespace(ns).withName("night-15-consumer").get().getSpec().getReplicas())
                    .isEqualTo(1);
            assertThat(client.v1().events().inNamespace(ns).withName("night-15.scaleddown").get()).isNotNull()
                    .extracting(Event::getMessage).asString().startsWith("15 -> 1 consumers");
        });
    }

    @Test
    void in_paused_mode_the_scale_subresource_sets_the_consumers_and_in_auto_a_manual_value_is_overruled_and_said_so() {
        String ns = namespace();
        createPostgresSecret(ns);
        TicketingSale sale = Sales.seedOnTestKafka(ns, "night-16");
        sale.getSpec().autoscaling.mode = "paused";
        sale.getSpec().autoscaling.scaleDownStabilizationSeconds = 0;
        sale.getSpec().runtime.consumer.replicas = 3;
        client.resource(sale).create();
        await().until(() -> client.batch().v1().jobs().inNamespace(ns).withName("night-16-init").get() != null);
        completeJob(ns, "night-16-init");
        await().untilAsserted(() -> assertThat(consumerReplicas(ns, "night-16")).isEqualTo(3));
        assertThat(condition(ns, "night-16", "Autoscaling").getReason()).isEqualTo("Paused");

        editSale(ns, "night-16", s -> { // what `kubectl scale tsale/night-16 --replicas=5` writes
            s.getSpec().runtime.consumer.replicas = 5;
            return s;
        });
        await().untilAsserted(() -> assertThat(consumerReplicas(ns, "night-16")).isEqualTo(5));

        editSale(ns, "night-16", s -> {
            s.getSpec().autoscaling.mode = "auto";
            return s;
        });
        await().untilAsserted(() -> assertThat(consumerReplicas(ns, "night-16")).as("no lag: the minimum").isEqualTo(1));
        editSale(ns, "night-16", s -> {
            s.getSpec().runtime.consumer.replicas = 7;
            return s;
        });
        await().untilAsserted(() -> assertThat(client.v1().events().inNamespace(ns).withName("night-16.manualscaleignored").get())
                .isNotNull().extracting(Event::getMessage).asString().contains("was set to 7, but autoscaling.mode is auto"));
        assertThat(consumerReplicas(ns, "night-16")).isEqualTo(1);
    }

    @Test
    void a_prewarm_lead_shorter_than_a_consumers_measured_start_up_is_warned_about() {
        String ns = namespace();
        createPostgresSecret(ns);
        TicketingSale sale = Sales.seedOnTestKafka(ns, "night-17");
        sale.getSpec().opensAt = java.time.Instant.now().plusSeconds(3_600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        sale.getSpec().autoscaling.prewarm.leadSeconds = 5;
        client.resource(sale).create();
        await().until(() -> client.batch().v1().jobs().inNamespace(ns).withName("night-17-init").get() != null);
        completeJob(ns, "night-17-init");
        await().until(() -> client.apps().deployments().inNamespace(ns).withName("night-17-consumer").get() != null);
        // The kubelet's part: a consumer pod that became ready (held partitions) 20 s after it was created.
        var pod = client.resource(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata().withName("night-17-consumer-abc")
                .withNamespace(ns).withLabels(dev.ticketing.operator.resources.SaleResources.from(sale, "img").labels("consumer"))
                .endMetadata().withNewSpec().addNewContainer().withName("consumer").withImage("img").endContainer().endSpec()
                .build()).create();
        var created = java.time.Instant.parse(pod.getMetadata().getCreationTimestamp());
        client.pods().inNamespace(ns).withName("night-17-consumer-abc").editStatus(p -> {
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().addNewCondition().withType("Ready")
                    .withStatus("True").withLastTransitionTime(created.plusSeconds(20).toString()).endCondition().build());
            return p;
        });
        await().untilAsserted(() -> {
            assertThat(status(ns, "night-17").consumers.startupSeconds).isEqualTo(20.0);
            assertThat(condition(ns, "night-17", "Autoscaling").getMessage())
                    .contains("autoscaling.prewarm.leadSeconds (5 s) is shorter than a consumer's measured start-up (20 s)");
            assertThat(client.v1().events().inNamespace(ns).withName("night-17.prewarmleadtooshort").get().getType())
                    .isEqualTo("Warning");
        });
    }

    private static int consumerReplicas(String ns, String sale) {
        return client.apps().deployments().inNamespace(ns).withName(sale + "-consumer").get().getSpec().getReplicas();
    }

    private static int deadPort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void the_operator_serves_probes_and_reconciliation_metrics() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        java.net.URI base = java.net.URI.create("http://127.0.0.1:" + operator.port());
        await().untilAsserted(() -> assertThat(http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200));
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/health/live")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        String ns = namespace();
        createPostgresSecret(ns);
        client.resource(Sales.seedOnTestKafka(ns, "night-9")).create();
        await().untilAsserted(() -> assertThat(http.send(java.net.http.HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body()).contains("operator_sdk_"));
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    /** Like kubectl edit: the operator may write status in between, so a conflicting edit is tried again. */
    private static void editSale(String ns, String name, java.util.function.UnaryOperator<TicketingSale> change) {
        await().ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class).until(() -> {
            client.resources(TicketingSale.class).inNamespace(ns).withName(name).edit(change);
            return true;
        });
    }

    private static String namespace() {
        return "sales-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void createPostgresSecret(String ns) {
        client.resource(new SecretBuilder().withNewMetadata().withName("postgres-app").withNamespace(ns).endMetadata()
                .withStringData(Map.of("username", "ticketing", "password", "secret")).build()).create();
    }

    private static void completeJob(String ns, String name) {
        client.batch().v1().jobs().inNamespace(ns).withName(name).editStatus(job -> {
            job.setStatus(new JobStatusBuilder().withSucceeded(1).build());
            return job;
        });
    }

    private static void ready(String ns, String name, int replicas) {
        client.apps().deployments().inNamespace(ns).withName(name).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas).build());
            return d;
        });
    }

    private static dev.ticketing.operator.sale.TicketingSaleStatus status(String ns, String name) {
        TicketingSale sale = client.resources(TicketingSale.class).inNamespace(ns).withName(name).get();
        assertThat(sale.getStatus()).as("status of %s", name).isNotNull();
        return sale.getStatus();
    }

    private static Condition condition(String ns, String name, String type) {
        return status(ns, name).conditions.stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type));
    }

    private static List<Event> events(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems();
    }

}
