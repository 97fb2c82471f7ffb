package dev.ticketing.operator.autoscaling;

import java.time.Duration;
import java.time.Instant;

/**
 * How a sale's consumers scale, with every default resolved (the operator builds it from the spec, the sandbox
 * from its settings). {@code manualReplicas} is what the scale subresource asks for; only {@code PAUSED} obeys it.
 */
public record ScalingPolicy(Mode mode, int minReplicas, int maxReplicas, long lagThreshold, long activationLagThreshold,
                            int catchUpSeconds, Duration scaleUpStabilization, Duration scaleDownStabilization,
                            int prewarmReplicas, Duration prewarmLead, Instant opensAt, Integer manualReplicas) {

    public enum Mode {
        AUTO, RECOMMEND, PAUSED
    }

    public ScalingPolicy {
        if (minReplicas < 0 || maxReplicas < Math.max(1, minReplicas) || lagThreshold < 1 || catchUpSeconds < 1) {
            throw new IllegalArgumentException("invalid scaling policy: min " + minReplicas + ", max " + maxReplicas
                    + ", lagThreshold " + lagThreshold + ", catchUpSeconds " + catchUpSeconds);
        }
    }

    /** When the pre-warm floor starts to hold; null without pre-warming. */
    Instant prewarmFrom() {
        return opensAt == null || prewarmReplicas <= 0 ? null : opensAt.minus(prewarmLead);
    }
}
