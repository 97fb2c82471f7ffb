package dev.ticketing.operator.autoscaling;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * What the autoscaler remembers between decisions for one sale: recent lag samples (for rates), recent
 * recommendations (for the stabilization windows) and the per-consumer rate it last measured while consumers
 * were saturated. In memory in the operator: a new leader starts with an empty history and so scales down only
 * after a full window of its own.
 */
public interface DecisionHistory {

    record Recommendation(Instant at, int replicas) {
    }

    /** Oldest first. */
    List<LagSample> samples();

    void addSample(LagSample sample, Instant keepSince);

    /** Oldest first. */
    List<Recommendation> recommendations();

    void addRecommendation(Recommendation recommendation, Instant keepSince);

    OptionalDouble perReplicaRate();

    void setPerReplicaRate(double rate);
}
