package dev.ticketing.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.sale.TicketingSaleSpec;

class SaleResourcesTest {

    private final TicketingSale sale = Sales.seed("sales", "night-1");
    private final SaleResources resources = SaleResources.from(sale, "registry/ticketing-runtime:9");

    @Test
    void config_carries_the_runtime_settings_and_the_plan_in_the_runtime_format() {
        Map<String, String> data = resources.config().getData();
        assertThat(resources.config().getMetadata().getName()).isEqualTo("night-1-config");
        assertThat(data).containsEntry("SALE_NAME", "night-1").containsEntry("SALE_NAMESPACE", "sales")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka.kafka.svc:9092").containsEntry("KAFKA_PARTITIONS", "64")
                .containsEntry("REDIS_URL", "redis://redis.data.svc:6379")
                .containsEntry("POSTGRES_JDBC_URL", "jdbc:postgresql://postgres.data.svc:5432/ticketing");
        assertThat(data.get("SALE_PLAN")).contains("\"rows\":2").contains("\"seatsPerRow\":5")
                .contains("{\"name\":\"J\",\"price\":800,\"subsections\":10}");
        assertThat(data).doesNotContainKey("POSTGRES_PASSWORD");
        assertThat(data).as("the per-buyer limits' defaults, also for a spec stored before they existed")
                .containsEntry("SALE_MAX_TICKETS_PER_BUYER", "8").containsEntry("BOOKING_REQUESTS_PER_MINUTE_PER_BUYER", "30")
                .containsEntry("SALE_HOLD_SECONDS", "600");
    }

    @Test
    void consumers_get_small_cpu_requests_by_default_and_the_given_replicas() {
        sale.getSpec().runtime.consumer = null;
        Deployment consumers = SaleResources.from(sale, "img").consumerDeployment(7);
        Container container = consumers.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(consumers.getSpec().getReplicas()).isEqualTo(7);
        assertThat(container.getArgs()).containsExactly("consumer");
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("128Mi"));
        assertThat(container.getResources().getLimits()).containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("512Mi"));
    }

    @Test
    void consumers_compile_with_c1_only_unless_the_sale_says_otherwise() {
        sale.getSpec().runtime.consumer = null;
        assertThat(jvmOptions(SaleResources.from(sale, "img").consumerDeployment(1))).contains("-XX:TieredStopAtLevel=1");

        sale.getSpec().runtime.consumer = new TicketingSaleSpec.Consumer();
        sale.getSpec().runtime.consumer.jvmOptions = "-XX:+UseSerialGC -XX:MaxRAMPercentage=60";
        assertThat(jvmOptions(SaleResources.from(sale, "img").consumerDeployment(1))).contains("-XX:+UseSerialGC -XX:MaxRAMPercentage=60");

        sale.getSpec().runtime.consumer.jvmOptions = " ";
        assertThat(jvmOptions(SaleResources.from(sale, "img").consumerDeployment(1))).as("blank: the JVM's own defaults").isEmpty();
        assertThat(jvmOptions(resources.apiDeployment())).as("the api keeps C2 for its hot path").isEmpty();
    }

    private static Optional<String> jvmOptions(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .filter(e -> e.getName().equals("JDK_JAVA_OPTIONS")).map(EnvVar::getValue).findFirst();
    }

    @Test
    void api_runs_the_sale_image_with_probes_secrets_and_a_locked_down_container() {
        Deployment api = resources.apiDeployment();
        Container container = api.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(api.getMetadata().getName()).isEqualTo("night-1-api");
        assertThat(api.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container.getImage()).isEqualTo("ticketing-runtime:0.1.0");
        assertThat(container.getArgs()).containsExactly("api");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(container.getEnvFrom().getFirst().getConfigMapRef().getName()).isEqualTo("night-1-config");
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .containsExactly("POSTGRES_USER", "POSTGRES_PASSWORD", "AUTH_TOKEN_SECRET");
        assertThat(container.getEnv().get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("postgres-app");
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(api.getSpec().getSelector().getMatchLabels())
                .isEqualTo(Map.of("app.kubernetes.io/instance", "night-1", "app.kubernetes.io/component", "api"));
        assertThat(api.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "ticketing-operator")
                .containsEntry("app.kubernetes.io/name", "ticketing-runtime");
    }

    @Test
    void the_operators_image_is_used_when_the_sale_names_none_and_a_changed_plan_rolls_pods() {
        sale.getSpec().runtime.image = null;
        assertThat(resources.apiDeployment().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("registry/ticketing-runtime:9");
    }

    @Test
    void a_change_rolls_the_pods_that_read_it_and_reruns_init_only_for_inits_inputs() {
        sale.getSpec().opensAt = "2026-12-01T13:00:00+01:00";
        Map<String, String> before = hashes(sale);

        sale.getSpec().closesAt = "2026-12-01T19:00:00Z";
        assertThat(changed(before, hashes(sale))).as("the window: only the api enforces it").containsExactly("api");
        assertThat(resources.config().getData()).containsEntry("SALE_CLOSES_AT", "2026-12-01T19:00:00Z")
                .containsEntry("SALE_OPENS_AT", "2026-12-01T12:00:00Z");

        before = hashes(sale);
        sale.getSpec().closesAt = "2026-12-01T20:00:00+01:00";
        assertThat(changed(before, hashes(sale))).as("the same instant written differently").isEmpty();

        sale.getSpec().tracing = new TicketingSaleSpec.Tracing();
        sale.getSpec().tracing.otlpEndpoint = "http://otel:4318";
        assertThat(changed(before, hashes(sale))).as("tracing: read by serving pods, not by init")
                .containsExactlyInAnyOrder("api", "consumer");

        before = hashes(sale);
        sale.getSpec().limits = new TicketingSaleSpec.Limits();
        sale.getSpec().limits.bookingRequestsPerMinute = 10;
        sale.getSpec().limits.clientAddressHeader = "X-Forwarded-For";
        assertThat(changed(before, hashes(sale))).as("the booking rate and client addresses: the api's").containsExactly("api");
        assertThat(SaleResources.from(sale, "img").config().getData()).containsEntry("HTTP_CLIENT_ADDRESS_HEADER", "X-Forwarded-For");
        before = hashes(sale);
        sale.getSpec().limits.maxTicketsPerBuyer = 6;
        assertThat(changed(before, hashes(sale))).as("the buyer limit: checked by the api, enforced by consumers")
                .containsExactlyInAnyOrder("api", "consumer");

        before = hashes(sale);
        sale.getSpec().seating.sections.getFirst().price = 3500;
        assertThat(changed(before, hashes(sale))).as("a price: stored by init, read by both at start")
                .containsExactlyInAnyOrder("init", "api", "consumer");
    }

    private static Map<String, String> hashes(TicketingSale sale) {
        SaleResources r = SaleResources.from(sale, "img");
        return Map.of("init", annotation(r.initJob().getSpec().getTemplate().getMetadata()),
                "api", annotation(r.apiDeployment().getSpec().getTemplate().getMetadata()),
                "consumer", annotation(r.consumerDeployment(1).getSpec().getTemplate().getMetadata()));
    }

    private static String annotation(io.fabric8.kubernetes.api.model.ObjectMeta meta) {
        return meta.getAnnotations().get(SaleResources.CONFIG_HASH);
    }

    private static java.util.Set<String> changed(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void a_partial_resources_block_is_completed_so_every_pod_has_requests_and_limits() {
        sale.getSpec().runtime.consumer = new TicketingSaleSpec.Consumer();
        sale.getSpec().runtime.consumer.resources = new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("2")).build();
        var resources = SaleResources.from(sale, "img").consumerDeployment(1).getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getResources();
        assertThat(resources.getRequests()).containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("128Mi"));
        assertThat(resources.getLimits()).as("a limit never below its request").containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("512Mi"));
    }

    @Test
    void runtime_pods_get_no_service_account_token_and_objects_name_the_sale_as_their_controller() {
        sale.getMetadata().setUid("0f0e");
        SaleResources r = SaleResources.from(sale, "img");
        for (var pod : java.util.List.of(r.apiDeployment().getSpec().getTemplate().getSpec(),
                r.consumerDeployment(1).getSpec().getTemplate().getSpec(), r.initJob().getSpec().getTemplate().getSpec())) {
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        }
        for (var meta : java.util.List.of(r.config().getMetadata(), r.apiDeployment().getMetadata(), r.apiService().getMetadata(),
                r.initJob().getMetadata())) {
            assertThat(meta.getOwnerReferences()).singleElement().satisfies(owner -> {
                assertThat(owner.getUid()).isEqualTo("0f0e");
                assertThat(owner.getController()).isTrue();
                assertThat(owner.getKind()).isEqualTo("TicketingSale");
            });
        }
    }

    @Test
    void init_job_runs_init_once_with_retries() {
        var job = resources.initJob();
        assertThat(job.getMetadata().getName()).isEqualTo("night-1-init");
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("OnFailure");
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().getFirst().getArgs()).containsExactly("init");
    }
}
