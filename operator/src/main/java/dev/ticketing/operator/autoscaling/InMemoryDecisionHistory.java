package dev.ticketing.operator.autoscaling;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** A sale's decision history in memory, trimmed to what the windows need. */
public final class InMemoryDecisionHistory implements DecisionHistory {

    private final List<LagSample> samples = new ArrayList<>();
    private final List<Recommendation> recommendations = new ArrayList<>();
    private OptionalDouble perReplicaRate = OptionalDouble.empty();

    @Override
    public synchronized List<LagSample> samples() {
        return List.copyOf(samples);
    }

    @Override
    public synchronized void addSample(LagSample sample, java.time.Instant keepSince) {
        samples.add(sample);
        samples.removeIf(s -> s.at().isBefore(keepSince));
    }

    @Override
    public synchronized List<Recommendation> recommendations() {
        return List.copyOf(recommendations);
    }

    @Override
    public synchronized void addRecommendation(Recommendation recommendation, java.time.Instant keepSince) {
        recommendations.add(recommendation);
        recommendations.removeIf(r -> r.at().isBefore(keepSince));
    }

    @Override
    public synchronized OptionalDouble perReplicaRate() {
        return perReplicaRate;
    }

    @Override
    public synchronized void setPerReplicaRate(double rate) {
        perReplicaRate = OptionalDouble.of(rate);
    }
}
