package dev.ticketing.operator.autoscaling;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The consumer scaling decision, as pure code: offsets in, replicas and a reason out. The operator and the
 * sandbox drive it through the same three inputs (a lag source, a decision history, a clock).
 *
 * <p>Target = max(ceil(lag / lagThreshold), ceil((arrival rate + lag / catchUpSeconds) / per-consumer rate)),
 * clamped to [minReplicas, min(maxReplicas, partitions)] exactly — no tolerance band that could stall one short
 * of the cap. The per-consumer rate is the processing rate divided by the ready consumers, measured only while
 * they were saturated (lag throughout the rate window; otherwise it would just be the arrival rate); until such
 * a measurement exists, the lag term alone decides. From the minimum, scaling starts only when the lag exceeds
 * activationLagThreshold. Up at once (or after scaleUpStabilization: the lowest recommendation of that window);
 * down only once a whole scaleDownStabilization window recommended fewer — to the highest recommendation in it —
 * and never while a backlog is being worked off. From opensAt − prewarm.leadSeconds until opensAt, at least
 * prewarm.replicas run.
 */
public final class Autoscaler {

    private final Clock clock;

    public Autoscaler(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param current    the consumer replicas running now (the Deployment's, or what the sandbox runs)
     * @param ready      of those, how many hold partitions (capacity)
     * @param partitions the topic's partitions (no consumer beyond them gets work)
     */
    public ScalingDecision decide(ScalingPolicy policy, LagSource source, DecisionHistory history, int current, int ready,
                                  int partitions) {
        Instant now = clock.instant();
        int cap = Math.max(policy.minReplicas(), Math.min(policy.maxReplicas(), partitions));
        Optional<LagSample> sample = source.sample();
        if (sample.isEmpty()) {
            return applyMode(policy, new ScalingDecision(current, current, current, ScalingDecision.State.NO_METRICS,
                    "no offsets from Kafka; keeping " + current + " consumer(s)", Optional.empty(), history.perReplicaRate()), cap);
        }
        LagAnalysis lag = LagAnalysis.of(sample.get(), history.samples());
        history.addSample(sample.get(), now.minus(LagAnalysis.STALL_WINDOW).minusSeconds(5));
        if (lag.saturated() && ready > 0 && lag.processedPerSecond() > 0) {
            history.setPerReplicaRate(lag.processedPerSecond() / ready);
        }
        OptionalDouble perReplica = history.perReplicaRate();

        List<String> why = new ArrayList<>();
        long byLag = ceilDiv(lag.scalingLag(), policy.lagThreshold());
        why.add("lag " + lag.scalingLag() + " at " + policy.lagThreshold() + " per consumer -> " + byLag);
        long byRate = 0;
        if (perReplica.isPresent() && perReplica.getAsDouble() > 0) {
            double needed = lag.arrivalPerSecond() + (double) lag.scalingLag() / policy.catchUpSeconds();
            byRate = (long) Math.ceil(needed / perReplica.getAsDouble() - 1e-9);
            why.add(String.format(java.util.Locale.ROOT, "arrivals %.0f/s + catch-up in %d s at %.0f/s per consumer -> %d",
                    lag.arrivalPerSecond(), policy.catchUpSeconds(), perReplica.getAsDouble(), byRate));
        }
        long target = Math.max(byLag, byRate);
        boolean idle = current <= policy.minReplicas() && lag.scalingLag() <= policy.activationLagThreshold();
        if (idle) {
            target = policy.minReplicas();
            why.add("not activated: lag " + lag.scalingLag() + " <= " + policy.activationLagThreshold());
        }
        Instant prewarmFrom = policy.prewarmFrom();
        boolean prewarming = prewarmFrom != null && !now.isBefore(prewarmFrom) && now.isBefore(policy.opensAt());
        if (prewarming && target < policy.prewarmReplicas()) {
            target = policy.prewarmReplicas();
            why.add("pre-warm: " + policy.prewarmReplicas() + " until the doors open at " + policy.opensAt());
        }
        int recommended = (int) Math.max(policy.minReplicas(), Math.min(target, cap));
        if (recommended != target) {
            why.add(target > cap ? "capped at " + cap + (cap == partitions ? " (partitions)" : " (maxReplicas)")
                    : "raised to minReplicas " + policy.minReplicas());
        }
        appendOddities(lag, why);
        Duration keep = policy.scaleUpStabilization().compareTo(policy.scaleDownStabilization()) > 0
                ? policy.scaleUpStabilization() : policy.scaleDownStabilization();
        List<DecisionHistory.Recommendation> earlier = history.recommendations();
        history.addRecommendation(new DecisionHistory.Recommendation(now, recommended), now.minus(keep).minusSeconds(5));

        int desired = current;
        ScalingDecision.State state = prewarming && recommended == policy.prewarmReplicas() ? ScalingDecision.State.PREWARMING
                : ScalingDecision.State.STABLE;
        if (recommended > current) {
            desired = Math.max(current, lowestWithin(earlier, recommended, now.minus(policy.scaleUpStabilization())));
            if (desired == current) {
                state = ScalingDecision.State.HOLDING;
                why.add("up after " + policy.scaleUpStabilization().toSeconds() + " s of higher recommendations");
            } else if (state != ScalingDecision.State.PREWARMING) {
                state = ScalingDecision.State.SCALING_UP;
            }
        } else if (recommended < current) {
            Instant windowStart = now.minus(policy.scaleDownStabilization());
            boolean backlog = lag.scalingLag() > policy.activationLagThreshold() && !idle;
            boolean fullWindow = !earlier.isEmpty() && !earlier.getFirst().at().isAfter(windowStart);
            if (backlog) {
                state = ScalingDecision.State.HOLDING;
                why.add("no scale-down while a backlog of " + lag.scalingLag() + " is worked off");
            } else if (!fullWindow && !policy.scaleDownStabilization().isZero()) {
                state = ScalingDecision.State.HOLDING;
                why.add("down once " + policy.scaleDownStabilization().toSeconds() + " s of lower recommendations passed");
            } else {
                desired = Math.min(current, highestWithin(earlier, recommended, windowStart));
                state = desired < current ? ScalingDecision.State.SCALING_DOWN : ScalingDecision.State.HOLDING;
                if (desired == current) {
                    why.add("a higher recommendation within the last " + policy.scaleDownStabilization().toSeconds() + " s");
                }
            }
        }
        return applyMode(policy, new ScalingDecision(desired, recommended, current, state, String.join("; ", why),
                Optional.of(lag), perReplica), cap);
    }

    private static ScalingDecision applyMode(ScalingPolicy policy, ScalingDecision decision, int cap) {
        return switch (policy.mode()) {
            case AUTO -> decision;
            case RECOMMEND -> new ScalingDecision(decision.current(), decision.recommended(), decision.current(),
                    ScalingDecision.State.RECOMMENDING, "recommends " + decision.recommended() + " (mode recommend: "
                    + "nothing changed): " + decision.reason(), decision.lag(), decision.perReplicaRate());
            case PAUSED -> {
                int manual = policy.manualReplicas() == null ? decision.current() : Math.max(0, Math.min(policy.manualReplicas(), cap));
                yield new ScalingDecision(manual, decision.recommended(), decision.current(), ScalingDecision.State.PAUSED,
                        "paused at " + manual + " (spec.runtime.consumer.replicas); would recommend " + decision.recommended(),
                        decision.lag(), decision.perReplicaRate());
            }
        };
    }

    private static void appendOddities(LagAnalysis lag, List<String> why) {
        if (!lag.invalid().isEmpty()) {
            why.add("ignored invalid offsets (" + String.join(", ", lag.invalid()) + ")");
        }
        if (!lag.stalled().isEmpty()) {
            why.add("partitions " + lag.stalled() + " stand still while others move: not scaled for");
        }
        if (lag.markers() > 0) {
            why.add(lag.markers() + " partition(s) with a lag of 1 that never moves (transaction markers) ignored");
        }
    }

    private static int lowestWithin(List<DecisionHistory.Recommendation> earlier, int now, Instant since) {
        return earlier.stream().filter(r -> !r.at().isBefore(since)).mapToInt(DecisionHistory.Recommendation::replicas)
                .reduce(now, Math::min);
    }

    private static int highestWithin(List<DecisionHistory.Recommendation> earlier, int now, Instant since) {
        return earlier.stream().filter(r -> !r.at().isBefore(since)).mapToInt(DecisionHistory.Recommendation::replicas)
                .reduce(now, Math::max);
    }

    private static long ceilDiv(long value, long by) {
        return value <= 0 ? 0 : (value + by - 1) / by;
    }
}
