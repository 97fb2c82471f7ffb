package dev.ticketing.operator.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The operator's own configuration, from environment variables (documented in the README). */
public record OperatorSettings(String runtimeImage, Set<String> watchNamespaces, int httpPort,
                               boolean leaderElection, String leaseName, String leaseNamespace,
                               String reportUrlTemplate, java.time.Duration reportPollInterval,
                               java.time.Duration scalingPollInterval, java.time.Duration idleScalingPollInterval,
                               boolean saleNetworkPolicy) {

    public static final String DEFAULT_IMAGE = "ticketing-runtime:0.1.0";

    public static OperatorSettings from(Map<String, String> env) {
        String namespaces = env.getOrDefault("WATCH_NAMESPACES", "").strip();
        return new OperatorSettings(
                env.getOrDefault("TICKETING_RUNTIME_IMAGE", DEFAULT_IMAGE),
                namespaces.isEmpty() ? Set.of() : Arrays.stream(namespaces.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()),
                Integer.parseInt(env.getOrDefault("OPERATOR_HTTP_PORT", "8080")),
                Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "false")),
                env.getOrDefault("LEADER_ELECTION_LEASE_NAME", "ticketing-operator"),
                env.getOrDefault("LEADER_ELECTION_NAMESPACE", env.getOrDefault("POD_NAMESPACE", "default")),
                env.getOrDefault("REPORT_URL_TEMPLATE", dev.ticketing.operator.report.ReportClient.DEFAULT_TEMPLATE),
                java.time.Duration.ofSeconds(Long.parseLong(env.getOrDefault("REPORT_POLL_SECONDS", "5"))),
                java.time.Duration.ofMillis((long) (1000 * Double.parseDouble(env.getOrDefault("AUTOSCALING_POLL_SECONDS", "2")))),
                java.time.Duration.ofSeconds(Long.parseLong(env.getOrDefault("AUTOSCALING_IDLE_POLL_SECONDS", "30"))),
                Boolean.parseBoolean(env.getOrDefault("SALE_NETWORK_POLICY", "false")));
    }
}
