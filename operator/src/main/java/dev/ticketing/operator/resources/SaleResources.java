package dev.ticketing.operator.resources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.sale.TicketingSaleSpec;

/**
 * The Kubernetes objects a sale wants, computed from the resource alone (no client calls), so each is
 * a plain function to test. Names and labels follow DESIGN.md §4.
 */
public final class SaleResources {

    public static final String MANAGED_BY = "ticketing-operator";
    /** What the operator's informers of owned objects select on, so they do not cache the cluster's other objects. */
    public static final String MANAGED_BY_SELECTOR = "app.kubernetes.io/managed-by=" + MANAGED_BY;
    public static final String CONFIG_HASH = "ticketing.dev/config-hash";
    static final int HTTP_PORT = 8080;

    private final TicketingSale sale;
    private final TicketingSaleSpec spec;
    private final String defaultImage;
    private final String planJson;
    private final int partitions;

    private SaleResources(TicketingSale sale, String defaultImage, String planJson, int partitions) {
        this.sale = sale;
        this.spec = sale.getSpec();
        this.defaultImage = defaultImage;
        this.planJson = planJson;
        this.partitions = partitions;
    }

    public static SaleResources from(TicketingSale sale, String defaultImage) {
        return new SaleResources(sale, defaultImage, null, 0);
    }

    /**
     * The same sale with the plan and partitions the operator decided to apply, which differ from the spec when
     * an edit is refused (a new shape once bookings exist) or cannot take effect (fewer partitions).
     */
    public SaleResources applying(String plan, int topicPartitions) {
        return new SaleResources(sale, defaultImage, plan, topicPartitions);
    }

    public static String configName(String sale) {
        return sale + "-config";
    }

    public static String authSecretName(String sale) {
        return sale + "-auth";
    }

    public static String initJobName(String sale) {
        return sale + "-init";
    }

    public static String apiName(String sale) {
        return sale + "-api";
    }

    public static String consumerName(String sale) {
        return sale + "-consumer";
    }

    public static String commandsTopic(String namespace, String sale) {
        return "ticketing." + namespace + "." + sale + ".commands";
    }

    /** The runtime's consumer group (KAFKA_CONSUMER_GROUP's default there). */
    public static String consumerGroup(String namespace, String sale) {
        return "ticketing." + namespace + "." + sale;
    }

    /** The consumer pods, as a label selector (the scale subresource reports it). */
    public static String consumerSelector(String sale) {
        return "app.kubernetes.io/component=consumer,app.kubernetes.io/instance=" + sale;
    }

    /** Non-secret runtime settings, shared by every role through {@code envFrom}. */
    public ConfigMap config() {
        return new ConfigMapBuilder().withMetadata(metadata(configName(name()), "config")).withData(configData()).build();
    }

    private Map<String, String> configData() {
        Map<String, String> data = new TreeMap<>();
        data.put("SALE_NAME", name());
        data.put("SALE_NAMESPACE", namespace());
        data.put("SALE_PLAN", salePlanJson());
        data.put("KAFKA_BOOTSTRAP_SERVERS", spec.kafka.bootstrapServers);
        data.put("KAFKA_PARTITIONS", String.valueOf(partitions()));
        data.put("REDIS_URL", spec.redis.url);
        data.put("POSTGRES_JDBC_URL", spec.postgres.jdbcUrl);
        data.put("HTTP_PORT", String.valueOf(HTTP_PORT));
        TicketingSaleSpec.Limits limits = TicketingSaleSpec.Limits.of(spec);
        data.put("SALE_MAX_TICKETS_PER_BUYER", String.valueOf(limits.maxTicketsPerBuyer));
        data.put("BOOKING_REQUESTS_PER_MINUTE_PER_BUYER", String.valueOf(limits.bookingRequestsPerMinute));
        if (limits.clientAddressHeader != null && !limits.clientAddressHeader.isBlank()) {
            data.put("HTTP_CLIENT_ADDRESS_HEADER", limits.clientAddressHeader);
        }
        data.put("SALE_HOLD_SECONDS", String.valueOf(spec.holdSeconds == null ? new TicketingSaleSpec().holdSeconds : spec.holdSeconds));
        data.put("OTEL_SERVICE_NAME", "ticketing-runtime");
        if (spec.tracing != null && spec.tracing.otlpEndpoint != null && !spec.tracing.otlpEndpoint.isBlank()) {
            data.put("OTEL_EXPORTER_OTLP_ENDPOINT", spec.tracing.otlpEndpoint);
        }
        // Normalised, so rewriting the same instant in another offset changes nothing.
        instant(spec.opensAt).ifPresent(at -> data.put("SALE_OPENS_AT", at));
        instant(spec.closesAt).ifPresent(at -> data.put("SALE_CLOSES_AT", at));
        return data;
    }

    private static java.util.Optional<String> instant(String rfc3339) {
        return rfc3339 == null || rfc3339.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(java.time.OffsetDateTime.parse(rfc3339).toInstant().toString());
    }

    /** The key that signs buyer tokens; created once with a random value and never rewritten. */
    public Secret authSecret(String randomToken) {
        return new SecretBuilder().withMetadata(metadata(authSecretName(name()), "auth"))
                .withType("Opaque")
                .withData(Map.of("token", java.util.Base64.getEncoder().encodeToString(randomToken.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    public Job initJob() {
        return new JobBuilder()
                .withMetadata(metadata(initJobName(name()), "init"))
                .withNewSpec()
                .withBackoffLimit(4)
                .withNewTemplate()
                .withMetadata(podMetadata("init"))
                .withSpec(podSpec(container("init", resources(null, "100m", "256Mi", "1", "512Mi"), false), "OnFailure"))
                .endTemplate()
                .endSpec()
                .build();
    }

    public Deployment apiDeployment() {
        int replicas = spec.runtime != null && spec.runtime.api != null && spec.runtime.api.replicas != null
                ? spec.runtime.api.replicas : 2;
        ResourceRequirements given = spec.runtime != null && spec.runtime.api != null ? spec.runtime.api.resources : null;
        return deployment(apiName(name()), "api", replicas, container("api", resources(given, "250m", "256Mi", "1", "768Mi"), true));
    }

    /** {@code replicas} is the autoscaler's decision; the deployment never invents its own. */
    public Deployment consumerDeployment(int replicas) {
        TicketingSaleSpec.Consumer consumer = spec.runtime != null ? spec.runtime.consumer : null;
        ResourceRequirements given = consumer != null ? consumer.resources : null;
        String jvmOptions = consumer != null && consumer.jvmOptions != null ? consumer.jvmOptions
                : TicketingSaleSpec.Consumer.DEFAULT_JVM_OPTIONS;
        // Burstable by measurement (make bench, profile-* scenarios): cheap to schedule, fast when the node has room.
        Container container = container("consumer", resources(given, "100m", "128Mi", "1", "512Mi"), true);
        if (!jvmOptions.isBlank()) {
            container.getEnv().add(new EnvVarBuilder().withName("JDK_JAVA_OPTIONS").withValue(jvmOptions).build());
        }
        return deployment(consumerName(name()), "consumer", replicas, container);
    }

    public Service apiService() {
        return new ServiceBuilder()
                .withMetadata(metadata(apiName(name()), "api"))
                .withNewSpec()
                .withSelector(selector("api"))
                .addNewPort().withName("http").withPort(HTTP_PORT).withTargetPort(new IntOrString("http")).endPort()
                .endSpec()
                .build();
    }

    /** Voluntary disruptions (node drains, upgrades) take at most one api pod at a time. */
    public PodDisruptionBudget apiDisruptionBudget() {
        return new PodDisruptionBudgetBuilder().withMetadata(metadata(apiName(name()), "api"))
                .withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().withMatchLabels(selector("api")).endSelector().endSpec().build();
    }

    /** The sale's pods admit traffic from each other only (with {@link #apiIngressPolicy()}: the api's port from anywhere). */
    public NetworkPolicy isolationPolicy() {
        return new NetworkPolicyBuilder().withMetadata(metadata(isolationPolicyName(name()), "network"))
                .withNewSpec().withNewPodSelector().withMatchLabels(Map.of("app.kubernetes.io/instance", name())).endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().addNewFrom().withNewPodSelector().withMatchLabels(Map.of("app.kubernetes.io/instance", name()))
                .endPodSelector().endFrom().endIngress()
                .endSpec().build();
    }

    /** Buyers reach the api pods on their HTTP port; nothing else of the sale is reachable from outside it. */
    public NetworkPolicy apiIngressPolicy() {
        return new NetworkPolicyBuilder().withMetadata(metadata(apiIngressPolicyName(name()), "network"))
                .withNewSpec().withNewPodSelector().withMatchLabels(selector("api")).endPodSelector()
                .withPolicyTypes("Ingress")
                .addNewIngress().addNewPort().withProtocol("TCP").withPort(new IntOrString(HTTP_PORT)).endPort().endIngress()
                .endSpec().build();
    }

    public static String isolationPolicyName(String sale) {
        return sale + "-isolation";
    }

    public static String apiIngressPolicyName(String sale) {
        return sale + "-api-ingress";
    }

    public int partitions() {
        return partitions > 0 ? partitions : specPartitions(spec);
    }

    public static int specPartitions(TicketingSaleSpec spec) {
        return spec.kafka.partitions == null ? 64 : spec.kafka.partitions;
    }

    public String image() {
        return spec.runtime != null && spec.runtime.image != null && !spec.runtime.image.isBlank()
                ? spec.runtime.image : defaultImage;
    }

    /** The runtime's SALE_PLAN: the same compact plan format, as JSON. */
    public String salePlanJson() {
        return planJson != null ? planJson : specPlanJson();
    }

    /** The plan as the spec states it, before any refused edit is taken back. */
    public String specPlanJson() {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("displayName", spec.displayName == null ? "" : spec.displayName);
        plan.put("rows", spec.seating.rows);
        plan.put("seatsPerRow", spec.seating.seatsPerRow);
        plan.put("maxTicketsPerBooking", spec.maxTicketsPerBooking == null ? 4 : spec.maxTicketsPerBooking);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (TicketingSaleSpec.Section s : spec.seating.sections) {
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("name", s.name);
            section.put("price", s.price);
            section.put("subsections", s.subsections);
            sections.add(section);
        }
        plan.put("sections", sections);
        return Serialization.asJson(plan);
    }

    public long ticketsTotal() {
        long perSubsection = (long) spec.seating.rows * spec.seating.seatsPerRow;
        return spec.seating.sections.stream().mapToLong(s -> perSubsection * s.subsections).sum();
    }

    private Deployment deployment(String deploymentName, String component, int replicas, Container container) {
        return new DeploymentBuilder()
                .withMetadata(metadata(deploymentName, component))
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().withMatchLabels(selector(component)).endSelector()
                .withNewTemplate()
                .withMetadata(podMetadata(component))
                .withSpec(podSpec(container, "Always"))
                .endTemplate()
                .endSpec()
                .build();
    }

    private Container container(String role, ResourceRequirements resources, boolean serving) {
        ContainerBuilder builder = new ContainerBuilder()
                .withName(role)
                .withImage(image())
                .withArgs(role)
                .withEnvFrom(envFrom())
                .withEnv(secretEnv())
                .withResources(resources)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withReadOnlyRootFilesystem(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount();
        if (serving) {
            builder.addNewPort().withName("http").withContainerPort(HTTP_PORT).endPort()
                    .withReadinessProbe(probe("/health/ready", 5, 3))
                    .withLivenessProbe(probe("/health/live", 10, 6))
                    .withStartupProbe(probe("/health/live", 2, 60));
        }
        return builder.build();
    }

    private PodSpec podSpec(Container container, String restartPolicy) {
        return new PodSpecBuilder()
                .withContainers(container)
                .withRestartPolicy(restartPolicy)
                // The runtime never calls the Kubernetes API.
                .withAutomountServiceAccountToken(false)
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withFsGroup(10001L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .withTerminationGracePeriodSeconds(30L)
                .build();
    }

    private List<EnvFromSource> envFrom() {
        List<EnvFromSource> sources = new ArrayList<>();
        sources.add(new EnvFromSourceBuilder().withNewConfigMapRef().withName(configName(name())).endConfigMapRef().build());
        if (spec.kafka.credentialsSecretRef != null) {
            sources.add(new EnvFromSourceBuilder().withNewSecretRef().withName(spec.kafka.credentialsSecretRef.name)
                    .endSecretRef().build());
        }
        return sources;
    }

    private List<EnvVar> secretEnv() {
        List<EnvVar> env = new ArrayList<>();
        env.add(fromSecret("POSTGRES_USER", spec.postgres.credentialsSecretRef.name, "username"));
        env.add(fromSecret("POSTGRES_PASSWORD", spec.postgres.credentialsSecretRef.name, "password"));
        env.add(fromSecret("AUTH_TOKEN_SECRET", authSecretName(name()), "token"));
        if (spec.redis.passwordSecretRef != null) {
            String key = spec.redis.passwordSecretRef.key == null ? "password" : spec.redis.passwordSecretRef.key;
            env.add(fromSecret("REDIS_PASSWORD", spec.redis.passwordSecretRef.name, key));
        }
        return env;
    }

    private static EnvVar fromSecret(String variable, String secret, String key) {
        return new EnvVarBuilder().withName(variable).withNewValueFrom().withNewSecretKeyRef()
                .withName(secret).withKey(key).endSecretKeyRef().endValueFrom().build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withPort(new IntOrString("http")).endHttpGet()
                .withPeriodSeconds(periodSeconds).withFailureThreshold(failureThreshold).withTimeoutSeconds(2).build();
    }

    /**
     * What the sale gives, completed from the defaults: every container has cpu and memory requests and limits
     * (a partial block would otherwise run without limits). A missing limit is the default, or the request if
     * that is higher, so the result is always valid.
     */
    static ResourceRequirements resources(ResourceRequirements given, String cpuRequest, String memoryRequest,
                                          String cpuLimit, String memoryLimit) {
        Map<String, Quantity> requests = new TreeMap<>(given == null || given.getRequests() == null ? Map.of() : given.getRequests());
        Map<String, Quantity> limits = new TreeMap<>(given == null || given.getLimits() == null ? Map.of() : given.getLimits());
        requests.putIfAbsent("cpu", new Quantity(cpuRequest));
        requests.putIfAbsent("memory", new Quantity(memoryRequest));
        limits.computeIfAbsent("cpu", k -> atLeast(new Quantity(cpuLimit), requests.get(k)));
        limits.computeIfAbsent("memory", k -> atLeast(new Quantity(memoryLimit), requests.get(k)));
        return new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build();
    }

    private static Quantity atLeast(Quantity fallback, Quantity floor) {
        return floor.getNumericalAmount().compareTo(fallback.getNumericalAmount()) > 0 ? floor : fallback;
    }

    /** Owned by the sale as its controller, so deleting the sale deletes them and no other controller adopts them. */
    private ObjectMeta metadata(String objectName, String component) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(objectName).withNamespace(namespace()).withLabels(labels(component));
        if (sale.getMetadata().getUid() != null) {
            meta.addNewOwnerReference().withApiVersion(sale.getApiVersion()).withKind(sale.getKind()).withName(name())
                    .withUid(sale.getMetadata().getUid()).withController(true).endOwnerReference();
        }
        return meta.build();
    }

    /**
     * Pods and the init Job carry a hash of the configuration they read at start, so a change rolls exactly the
     * pods that read it and re-runs init only when init's inputs changed.
     */
    private ObjectMeta podMetadata(String component) {
        return new ObjectMetaBuilder().withLabels(labels(component))
                .withAnnotations(Map.of(CONFIG_HASH, configHash(component))).build();
    }

    /** What the init role reads: the plan, the topic's partitions and where the stores are. */
    private static final java.util.Set<String> INIT_INPUTS = java.util.Set.of("SALE_NAME", "SALE_NAMESPACE", "SALE_PLAN",
            "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_PARTITIONS", "REDIS_URL", "POSTGRES_JDBC_URL");
    /** Only the api enforces the window; consumers decide whatever was accepted. */
    private static final java.util.Set<String> API_ONLY = java.util.Set.of("SALE_OPENS_AT", "SALE_CLOSES_AT",
            "BOOKING_REQUESTS_PER_MINUTE_PER_BUYER", "HTTP_CLIENT_ADDRESS_HEADER");

    /** The hash of the configuration the init Job of this sale's current spec runs with. */
    public String initHash() {
        return configHash("init");
    }

    public String configHash(String component) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            configData().forEach((k, v) -> {
                boolean read = switch (component) {
                    case "init" -> INIT_INPUTS.contains(k);
                    case "consumer" -> !API_ONLY.contains(k);
                    default -> true;
                };
                if (read) {
                    digest.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8));
                }
            });
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Map<String, String> labels(String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "ticketing-runtime");
        labels.put("app.kubernetes.io/instance", name());
        labels.put("app.kubernetes.io/component", component);
        labels.put("app.kubernetes.io/managed-by", MANAGED_BY);
        return labels;
    }

    private Map<String, String> selector(String component) {
        return Map.of("app.kubernetes.io/instance", name(), "app.kubernetes.io/component", component);
    }

    private String name() {
        return sale.getMetadata().getName();
    }

    private String namespace() {
        return sale.getMetadata().getNamespace();
    }
}
