package dev.ticketing.operator.sale;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

import dev.ticketing.operator.autoscaling.ScalingDecision;

import dev.ticketing.operator.workflow.JobCompleted;

/**
 * The status a sale should show, recomputed from what exists and the clock on every reconciliation. Pure:
 * the reconciler gathers the inputs and the status recorder writes the result when it differs from the
 * stored one. Once a sale has been deployed (its api Deployment exists) it stays in its selling phases while
 * a configuration change is initialised or rolled out: the old pods go on selling.
 */
public final class SaleStatusCalculator {

    public static final String READY = "Ready";
    public static final String AUTOSCALING = "Autoscaling";
    public static final String DEGRADED = "Degraded";

    private SaleStatusCalculator() {
    }

    /**
     * @param initHash the hash of the init inputs the sale should run with now; a Job with another hash is from
     *                 an earlier configuration and is being replaced. Null when nothing was decided (a blocking
     *                 problem): then whatever Job exists is the current one.
     */
    public record Observed(Optional<Job> initJob, String initHash, Optional<Deployment> api, Optional<Deployment> consumers,
                           List<Problem> problems, Optional<TicketingSaleStatus.Report> report, Optional<Scaling> scaling,
                           Instant now) {

        Optional<Job> currentInitJob() {
            return initJob.filter(job -> initHash == null || JobCompleted.isCurrent(job, initHash));
        }

        boolean deployed() {
            return api.isPresent();
        }

        boolean blocked() {
            return problems.stream().anyMatch(Problem::blocking);
        }
    }

    /**
     * The autoscaler's part: its decision ({@code fresh} when made in this reconciliation, at {@code decidedAt}), the
     * measured consumer start-up and the pod selector the scale subresource reports.
     */
    public record Scaling(ScalingDecision decision, boolean fresh, Instant decidedAt, OptionalDouble startupSeconds,
                          Optional<String> leadWarning, String selector) {
    }

    /** @param stored the status as stored (null for a new sale): conditions keep their transition times */
    public static TicketingSaleStatus compute(TicketingSale sale, TicketingSaleStatus stored, Observed observed) {
        TicketingSaleStatus previous = stored == null ? new TicketingSaleStatus() : stored;
        TicketingSaleStatus status = new TicketingSaleStatus();
        status.observedGeneration = sale.getMetadata().getGeneration();
        status.report = observed.report().orElse(previous.report);
        status.consumers = previous.consumers;
        status.phase = phase(sale, observed, status.report);
        Instant now = observed.now();
        boolean initFailed = observed.currentInitJob().map(JobCompleted::failed).orElse(false);
        List<Condition> conditions = new ArrayList<>();
        conditions.add(ready(sale, status.phase, observed, initFailed, previous));
        conditions.add(autoscaling(sale, observed, previous));
        conditions.add(degraded(sale, observed, initFailed, previous));
        status.conditions = conditions;
        observed.scaling().ifPresent(scaling -> status.consumers = consumers(previous.consumers, observed.consumers(), scaling));
        return status;
    }

    private static Condition autoscaling(TicketingSale sale, Observed observed, TicketingSaleStatus previous) {
        if (observed.scaling().isEmpty()) {
            return condition(AUTOSCALING, false, "NotStarted", "The autoscaler starts once the sale can be deployed.", previous,
                    sale, observed.now());
        }
        Scaling scaling = observed.scaling().get();
        ScalingDecision d = scaling.decision();
        boolean acting = switch (d.state()) {
            case PAUSED, RECOMMENDING, NO_METRICS -> false;
            default -> true;
        };
        String message = readyReplicas(observed.consumers()) + " of " + desiredReplicas(observed.consumers()) + " consumer(s) ready, "
                + (d.state() == ScalingDecision.State.RECOMMENDING ? d.recommended() + " recommended" : d.replicas() + " wanted")
                + ": " + d.reason() + "." + scaling.leadWarning().map(w -> " " + w).orElse("");
        return condition(AUTOSCALING, acting, d.state().reasonWord(), message, previous, sale, observed.now());
    }

    private static TicketingSaleStatus.Consumers consumers(TicketingSaleStatus.Consumers before, Optional<Deployment> deployment,
                                                          Scaling scaling) {
        ScalingDecision d = scaling.decision();
        TicketingSaleStatus.Consumers c = new TicketingSaleStatus.Consumers();
        c.replicas = deployment.map(dep -> dep.getStatus() == null || dep.getStatus().getReplicas() == null ? 0
                : dep.getStatus().getReplicas()).orElse(0);
        c.readyReplicas = readyReplicas(deployment);
        c.desiredReplicas = d.state() == ScalingDecision.State.RECOMMENDING ? d.recommended() : d.replicas();
        d.lag().ifPresentOrElse(lag -> {
            c.lag = lag.totalLag();
            c.arrivalRate = lag.ratesKnown() ? tenths(lag.arrivalPerSecond()) : null;
            c.processingRate = lag.ratesKnown() ? tenths(lag.processedPerSecond()) : null;
        }, () -> {
            c.lag = before == null ? null : before.lag;
        });
        c.startupSeconds = scaling.startupSeconds().isPresent() ? tenths(scaling.startupSeconds().getAsDouble())
                : before == null ? null : before.startupSeconds;
        boolean scaled = scaling.fresh() && d.changes() && d.state() != ScalingDecision.State.RECOMMENDING;
        c.lastScaleTime = scaled ? scaling.decidedAt().truncatedTo(ChronoUnit.SECONDS).toString()
                : before == null ? null : before.lastScaleTime;
        c.lastDecision = d.reason();
        c.selector = scaling.selector();
        return c;
    }

    private static String phase(TicketingSale sale, Observed observed, TicketingSaleStatus.Report report) {
        if (!observed.deployed()) {
            Optional<Job> job = observed.currentInitJob();
            if (observed.blocked() || job.map(JobCompleted::failed).orElse(false)) {
                return "Failed";
            }
            if (observed.initJob().isEmpty()) {
                return "Pending";
            }
            if (job.isEmpty() || !JobCompleted.succeeded(job.get())) {
                return "Initializing";
            }
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

    private static Condition ready(TicketingSale sale, String phase, Observed observed, boolean initFailed,
                                   TicketingSaleStatus previous) {
        Instant now = observed.now();
        String name = sale.getMetadata().getName();
        if (!observed.deployed()) {
            if (observed.blocked()) {
                return condition(READY, false, SaleProblems.INVALID, "Nothing is deployed until the configuration is "
                        + "fixed (see the Degraded condition).", previous, sale, now);
            }
            if (initFailed) {
                return condition(READY, false, "InitFailed", "The init Job failed; see its logs: kubectl logs job/" + name
                        + "-init.", previous, sale, now);
            }
            return condition(READY, false, "Initializing", "Waiting for the init Job (schema, sale, seat map, topic).",
                    previous, sale, now);
        }
        boolean reinitialising = observed.currentInitJob().map(job -> !JobCompleted.succeeded(job) && !JobCompleted.failed(job))
                .orElse(true);
        String change = reinitialising ? " A configuration change is being initialised; the running pods keep selling." : "";
        int apiReady = readyReplicas(observed.api());
        int consumersReady = readyReplicas(observed.consumers());
        boolean serving = apiReady > 0 && (consumersReady > 0 || desiredReplicas(observed.consumers()) == 0);
        if (!serving) {
            return condition(READY, false, "Starting", "Waiting for ready api and consumer pods (api ready: " + apiReady
                    + ", consumers ready: " + consumersReady + ")." + change, previous, sale, now);
        }
        return switch (phase) {
            case "Scheduled" -> condition(READY, true, "Scheduled", "The api and consumers are ready; the doors are closed "
                    + "until " + instant(sale.getSpec().opensAt) + " and bookings are refused until then." + change,
                    previous, sale, now);
            case "Closed" -> condition(READY, true, "Closed", "The doors closed at " + instant(sale.getSpec().closesAt)
                    + "; bookings are refused, payments and cancellations go on." + change, previous, sale, now);
            default -> condition(READY, true, "Serving", "The api and consumers are ready." + change, previous, sale, now);
        };
    }

    private static Condition degraded(TicketingSale sale, Observed observed, boolean initFailed, TicketingSaleStatus previous) {
        Instant now = observed.now();
        List<String> messages = observed.problems().stream().map(Problem::message).collect(Collectors.toCollection(ArrayList::new));
        if (initFailed) {
            messages.addFirst("The init Job for the current configuration failed (kubectl logs job/" + sale.getMetadata().getName()
                    + "-init)" + (observed.deployed() ? "; the running pods keep serving the previous configuration." : "."));
            return condition(DEGRADED, true, "InitFailed", String.join(" ", messages), previous, sale, now);
        }
        if (messages.isEmpty()) {
            return condition(DEGRADED, false, "AsExpected", "No problems found.", previous, sale, now);
        }
        return condition(DEGRADED, true, observed.problems().getFirst().reason(), String.join(" ", messages), previous, sale, now);
    }

    /** The stored status with Degraded set to a failure the reconciliation could not get past. */
    public static TicketingSaleStatus withDegraded(TicketingSale sale, TicketingSaleStatus stored, String reason, String message,
                                                   Instant now) {
        TicketingSaleStatus previous = stored == null ? new TicketingSaleStatus() : stored;
        TicketingSaleStatus status = new TicketingSaleStatus();
        status.phase = previous.phase == null ? "Pending" : previous.phase;
        status.observedGeneration = sale.getMetadata().getGeneration();
        status.report = previous.report;
        status.consumers = previous.consumers;
        status.conditions = new ArrayList<>();
        if (previous.conditions != null) {
            previous.conditions.stream().filter(c -> !DEGRADED.equals(c.getType())).forEach(status.conditions::add);
        }
        status.conditions.add(condition(DEGRADED, true, reason, message, previous, sale, now));
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
                .withLastTransitionTime(since != null ? since : now.truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
    }

    private static Double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static int readyReplicas(Optional<Deployment> deployment) {
        return deployment.map(d -> d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0
                : d.getStatus().getReadyReplicas()).orElse(0);
    }

    private static int desiredReplicas(Optional<Deployment> deployment) {
        return deployment.map(d -> d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas())
                .orElse(1);
    }

}
