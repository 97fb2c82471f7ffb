package dev.ticketing.operator.consumers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

import io.javaoperatorsdk.operator.processing.event.ResourceID;

import dev.ticketing.operator.autoscaling.Autoscaler;
import dev.ticketing.operator.autoscaling.DecisionHistory;
import dev.ticketing.operator.autoscaling.InMemoryDecisionHistory;
import dev.ticketing.operator.autoscaling.LagSource;
import dev.ticketing.operator.autoscaling.ScalingDecision;
import dev.ticketing.operator.autoscaling.ScalingPolicy;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.status.SaleEvent;

/**
 * The operator's side of autoscaling: per sale, a decision history and the last decision, refreshed at most once
 * per poll interval however often the sale is reconciled (every status write reconciles it again), and the Events
 * a fresh decision calls for.
 */
public final class ConsumerScaling {

    /** @param fresh whether it was decided now (not the cached one): only a fresh decision scales and tells */
    public record Outcome(ScalingDecision decision, boolean fresh, Instant at) {
    }

    private record Last(ScalingDecision decision, Instant at) {
    }

    private final Autoscaler autoscaler;
    private final Clock clock;
    private final Duration activePoll;
    private final Duration idlePoll;
    private final Map<ResourceID, DecisionHistory> histories = new ConcurrentHashMap<>();
    private final Map<ResourceID, Last> last = new ConcurrentHashMap<>();
    private final Map<ResourceID, Integer> manualReplicas = new ConcurrentHashMap<>();

    public ConsumerScaling(Clock clock, Duration activePoll, Duration idlePoll) {
        this.autoscaler = new Autoscaler(clock);
        this.clock = clock;
        this.activePoll = activePoll;
        this.idlePoll = idlePoll;
    }

    /** How often offsets are read: often until the sale is over, rarely after (and often again while they are unavailable). */
    public Duration pollInterval(boolean active) {
        return active ? activePoll : idlePoll;
    }

    public Outcome decide(TicketingSale sale, LagSource lag, int current, int ready, int partitions, boolean active) {
        ResourceID id = ResourceID.fromResource(sale);
        Instant now = clock.instant();
        Last previous = last.get(id);
        // A little slack so a reconcile scheduled for the interval is not skipped for being a millisecond early.
        Duration interval = previous != null && previous.decision().state() == ScalingDecision.State.NO_METRICS
                ? activePoll : pollInterval(active);
        if (previous != null && Duration.between(previous.at(), now).compareTo(interval.minusMillis(200)) < 0) {
            return new Outcome(previous.decision(), false, previous.at());
        }
        ScalingPolicy policy = ScalingPolicies.from(sale.getSpec());
        ScalingDecision decision = autoscaler.decide(policy, lag, histories.computeIfAbsent(id, k -> new InMemoryDecisionHistory()),
                current, ready, partitions);
        last.put(id, new Last(decision, now));
        return new Outcome(decision, true, now);
    }

    /**
     * The Events a decision calls for: one per change of the consumers (not per reconciliation), a warning when the
     * pre-warm lead is shorter than a consumer's measured start-up, and a note when a manual scale is overruled.
     */
    public List<SaleEvent> events(TicketingSale sale, Outcome outcome, java.util.Optional<String> leadWarning) {
        List<SaleEvent> events = new ArrayList<>();
        ScalingDecision d = outcome.decision();
        if (outcome.fresh() && d.changes()) {
            String change = d.current() + " -> " + d.replicas() + " consumers: " + d.reason();
            switch (d.state()) {
                case PREWARMING -> events.add(SaleEvent.normal("PrewarmStarted", change));
                case SCALING_DOWN -> events.add(SaleEvent.normal("ScaledDown", change));
                case PAUSED -> events.add(SaleEvent.normal("ScaledByHand", change));
                default -> events.add(SaleEvent.normal("ScaledUp", change));
            }
        }
        leadWarning.ifPresent(w -> events.add(SaleEvent.warning("PrewarmLeadTooShort", w)));
        ScalingPolicy policy = ScalingPolicies.from(sale.getSpec());
        Integer manual = policy.manualReplicas();
        Integer seen = manual == null ? manualReplicas.remove(ResourceID.fromResource(sale))
                : manualReplicas.put(ResourceID.fromResource(sale), manual);
        if (manual != null && seen != null && !Objects.equals(seen, manual) && policy.mode() != ScalingPolicy.Mode.PAUSED) {
            events.add(SaleEvent.normal("ManualScaleIgnored", "spec.runtime.consumer.replicas was set to " + manual
                    + ", but autoscaling.mode is " + policy.mode().name().toLowerCase(java.util.Locale.ROOT) + ": the autoscaler "
                    + "decides the consumers. Set autoscaling.mode to paused to scale by hand or with an HPA or KEDA."));
        }
        return events;
    }

    /** A warning when pre-warming starts later than a new consumer needs to be ready. */
    public static java.util.Optional<String> leadWarning(TicketingSale sale, OptionalDouble startupSeconds) {
        ScalingPolicy policy = ScalingPolicies.from(sale.getSpec());
        if (policy.prewarmReplicas() <= 0 || policy.opensAt() == null || startupSeconds.isEmpty()
                || policy.prewarmLead().toSeconds() >= startupSeconds.getAsDouble()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "autoscaling.prewarm.leadSeconds (%d s) is shorter "
                + "than a consumer's measured start-up (%.0f s): pre-warmed consumers will not all be ready when the doors open; "
                + "raise the lead time.", policy.prewarmLead().toSeconds(), startupSeconds.getAsDouble()));
    }

    public void forget(ResourceID sale) {
        histories.remove(sale);
        last.remove(sale);
        manualReplicas.remove(sale);
    }
}
