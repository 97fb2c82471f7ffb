package dev.ticketing.operator.autoscaling;

import java.util.OptionalDouble;

/**
 * One decision: the consumer replicas to run, what the policy recommended before any mode or window held it,
 * the state in one word (the Autoscaling condition's reason) and the reason in one line a person can read.
 *
 * @param lag empty when no offsets could be read
 */
public record ScalingDecision(int replicas, int recommended, int current, State state, String reason,
                              java.util.Optional<LagAnalysis> lag, OptionalDouble perReplicaRate) {

    public enum State {
        /** Lag or arrivals call for more consumers than run. */
        SCALING_UP,
        /** The window passed with less to do: fewer consumers. */
        SCALING_DOWN,
        /** Before opensAt: the pre-warm floor holds. */
        PREWARMING,
        /** What runs is what the policy wants. */
        STABLE,
        /** Fewer would do, but not yet: the window has not passed or a backlog is being worked off. */
        HOLDING,
        /** Mode recommend: reported, not applied. */
        RECOMMENDING,
        /** Mode paused: the replicas are the user's (scale subresource). */
        PAUSED,
        /** No offsets: what runs keeps running. */
        NO_METRICS;

        /** The condition reason, e.g. ScalingUp. */
        public String reasonWord() {
            StringBuilder word = new StringBuilder();
            for (String part : name().split("_")) {
                word.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
            }
            return word.toString();
        }
    }

    public boolean changes() {
        return replicas != current;
    }
}
