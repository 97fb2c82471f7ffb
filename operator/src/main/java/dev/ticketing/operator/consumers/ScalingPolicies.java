package dev.ticketing.operator.consumers;

import java.time.Duration;

import dev.ticketing.operator.autoscaling.ScalingPolicy;
import dev.ticketing.operator.sale.SaleStatusCalculator;
import dev.ticketing.operator.sale.TicketingSaleSpec;

/** The spec's autoscaling block with every default resolved (the CRD's defaults, for specs written without them). */
public final class ScalingPolicies {

    private ScalingPolicies() {
    }

    public static ScalingPolicy from(TicketingSaleSpec spec) {
        TicketingSaleSpec.Autoscaling a = spec.autoscaling != null ? spec.autoscaling : new TicketingSaleSpec.Autoscaling();
        TicketingSaleSpec.Prewarm prewarm = a.prewarm;
        Integer manual = spec.runtime != null && spec.runtime.consumer != null ? spec.runtime.consumer.replicas : null;
        return new ScalingPolicy(
                ScalingPolicy.Mode.valueOf(or(a.mode, "auto").toUpperCase(java.util.Locale.ROOT)),
                or(a.minReplicas, 1), or(a.maxReplicas, 50), or(a.lagThreshold, 20), or(a.activationLagThreshold, 0),
                or(a.catchUpSeconds, 5), Duration.ofSeconds(or(a.scaleUpStabilizationSeconds, 0)),
                Duration.ofSeconds(or(a.scaleDownStabilizationSeconds, 60)),
                prewarm == null ? 0 : or(prewarm.replicas, 0), Duration.ofSeconds(prewarm == null ? 60 : or(prewarm.leadSeconds, 60)),
                SaleStatusCalculator.instant(spec.opensAt), manual);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
