package dev.ticketing.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowCleanupResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

import dev.ticketing.operator.autoscaling.LagSource;
import dev.ticketing.operator.consumers.ConsumerScaling;
import dev.ticketing.operator.consumers.ConsumerStartup;
import dev.ticketing.operator.consumers.ScalingMetrics;
import dev.ticketing.operator.consumers.ScalingPolicies;
import dev.ticketing.operator.kafka.KafkaClientProperties;
import dev.ticketing.operator.kafka.KafkaLagSource;
import dev.ticketing.operator.kafka.KafkaTopic;
import dev.ticketing.operator.report.ReportClient;
import dev.ticketing.operator.report.ReportToken;
import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.LiveEdits;
import dev.ticketing.operator.sale.Problem;
import dev.ticketing.operator.sale.SaleProblems;
import dev.ticketing.operator.sale.SaleStatusCalculator;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.sale.TicketingSaleStatus;
import dev.ticketing.operator.status.Messages;
import dev.ticketing.operator.status.MetadataOnlyStore;
import dev.ticketing.operator.status.SaleEvent;
import dev.ticketing.operator.status.StatusRecorder;
import dev.ticketing.operator.workflow.ApiDeploymentDependent;
import dev.ticketing.operator.workflow.ApiDisruptionBudgetDependent;
import dev.ticketing.operator.workflow.ApiIngressPolicyDependent;
import dev.ticketing.operator.workflow.ApiServiceDependent;
import dev.ticketing.operator.workflow.AuthSecretDependent;
import dev.ticketing.operator.workflow.ConfigDependent;
import dev.ticketing.operator.workflow.ConsumerDeploymentDependent;
import dev.ticketing.operator.workflow.DesiredSale;
import dev.ticketing.operator.workflow.InitJobDependent;
import dev.ticketing.operator.workflow.IsolationPolicyDependent;
import dev.ticketing.operator.workflow.JobCompleted;
import dev.ticketing.operator.workflow.NetworkPoliciesEnabled;
import dev.ticketing.operator.workflow.TopicDependent;

/**
 * Observes a sale's world, decides what it should be (which edits apply, how many consumers), hands that to
 * the workflow of dependents, then writes the status the observed world calls for.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "config", type = ConfigDependent.class),
        @Dependent(name = "auth-secret", type = AuthSecretDependent.class),
        @Dependent(name = "topic", type = TopicDependent.class),
        @Dependent(name = "init-job", type = InitJobDependent.class, dependsOn = {"config", "auth-secret", "topic"},
                readyPostcondition = JobCompleted.class),
        @Dependent(name = "api-deployment", type = ApiDeploymentDependent.class, dependsOn = "init-job"),
        @Dependent(name = "api-service", type = ApiServiceDependent.class, dependsOn = "init-job"),
        @Dependent(name = "consumer-deployment", type = ConsumerDeploymentDependent.class, dependsOn = "init-job"),
        @Dependent(name = "api-disruption-budget", type = ApiDisruptionBudgetDependent.class, dependsOn = "init-job"),
        @Dependent(name = "isolation-policy", type = IsolationPolicyDependent.class,
                reconcilePrecondition = NetworkPoliciesEnabled.class),
        @Dependent(name = "api-ingress-policy", type = ApiIngressPolicyDependent.class,
                reconcilePrecondition = NetworkPoliciesEnabled.class)})
// Not generation-aware: a status someone else changed or wiped (no new generation) is recomputed and written back.
@ControllerConfiguration(name = "ticketingsale", generationAwareEventProcessing = false,
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = java.util.concurrent.TimeUnit.MINUTES))
@GradualRetry(maxAttempts = Integer.MAX_VALUE, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 60_000)
public class TicketingSaleReconciler implements Reconciler<TicketingSale>, Cleaner<TicketingSale> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TicketingSaleReconciler.class);
    private static final String SECRET_INDEX = "referenced-secrets";
    private static final Duration DELETION_RETRY = Duration.ofSeconds(10);
    private static final Duration MIN_REPORT_INTERVAL = Duration.ofSeconds(1);

    private final Clock clock;
    private final ReportClient reports;
    private final Duration reportPollInterval;
    private final String runtimeImage;
    private final boolean networkPolicies;
    private final StatusRecorder recorder;
    private final ConsumerScaling scaling;
    private final ScalingMetrics metrics;
    /** The last report per sale: every status write reconciles again, and that must not ask the runtime again. */
    private final Map<ResourceID, Polled<TicketingSaleStatus.Report>> lastReports = new ConcurrentHashMap<>();

    private record Polled<T>(Optional<T> value, Instant at) {
    }

    public TicketingSaleReconciler(Clock clock, ReportClient reports, Duration reportPollInterval, String runtimeImage,
                                   boolean networkPolicies, StatusRecorder recorder, ConsumerScaling scaling, ScalingMetrics metrics) {
        this.clock = clock;
        this.reports = reports;
        this.reportPollInterval = reportPollInterval;
        this.runtimeImage = runtimeImage;
        this.networkPolicies = networkPolicies;
        this.recorder = recorder;
        this.scaling = scaling;
        this.metrics = metrics;
    }

    /**
     * The Secrets a sale names (credentials), watched so that one created or deleted later changes the sale's
     * status at once; only their metadata is cached, the operator reads the data when it needs it.
     */
    @Override
    public List<EventSource<?, TicketingSale>> prepareEventSources(EventSourceContext<TicketingSale> context) {
        context.getPrimaryCache().addIndexer(SECRET_INDEX, sale -> SaleProblems.referencedSecrets(sale.getSpec()).stream()
                .map(name -> sale.getMetadata().getNamespace() + "/" + name).toList());
        var secrets = InformerEventSourceConfiguration.from(Secret.class, TicketingSale.class)
                .withName(SECRET_INDEX)
                .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                        .byIndex(SECRET_INDEX, secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())
                        .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper((TicketingSale sale) -> SaleProblems.referencedSecrets(sale.getSpec()).stream()
                        .map(name -> new ResourceID(name, sale.getMetadata().getNamespace())).collect(Collectors.toSet()))
                .withNamespacesInheritedFromController()
                .withItemStore(new MetadataOnlyStore())
                .build();
        var consumerPods = InformerEventSourceConfiguration.from(Pod.class, TicketingSale.class)
                .withName("consumer-pods")
                .withLabelSelector(SaleResources.MANAGED_BY_SELECTOR + ",app.kubernetes.io/component=consumer")
                .withSecondaryToPrimaryMapper(pod -> Set.of(new ResourceID(
                        pod.getMetadata().getLabels().get("app.kubernetes.io/instance"), pod.getMetadata().getNamespace())))
                .withNamespacesInheritedFromController()
                .build();
        return List.of(new InformerEventSource<>(secrets, context), new InformerEventSource<>(consumerPods, context));
    }

    @Override
    public UpdateControl<TicketingSale> reconcile(TicketingSale sale, Context<TicketingSale> context) {
        Instant now = clock.instant();
        String name = sale.getMetadata().getName();
        Set<String> secrets = context.getSecondaryResources(Secret.class).stream().map(s -> s.getMetadata().getName())
                .collect(Collectors.toSet());
        List<Problem> problems = new ArrayList<>(SaleProblems.of(sale, secrets::contains));
        // The report comes from the running runtime; before it runs there is nothing to ask.
        Optional<TicketingSaleStatus.Report> report = deployment(context, SaleResources.apiName(name)).isPresent()
                ? report(sale, context, now) : Optional.empty();
        String initHash = null;
        Optional<SaleStatusCalculator.Scaling> consumers = Optional.empty();
        List<SaleEvent> events = List.of();
        if (problems.stream().noneMatch(Problem::blocking)) {
            SaleResources resources = applicable(sale, context, report, problems);
            ConsumerScaling.Outcome outcome = scale(sale, context, resources, now);
            new DesiredSale(resources, outcome.decision().replicas(), networkPolicies).handTo(context);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
            initHash = resources.initHash();
            OptionalDouble startup = ConsumerStartup.seconds(context.getSecondaryResources(Pod.class));
            Optional<String> leadWarning = ConsumerScaling.leadWarning(sale, startup);
            consumers = Optional.of(new SaleStatusCalculator.Scaling(outcome.decision(), outcome.fresh(), outcome.at(), startup,
                    leadWarning, SaleResources.consumerSelector(name)));
            events = scaling.events(sale, outcome, leadWarning);
            metrics.record(ResourceID.fromResource(sale), outcome.decision().lag().map(l -> l.totalLag()).orElse(0L),
                    outcome.decision().replicas(), outcome.decision().current());
        }
        var observed = new SaleStatusCalculator.Observed(context.getSecondaryResource(Job.class), initHash,
                deployment(context, SaleResources.apiName(name)), deployment(context, SaleResources.consumerName(name)),
                problems, report, consumers, now);
        TicketingSaleStatus status = SaleStatusCalculator.compute(sale, sale.getStatus(), observed);
        LOG.debug("reconciled sale={}/{} generation={} phase={}", sale.getMetadata().getNamespace(), name,
                sale.getMetadata().getGeneration(), status.phase);
        recorder.record(sale, context, status, events);
        UpdateControl<TicketingSale> control = UpdateControl.noUpdate();
        nextCheck(sale, status.phase, now, consumers.isPresent()).ifPresent(control::rescheduleAfter);
        return control;
    }

    /** Offsets are read often until the sale is over (sold out, closed or failed), rarely after. */
    private static boolean activelyPolled(String phase) {
        return !("SoldOut".equals(phase) || "Closed".equals(phase) || "Failed".equals(phase));
    }

    /** The runtime's report, asked at most once per poll interval. */
    private Optional<TicketingSaleStatus.Report> report(TicketingSale sale, Context<TicketingSale> context, Instant now) {
        ResourceID id = ResourceID.fromResource(sale);
        Polled<TicketingSaleStatus.Report> last = lastReports.get(id);
        if (last != null && Duration.between(last.at(), now).compareTo(MIN_REPORT_INTERVAL) < 0) {
            return last.value();
        }
        Optional<TicketingSaleStatus.Report> report = reports.fetch(sale,
                ReportToken.of(sale.getMetadata().getName(), context.getSecondaryResources(Secret.class)));
        lastReports.put(id, new Polled<>(report, now));
        return report;
    }

    /** The autoscaler's decision for the consumers, from the group's lag in Kafka. */
    private ConsumerScaling.Outcome scale(TicketingSale sale, Context<TicketingSale> context, SaleResources resources, Instant now) {
        String name = sale.getMetadata().getName();
        String namespace = sale.getMetadata().getNamespace();
        Optional<Deployment> consumers = deployment(context, SaleResources.consumerName(name));
        int minimum = ScalingPolicies.from(sale.getSpec()).minReplicas();
        int current = consumers.map(d -> d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas()).orElse(minimum);
        int ready = consumers.map(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                : d.getStatus().getReadyReplicas()).orElse(0);
        boolean active = activelyPolled(sale.getStatus() == null ? null : sale.getStatus().phase);
        LagSource lag = () -> new KafkaLagSource(sale.getSpec().kafka.bootstrapServers,
                KafkaClientProperties.of(sale, context.getClient()), SaleResources.commandsTopic(namespace, name),
                SaleResources.consumerGroup(namespace, name), clock).sample();
        return scaling.decide(sale, lag, current, ready, resources.partitions(), active);
    }

    /** The sale's objects with the edits that may take effect now (see LiveEdits). */
    private SaleResources applicable(TicketingSale sale, Context<TicketingSale> context, Optional<TicketingSaleStatus.Report> report,
                                     List<Problem> problems) {
        SaleResources resources = SaleResources.from(sale, runtimeImage);
        Optional<String> appliedPlan = context.getSecondaryResource(ConfigMap.class)
                .map(config -> config.getData() == null ? null : config.getData().get("SALE_PLAN"));
        OptionalInt topicPartitions = topicPartitions(context);
        long bookings = report.or(() -> Optional.ofNullable(sale.getStatus()).map(s -> s.report))
                .map(r -> r.bookingsAccepted == null ? 0L : r.bookingsAccepted).orElse(0L);
        LiveEdits.Decision edits = LiveEdits.decide(resources.specPlanJson(), SaleResources.specPartitions(sale.getSpec()),
                appliedPlan, topicPartitions, bookings);
        problems.addAll(edits.problems());
        return resources.applying(edits.planJson(), edits.partitions());
    }

    /** Unknown while Kafka cannot be asked; the topic dependent then fails and the status says why. */
    private static OptionalInt topicPartitions(Context<TicketingSale> context) {
        try {
            return context.getSecondaryResource(KafkaTopic.class).map(topic -> OptionalInt.of(topic.partitions()))
                    .orElse(OptionalInt.empty());
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Kubernetes objects go with their owner; the topic goes per policy. When Kafka cannot delete it, the sale
     * stays and says why — with the way out — instead of hanging in Terminating without a word.
     */
    @Override
    public DeleteControl cleanup(TicketingSale sale, Context<TicketingSale> context) {
        new DesiredSale(SaleResources.from(sale, runtimeImage), 0, networkPolicies).handTo(context);
        Optional<String> failure;
        try {
            WorkflowCleanupResult result = context.managedWorkflowAndDependentResourceContext().cleanupManageWorkflow();
            failure = result.getErroredDependents().values().stream().findFirst().map(Messages::brief);
        } catch (RuntimeException e) {
            failure = Optional.of(Messages.brief(e));
        }
        if (failure.isEmpty()) {
            ResourceID id = ResourceID.fromResource(sale);
            scaling.forget(id);
            metrics.forget(id);
            lastReports.remove(id);
            return DeleteControl.defaultDelete();
        }
        String message = "Deleting the sale waits for its Kafka topic " + SaleResources.commandsTopic(sale.getMetadata().getNamespace(),
                sale.getMetadata().getName()) + " to be deleted (kafka.topicDeletionPolicy: Delete), which failed: "
                + failure.get() + " To delete the sale and keep the topic, set spec.kafka.topicDeletionPolicy to Retain.";
        recorder.record(sale, context, SaleStatusCalculator.withDegraded(sale, sale.getStatus(), "DeletionBlocked", message,
                clock.instant()), List.of(SaleEvent.warning("DeletionBlocked", message)));
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(DELETION_RETRY.toMillis());
    }

    /** A dependent failed (e.g. Kafka unreachable): say so in Degraded; the SDK retries with backoff. */
    @Override
    public ErrorStatusUpdateControl<TicketingSale> updateErrorStatus(TicketingSale sale, Context<TicketingSale> context,
                                                                      Exception error) {
        LOG.debug("reconcile failed sale={}/{} error={}", sale.getMetadata().getNamespace(), sale.getMetadata().getName(),
                error.toString());
        TicketingSaleStatus status = SaleStatusCalculator.withDegraded(sale, sale.getStatus(), "ReconcileFailed",
                Messages.brief(error) + " It is retried with backoff.", clock.instant());
        recorder.record(sale, context, status, List.of());
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    /**
     * Time-driven changes come without any event: look again at the next window edge, when the report is due
     * (while selling) and when the autoscaler reads offsets again (often while the sale is or is about to be selling).
     */
    private Optional<Duration> nextCheck(TicketingSale sale, String phase, Instant now, boolean scaled) {
        Instant at = switch (phase) {
            case "Scheduled" -> SaleStatusCalculator.instant(sale.getSpec().opensAt);
            case "OnSale", "SoldOut" -> SaleStatusCalculator.instant(sale.getSpec().closesAt);
            default -> null;
        };
        List<Duration> candidates = new ArrayList<>();
        if (at != null) {
            candidates.add(Duration.between(now, at).isNegative() ? Duration.ofSeconds(1) : Duration.between(now, at).plusMillis(100));
        }
        if ("OnSale".equals(phase)) {
            candidates.add(reportPollInterval);
        }
        if (scaled) {
            candidates.add(scaling.pollInterval(activelyPolled(phase)));
        }
        return candidates.stream().min(Duration::compareTo);
    }

    private static Optional<Deployment> deployment(Context<TicketingSale> context, String name) {
        return context.getSecondaryResources(Deployment.class).stream().filter(d -> name.equals(d.getMetadata().getName()))
                .findFirst();
    }
}
