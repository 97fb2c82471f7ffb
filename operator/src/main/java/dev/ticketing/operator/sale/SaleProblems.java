package dev.ticketing.operator.sale;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.ticketing.operator.resources.SaleResources;

/**
 * What the CRD schema cannot catch, as messages a person can act on. {@code secretExists} is the only
 * outside knowledge it needs, so it stays a plain function.
 */
public final class SaleProblems {

    /** The runtime's limits (SalePlan in ticketing-runtime). */
    static final long MAX_TICKETS = 5_000_000;
    static final long MAX_SEATS_PER_SUBSECTION = 10_000;

    private SaleProblems() {
    }

    public static List<String> of(TicketingSale sale, Predicate<String> secretExists) {
        TicketingSaleSpec spec = sale.getSpec();
        List<String> problems = new ArrayList<>();
        if (spec.seating != null && spec.seating.rows != null && spec.seating.seatsPerRow != null) {
            long grid = (long) spec.seating.rows * spec.seating.seatsPerRow;
            if (grid > MAX_SEATS_PER_SUBSECTION) {
                problems.add("seating: rows x seatsPerRow is " + grid + "; the runtime supports at most "
                        + MAX_SEATS_PER_SUBSECTION + " seats per subsection (use more subsections)");
            }
            long total = SaleResources.from(sale, "").ticketsTotal();
            if (total > MAX_TICKETS) {
                problems.add("seating: " + total + " seats exceed the runtime's limit of " + MAX_TICKETS);
            }
        }
        int partitions = spec.kafka.partitions == null ? 64 : spec.kafka.partitions;
        int maxReplicas = spec.autoscaling == null || spec.autoscaling.maxReplicas == null ? 50 : spec.autoscaling.maxReplicas;
        if (partitions < maxReplicas) {
            problems.add("kafka.partitions (" + partitions + ") is below autoscaling.maxReplicas (" + maxReplicas
                    + "): consumers beyond " + partitions + " would sit idle; raise partitions or lower maxReplicas");
        }
        requireSecret(problems, secretExists, "postgres.credentialsSecretRef", spec.postgres.credentialsSecretRef == null
                ? null : spec.postgres.credentialsSecretRef.name);
        if (spec.redis.passwordSecretRef != null) {
            requireSecret(problems, secretExists, "redis.passwordSecretRef", spec.redis.passwordSecretRef.name);
        }
        if (spec.kafka.credentialsSecretRef != null) {
            requireSecret(problems, secretExists, "kafka.credentialsSecretRef", spec.kafka.credentialsSecretRef.name);
        }
        return problems;
    }

    private static void requireSecret(List<String> problems, Predicate<String> exists, String field, String name) {
        if (name != null && !exists.test(name)) {
            problems.add(field + ": Secret '" + name + "' does not exist in the sale's namespace");
        }
    }
}
