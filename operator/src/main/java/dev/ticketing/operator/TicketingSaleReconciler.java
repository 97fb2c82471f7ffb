package dev.ticketing.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;

import dev.ticketing.operator.report.ReportClient;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.SaleEvents;
import dev.ticketing.operator.sale.SaleProblems;
import dev.ticketing.operator.sale.SaleStatusCalculator;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.sale.TicketingSaleStatus;
import dev.ticketing.operator.workflow.ApiDeploymentDependent;
import dev.ticketing.operator.workflow.ApiServiceDependent;
import dev.ticketing.operator.workflow.AuthSecretDependent;
import dev.ticketing.operator.workflow.ConfigDependent;
import dev.ticketing.operator.workflow.ConsumerDeploymentDependent;
import dev.ticketing.operator.workflow.InitJobDependent;
import dev.ticketing.operator.workflow.JobCompleted;
import dev.ticketing.operator.workflow.TopicDependent;

/** Declares what a sale consists of; its own work is only to tell the truth in status. */
@Workflow(dependents = {
        @Dependent(name = "config", type = ConfigDependent.class),
        @Dependent(name = "auth-secret", type = AuthSecretDependent.class),
        @Dependent(name = "topic", type = TopicDependent.class),
        @Dependent(name = "init-job", type = InitJobDependent.class, dependsOn = {"config", "auth-secret", "topic"},
                readyPostcondition = JobCompleted.class),
        @Dependent(name = "api-deployment", type = ApiDeploymentDependent.class, dependsOn = "init-job"),
        @Dependent(name = "api-service", type = ApiServiceDependent.class, dependsOn = "init-job"),
        @Dependent(name = "consumer-deployment", type = ConsumerDeploymentDependent.class, dependsOn = "init-job")})
@ControllerConfiguration(name = "ticketingsale")
@GradualRetry(maxAttempts = Integer.MAX_VALUE, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 60_000)
public class TicketingSaleReconciler implements Reconciler<TicketingSale>, Cleaner<TicketingSale> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TicketingSaleReconciler.class);

    private final Clock clock;
    private final ReportClient reports;
    private final Duration reportPollInterval;
    /**
     * The status this operator last wrote per sale. It is the only writer of status, and without
     * optimistic locking the informer's copy can lag one write behind; comparing against a stale copy
     * would repeat events and writes.
     */
    private final Map<ResourceID, TicketingSaleStatus> written = new ConcurrentHashMap<>();

    public TicketingSaleReconciler(Clock clock, ReportClient reports, Duration reportPollInterval) {
        this.clock = clock;
        this.reports = reports;
        this.reportPollInterval = reportPollInterval;
    }

    @Override
    public UpdateControl<TicketingSale> reconcile(TicketingSale sale, Context<TicketingSale> context) {
        String name = sale.getMetadata().getName();
        String namespace = sale.getMetadata().getNamespace();
        List<Deployment> deployments = List.copyOf(context.getSecondaryResources(Deployment.class));
        List<String> problems = SaleProblems.of(sale, secret ->
                context.getClient().resources(Secret.class).inNamespace(namespace).withName(secret).get() != null);
        Instant now = clock.instant();
        // A Job from an earlier configuration is being replaced: for status, init has not run yet.
        Optional<Job> initJob = context.getSecondaryResource(Job.class).filter(job -> JobCompleted.isCurrent(job, sale));
        Optional<Deployment> api = named(deployments, SaleResources.apiName(name));
        // The report comes from the running runtime; before it runs there is nothing to ask.
        Optional<TicketingSaleStatus.Report> report = api.isPresent() && initJob.map(JobCompleted::succeeded).orElse(false)
                ? reports.fetch(sale) : Optional.empty();
        var observed = new SaleStatusCalculator.Observed(initJob, api, named(deployments, SaleResources.consumerName(name)),
                problems, report, now);
        TicketingSaleStatus previous = stored(sale);
        TicketingSaleStatus status = SaleStatusCalculator.compute(sale, previous, observed);
        LOG.debug("reconciled sale={}/{} generation={} phase={} initJob={}", namespace, name,
                sale.getMetadata().getGeneration(), status.phase, initJob.map(j -> j.getMetadata().getUid()).orElse("-"));
        recordEvents(context, sale, previous, status);

        if (!Objects.equals(previous, status)) {
            writeStatus(context, sale, status);
        }
        UpdateControl<TicketingSale> control = UpdateControl.noUpdate();
        nextCheck(sale, status.phase, now).ifPresent(control::rescheduleAfter);
        return control;
    }

    /** Topic dependent deletes per policy; everything else goes with its owner reference. */
    @Override
    public DeleteControl cleanup(TicketingSale sale, Context<TicketingSale> context) {
        written.remove(ResourceID.fromResource(sale));
        return DeleteControl.defaultDelete();
    }

    /** A dependent failed (e.g. Kafka unreachable): say so in Degraded; the SDK retries with backoff. */
    @Override
    public ErrorStatusUpdateControl<TicketingSale> updateErrorStatus(TicketingSale sale, Context<TicketingSale> context,
                                                                      Exception error) {
        String message = rootMessage(error);
        LOG.debug("reconcile failed sale={}/{} error={}", sale.getMetadata().getNamespace(), sale.getMetadata().getName(),
                error.toString());
        TicketingSaleStatus previous = stored(sale);
        TicketingSaleStatus status = SaleStatusCalculator.withDegraded(sale, previous, message, clock.instant());
        if (!message.equals(degradedMessage(previous))) {
            SaleEvents.warning(context.getClient(), sale, "ReconcileFailed", message);
        }
        if (!Objects.equals(previous, status)) {
            writeStatus(context, sale, status);
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    /** What we wrote last, unless the stored object is for a newer generation (then it is what we know). */
    private TicketingSaleStatus stored(TicketingSale sale) {
        TicketingSaleStatus mine = written.get(ResourceID.fromResource(sale));
        TicketingSaleStatus theirs = sale.getStatus();
        if (mine == null) {
            return theirs;
        }
        if (theirs != null && theirs.observedGeneration != null && mine.observedGeneration != null
                && theirs.observedGeneration > mine.observedGeneration) {
            return theirs;
        }
        return mine;
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t && !(t instanceof IllegalStateException)) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static void recordEvents(Context<TicketingSale> context, TicketingSale sale, TicketingSaleStatus previous,
                                     TicketingSaleStatus status) {
        String before = previous == null ? null : previous.phase;
        if (!Objects.equals(before, status.phase)) {
            String message = (before == null ? "" : before + " -> ") + status.phase;
            if ("Failed".equals(status.phase)) {
                SaleEvents.warning(context.getClient(), sale, "Failed", message + ": the init Job failed");
            } else {
                SaleEvents.normal(context.getClient(), sale, "PhaseChanged", message);
            }
        }
        String degraded = degradedMessage(status);
        if (degraded != null && !degraded.equals(degradedMessage(previous))) {
            SaleEvents.warning(context.getClient(), sale, "InvalidConfiguration", degraded);
        }
    }

    private static String degradedMessage(TicketingSaleStatus status) {
        if (status == null || status.conditions == null) {
            return null;
        }
        return status.conditions.stream()
                .filter(c -> SaleStatusCalculator.DEGRADED.equals(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> c.getMessage()).findFirst().orElse(null);
    }

    /** Time-driven phases change without any event: look again when the clock says so. */
    private Optional<Duration> nextCheck(TicketingSale sale, String phase, Instant now) {
        Instant at = switch (phase) {
            case "Scheduled" -> SaleStatusCalculator.instant(sale.getSpec().opensAt);
            case "OnSale", "SoldOut" -> SaleStatusCalculator.instant(sale.getSpec().closesAt);
            default -> null;
        };
        // While selling, the report is polled at a modest interval; status is written only when it changed.
        Duration poll = "OnSale".equals(phase) ? reportPollInterval : null;
        Duration untilEdge = at == null ? null
                : Duration.between(now, at).isNegative() ? Duration.ofSeconds(1) : Duration.between(now, at).plusMillis(100);
        if (poll == null) {
            return Optional.ofNullable(untilEdge);
        }
        return Optional.of(untilEdge == null || poll.compareTo(untilEdge) < 0 ? poll : untilEdge);
    }

    /**
     * Replaces the whole status, diffed against the API server's current copy. (The SDK's own status
     * patch is a diff against the informer's copy, which can lag one write behind: a field equal to the
     * stale copy would silently not be written.) Only the status subresource is touched, never the spec.
     */
    private void writeStatus(Context<TicketingSale> context, TicketingSale sale, TicketingSaleStatus status) {
        context.getClient().resources(TicketingSale.class).inNamespace(sale.getMetadata().getNamespace())
                .withName(sale.getMetadata().getName()).editStatus(current -> {
                    current.setStatus(status);
                    return current;
                });
        written.put(ResourceID.fromResource(sale), status);
    }

    private static Optional<Deployment> named(List<Deployment> deployments, String name) {
        return deployments.stream().filter(d -> name.equals(d.getMetadata().getName())).findFirst();
    }
}
