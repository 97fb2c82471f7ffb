package dev.ticketing.operator.sale;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.ticketing.operator.resources.SaleResources;

/**
 * What the CRD schema cannot catch — or what a cluster that does not evaluate its CEL rules lets through —
 * as problems a person can act on. {@code secretExists} is the only outside knowledge it needs.
 */
public final class SaleProblems {

    public static final String INVALID = "InvalidConfiguration";

    /** The runtime's limits (SalePlan in ticketing-runtime; the contract test keeps them equal). */
    static final long MAX_TICKETS = 5_000_000;
    static final long MAX_SEATS_PER_SUBSECTION = 10_000;

    /** Credentials in a URL would land in the ConfigMap, readable by anyone who may read ConfigMaps. */
    public static final String JDBC_RULE = "!self.matches('(?i)[?&;]password=') && !self.matches('^jdbc:postgresql://[^/?]*@')";
    public static final String JDBC_RULE_MESSAGE = "postgres.jdbcUrl must not carry credentials (a password parameter or "
            + "user:password@); they come from postgres.credentialsSecretRef";
    public static final String REDIS_RULE = "!self.matches('^rediss?://[^/]*@')";
    public static final String REDIS_RULE_MESSAGE = "redis.url must not carry a user or password; the password comes "
            + "from redis.passwordSecretRef";
    private static final Pattern JDBC_CREDENTIALS = Pattern.compile("(?i)[?&;]password=|^jdbc:postgresql://[^/?]*@");
    private static final Pattern REDIS_CREDENTIALS = Pattern.compile("^rediss?://[^/]*@");

    private SaleProblems() {
    }

    public static List<Problem> of(TicketingSale sale, Predicate<String> secretExists) {
        TicketingSaleSpec spec = sale.getSpec();
        List<Problem> problems = new ArrayList<>();
        SaleNames.problem(sale.getMetadata().getName()).ifPresent(p -> problems.add(Problem.blocking(INVALID, p)));
        if (JDBC_CREDENTIALS.matcher(spec.postgres.jdbcUrl).find()) {
            problems.add(Problem.blocking(INVALID, JDBC_RULE_MESSAGE + "."));
        }
        if (REDIS_CREDENTIALS.matcher(spec.redis.url).find()) {
            problems.add(Problem.blocking(INVALID, REDIS_RULE_MESSAGE + "."));
        }
        if (spec.seating != null && spec.seating.rows != null && spec.seating.seatsPerRow != null) {
            long grid = (long) spec.seating.rows * spec.seating.seatsPerRow;
            if (grid > MAX_SEATS_PER_SUBSECTION) {
                problems.add(Problem.blocking(INVALID, "seating: rows x seatsPerRow is " + grid + "; the runtime supports at most "
                        + MAX_SEATS_PER_SUBSECTION + " seats per subsection (use more subsections)."));
            }
            long total = SaleResources.from(sale, "").ticketsTotal();
            if (total > MAX_TICKETS) {
                problems.add(Problem.blocking(INVALID, "seating: " + total + " seats exceed the runtime's limit of "
                        + MAX_TICKETS + "."));
            }
        }
        int partitions = spec.kafka.partitions == null ? 64 : spec.kafka.partitions;
        int maxReplicas = spec.autoscaling == null || spec.autoscaling.maxReplicas == null ? 50 : spec.autoscaling.maxReplicas;
        if (partitions < maxReplicas) {
            problems.add(Problem.warning(INVALID, "kafka.partitions (" + partitions + ") is below autoscaling.maxReplicas ("
                    + maxReplicas + "): consumers beyond " + partitions + " would sit idle; raise partitions or lower maxReplicas."));
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

    /** The Secrets a sale names, so the operator can watch exactly those. */
    public static List<String> referencedSecrets(TicketingSaleSpec spec) {
        List<String> names = new ArrayList<>();
        if (spec.postgres != null && spec.postgres.credentialsSecretRef != null) {
            names.add(spec.postgres.credentialsSecretRef.name);
        }
        if (spec.redis != null && spec.redis.passwordSecretRef != null) {
            names.add(spec.redis.passwordSecretRef.name);
        }
        if (spec.kafka != null && spec.kafka.credentialsSecretRef != null) {
            names.add(spec.kafka.credentialsSecretRef.name);
        }
        return names;
    }

    private static void requireSecret(List<Problem> problems, Predicate<String> exists, String field, String name) {
        if (name != null && !exists.test(name)) {
            problems.add(Problem.warning(INVALID, field + ": Secret '" + name + "' does not exist in the sale's namespace; "
                    + "the sale's pods cannot start until it does."));
        }
    }
}
