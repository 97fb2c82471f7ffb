package dev.ticketing.operator.sale;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import dev.ticketing.operator.workflow.JobCompleted;

/**
 * The status a sale should show, from what exists and the clock. Pure: the reconciler gathers the
 * inputs and writes the result only when it differs from what is stored.
 */
public final class SaleStatusCalculator {

    public static final String READY = "Ready";
    public static final String AUTOSCALING = "Autoscaling";
    public static final String DEGRADED = "Degraded";

    private SaleStatusCalculator() {
    }

    public record Observed(Optional<Job> initJob, Optional<Deployment> api, Optional<Deployment> consumers,
                           List<String> problems, Optional<TicketingSaleStatus.Report> report, Instant now) {
    }

    /** @param stored the status as last written (null for a new sale) */
    public static TicketingSaleStatus compute(TicketingSale sale, TicketingSaleStatus stored, Observed observed) {
        TicketingSaleStatus previous = stored == null ? new TicketingSaleStatus() : stored;
        TicketingSaleStatus status = new TicketingSaleStatus();
        status.observedGeneration = sale.getMetadata().getGeneration();
        status.report = observed.report().orElse(previous.report);
        status.consumers = previous.consumers;
        status.phase = phase(sale, observed, status.report);

        boolean initFailed = observed.initJob().map(JobCompleted::failed).orElse(false);
        boolean apiReady = readyReplicas(observed.api()) > 0;
        int consumersReady = readyReplicas(observed.consumers());
        boolean serving = apiReady && (consumersReady > 0 || desiredReplicas(observed.consumers()) == 0);
        List<Condition> conditions = new ArrayList<>();
        if (initFailed) {
            conditions.add(condition(READY, false, "InitFailed", "the init Job failed; see its pod logs ("
                    + "kubectl logs job/" + sale.getMetadata().getName() + "-init)", previous, sale, observed.now()));
        } else if (observed.initJob().map(JobCompleted::succeeded).orElse(false)) {
            conditions.add(serving
                    ? servingCondition(sale, status.phase, previous, observed.now())
                    : condition(READY, false, "Starting", "waiting for ready api and consumer pods (api ready: "
                            + readyReplicas(observed.api()) + ", consumers ready: " + consumersReady + ")", previous, sale, observed.now()));
        } else {
            conditions.add(condition(READY, false, "Initializing", "waiting for the init Job (schema, sale, seat map, topic)",
                    previous, sale, observed.now()));
        }
        int replicas = desiredReplicas(observed.consumers());
        conditions.add(condition(AUTOSCALING, false, "FixedReplicas", "consumers run at " + replicas
                + " replica(s) from autoscaling.minReplicas; lag-based scaling is not active yet", previous, sale, observed.now()));
        if (initFailed) {
            conditions.add(condition(DEGRADED, true, "InitFailed", "the init Job failed" + (observed.problems().isEmpty()
                    ? "" : "; " + String.join("; ", observed.problems())), previous, sale, observed.now()));
        } else {
            conditions.add(observed.problems().isEmpty()
                    ? condition(DEGRADED, false, "AsExpected", "no problems found", previous, sale, observed.now())
                    : condition(DEGRADED, true, "InvalidConfiguration", String.join("; ", observed.problems()), previous, sale,
                            observed.now()));
        }
        status.conditions = conditions;
        if (observed.consumers().isPresent()) {
            TicketingSaleStatus.Consumers consumers = status.consumers == null ? new TicketingSaleStatus.Consumers()
                    : copy(status.consumers);
            consumers.replicas = readyReplicas(observed.consumers());
            status.consumers = consumers;
        }
        return status;
    }

    /** Serving pods and open doors are two things: before opensAt and after closesAt the runtime refuses bookings. */
    private static Condition servingCondition(TicketingSale sale, String phase, TicketingSaleStatus previous, Instant now) {
        return switch (phase) {
            case "Scheduled" -> condition(READY, true, "Scheduled", "the api and consumers are ready; the doors are closed "
                    + "until " + instant(sale.getSpec().opensAt) + " and bookings are refused until then", previous, sale, now);
            case "Closed" -> condition(READY, true, "Closed", "the doors closed at " + instant(sale.getSpec().closesAt)
                    + "; bookings are refused, payments and cancellations go on", previous, sale, now);
            default -> condition(READY, true, "Serving", "the api and consumers are ready", previous, sale, now);
        };
    }

    private static String phase(TicketingSale sale, Observed observed, TicketingSaleStatus.Report report) {
        Optional<Job> job = observed.initJob();
        if (job.map(JobCompleted::failed).orElse(false)) {
            return "Failed";
        }
        if (job.isEmpty()) {
            return "Pending";
        }
        if (!JobCompleted.succeeded(job.get())) {
            return "Initializing";
        }
        Instant now = observed.now();
        Instant closesAt = instant(sale.getSpec().closesAt);
        if (closesAt != null && !now.isBefore(closesAt)) {
            return "Closed";
        }
        if (report != null && report.ticketsTotal != null && report.ticketsSold != null && report.ticketsTotal > 0
                && report.ticketsSold >= report.ticketsTotal) {
            return "SoldOut";
        }
        Instant opensAt = instant(sale.getSpec().opensAt);
        if (opensAt != null && now.isBefore(opensAt)) {
            return "Scheduled";
        }
        return "OnSale";
    }

    /** The stored status with Degraded set to a failure the reconciliation could not get past. */
    public static TicketingSaleStatus withDegraded(TicketingSale sale, TicketingSaleStatus stored, String message, Instant now) {
        TicketingSaleStatus previous = stored == null ? new TicketingSaleStatus() : stored;
        TicketingSaleStatus status = new TicketingSaleStatus();
        status.phase = previous.phase == null ? "Pending" : previous.phase;
        status.observedGeneration = previous.observedGeneration;
        status.report = previous.report;
        status.consumers = previous.consumers;
        status.conditions = new ArrayList<>();
        if (previous.conditions != null) {
            previous.conditions.stream().filter(c -> !DEGRADED.equals(c.getType())).forEach(status.conditions::add);
        }
        status.conditions.add(condition(DEGRADED, true, "ReconcileFailed", message, previous, sale, now));
        return status;
    }

    public static Instant instant(String rfc3339) {
        return rfc3339 == null || rfc3339.isBlank() ? null : OffsetDateTime.parse(rfc3339).toInstant();
    }

    /** Keeps lastTransitionTime when the condition's status did not change, so an unchanged status compares equal. */
    private static Condition condition(String type, boolean value, String reason, String message,
                                       TicketingSaleStatus previous, TicketingSale sale, Instant now) {
        String status = value ? "True" : "False";
        String since = previous.conditions == null ? null : previous.conditions.stream()
                .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime).findFirst().orElse(null);
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(sale.getMetadata().getGeneration())
                .withLastTransitionTime(since != null ? since : now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .build();
    }

    private static int readyReplicas(Optional<Deployment> deployment) {
        return deployment.map(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                : d.getStatus().getReadyReplicas()).orElse(0);
    }

    private static int desiredReplicas(Optional<Deployment> deployment) {
        return deployment.map(d -> d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas())
                .orElse(1);
    }

    private static TicketingSaleStatus.Consumers copy(TicketingSaleStatus.Consumers c) {
        TicketingSaleStatus.Consumers copy = new TicketingSaleStatus.Consumers();
        copy.replicas = c.replicas;
        copy.desiredReplicas = c.desiredReplicas;
        copy.lag = c.lag;
        copy.lastScaleTime = c.lastScaleTime;
        copy.lastDecision = c.lastDecision;
        return copy;
    }
}
