package dev.ticketing.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ticketing.operator.config.OperatorSettings;

/** The Helm chart, linted and rendered by a real Helm, with its defaults and with each documented option. */
class ChartTest {

    @Test
    void the_chart_passes_strict_lint() {
        var lint = new Helm(Chart.DIR).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void by_default_a_hardened_operator_runs_cluster_wide_with_leader_election_and_a_metrics_service() {
        List<HasMetadata> objects = Chart.render();
        Deployment deployment = Chart.one(objects, Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container operator = pod.getContainers().getFirst();
        String version = appVersion();

        assertThat(operator.getImage()).isEqualTo("ticketing-operator:" + version);
        assertThat(env(operator)).containsEntry("TICKETING_RUNTIME_IMAGE", "ticketing-runtime:" + version)
                .containsEntry("WATCH_NAMESPACES", "").containsEntry("LEADER_ELECTION", "true")
                .containsEntry("OPERATOR_HTTP_PORT", "8080").containsEntry("SALE_NETWORK_POLICY", "false");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(operator.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(pod.getAutomountServiceAccountToken()).as("the operator calls the API server").isTrue();
        ServiceAccount account = Chart.one(objects, ServiceAccount.class);
        assertThat(account.getAutomountServiceAccountToken()).as("no other pod of this account gets a token").isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());

        assertThat(Chart.all(objects, ClusterRole.class)).hasSize(1);
        ClusterRoleBinding binding = Chart.one(objects, ClusterRoleBinding.class);
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(account.getMetadata().getName());
            assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
        });
        assertThat(Chart.all(objects, Role.class)).as("only the leader-election Role").singleElement()
                .satisfies(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE));
        assertThat(Chart.one(objects, Service.class).getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        assertThat(Chart.kind(objects, "ServiceMonitor")).isEmpty();
    }

    @Test
    void with_watched_namespaces_it_grants_roles_there_and_nothing_cluster_wide() {
        List<HasMetadata> objects = Chart.render("watchNamespaces: [sales, promotions]\n");
        assertThat(Chart.all(objects, ClusterRole.class)).isEmpty();
        assertThat(Chart.all(objects, ClusterRoleBinding.class)).isEmpty();
        assertThat(Chart.all(objects, Role.class)).extracting(r -> r.getMetadata().getNamespace())
                .containsExactlyInAnyOrder("sales", "promotions", Chart.NAMESPACE);
        assertThat(Chart.all(objects, RoleBinding.class)).allSatisfy(b ->
                assertThat(b.getSubjects().getFirst().getNamespace()).isEqualTo(Chart.NAMESPACE));
        assertThat(env(Chart.one(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().getFirst()))
                .containsEntry("WATCH_NAMESPACES", "sales,promotions");
    }

    @Test
    void every_documented_option_renders() {
        List<HasMetadata> objects = Chart.render("""
                replicaCount: 2
                image: {repository: registry.example/ticketing-operator, tag: "9.9.9", pullPolicy: Always}
                imagePullSecrets: [{name: regcred}]
                runtimeImage: {repository: registry.example/ticketing-runtime, tag: "9.9.9"}
                leaderElection: {enabled: false, leaseName: other}
                serviceAccount: {create: false, name: ops-robot}
                resources: {requests: {cpu: 200m, memory: 300Mi}, limits: {cpu: "2", memory: 1Gi}}
                jvmOptions: "-Xmx200m"
                reportPollSeconds: 10
                autoscaling: {pollSeconds: 0.5, idlePollSeconds: 60}
                metrics: {port: 9090, service: {enabled: true}, serviceMonitor: {enabled: true, interval: 15s, labels: {release: prom}}}
                sales: {networkPolicy: {enabled: true}}
                podAnnotations: {a: b}
                podLabels: {team: tickets}
                nodeSelector: {pool: ops}
                tolerations: [{key: dedicated, operator: Exists}]
                affinity: {nodeAffinity: {}}
                priorityClassName: high
                """);
        Deployment deployment = Chart.one(objects, Deployment.class);
        var pod = deployment.getSpec().getTemplate().getSpec();
        Container operator = pod.getContainers().getFirst();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(operator.getImage()).isEqualTo("registry.example/ticketing-operator:9.9.9");
        assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("regcred");
        assertThat(env(operator)).containsEntry("TICKETING_RUNTIME_IMAGE", "registry.example/ticketing-runtime:9.9.9")
                .containsEntry("LEADER_ELECTION", "false").containsEntry("JDK_JAVA_OPTIONS", "-Xmx200m")
                .containsEntry("REPORT_POLL_SECONDS", "10").containsEntry("AUTOSCALING_POLL_SECONDS", "0.5")
                .containsEntry("AUTOSCALING_IDLE_POLL_SECONDS", "60").containsEntry("SALE_NETWORK_POLICY", "true")
                .containsEntry("OPERATOR_HTTP_PORT", "9090");
        assertThat(pod.getServiceAccountName()).isEqualTo("ops-robot");
        assertThat(Chart.all(objects, ServiceAccount.class)).isEmpty();
        assertThat(Chart.all(objects, Role.class)).as("no leader-election Role").isEmpty();
        assertThat(operator.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("a", "b");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "tickets");
        assertThat(pod.getNodeSelector()).containsEntry("pool", "ops");
        assertThat(pod.getTolerations()).hasSize(1);
        assertThat(pod.getAffinity()).isNotNull();
        assertThat(pod.getPriorityClassName()).isEqualTo("high");
        assertThat(Chart.kind(objects, "ServiceMonitor")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "replicaCount: three                         | replicaCount",
            "replicas: 2                                 | replicas",
            "watchNamespaces: [Bad_Namespace]            | watchNamespaces",
            "resources: {limits: {cpu: lots}}            | cpu",
            "image: {pullPolicy: Sometimes, repository: x} | pullPolicy",
            "metrics: {serviceMonitor: {interval: often}} | interval"})
    void bad_values_are_rejected_by_the_schema_with_the_field_named(String values, String field) {
        assertThatThrownBy(() -> Chart.render(values + "\n")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(field);
    }

    @Test
    void a_service_monitor_without_the_metrics_service_is_refused_with_a_reason() {
        assertThatThrownBy(() -> Chart.render("metrics: {service: {enabled: false}, serviceMonitor: {enabled: true}}\n"))
                .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
    }

    @Test
    void the_charts_crds_are_the_generated_ones() {
        assertThat(Chart.read(Chart.DIR.resolve("crds").resolve("ticketingsales.ticketing.dev-v1.yml")))
                .as("charts/ticketing-operator/crds is stale: copy crds/ticketingsales.ticketing.dev-v1.yml (make crds does)")
                .isEqualTo(Chart.read(Path.of("..", "crds", "ticketingsales.ticketing.dev-v1.yml")));
    }

    @Test
    void the_chart_the_images_and_the_build_share_one_version() {
        String version = appVersion();
        assertThat(chartYaml("version")).isEqualTo(version);
        assertThat(System.getProperty("image.tag")).as("the images' tag (pom property image.tag)").isEqualTo(version);
        assertThat(System.getProperty("project.version").replace("-SNAPSHOT", "")).isEqualTo(version);
        assertThat(OperatorSettings.DEFAULT_IMAGE).isEqualTo("ticketing-runtime:" + version);
    }

    /** The README's values table lists every value of values.yaml with its default, and nothing else. */
    @Test
    void the_readme_values_table_matches_values_yaml() {
        Map<String, String> documented = new TreeMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-zA-Z.]+)` \\| `([^`]*)` \\|").matcher(readmeValuesSection());
        while (row.find()) {
            documented.put(row.group(1), row.group(2));
        }
        Map<String, String> values = new TreeMap<>();
        flatten("", Chart.values(), values);
        assertThat(documented).isEqualTo(values);
    }

    private static String readmeValuesSection() {
        String readme = Chart.read(Path.of("..", "README.md"));
        int start = readme.indexOf("<!-- values table: kept equal to charts/ticketing-operator/values.yaml by ChartTest -->");
        assertThat(start).as("README values table marker").isNotNegative();
        return readme.substring(start, readme.indexOf("\n\n", readme.indexOf("| ", start)));
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, String> into) {
        map.forEach((key, value) -> {
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flatten(path, (Map<String, Object>) nested, into);
            } else {
                into.put(path, value instanceof Map<?, ?> ? "{}" : value instanceof List<?> list && list.isEmpty() ? "[]"
                        : value == null ? "" : String.valueOf(value));
            }
        });
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new TreeMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        return env;
    }

    static String appVersion() {
        return chartYaml("appVersion");
    }

    private static String chartYaml(String key) {
        Matcher m = Pattern.compile("(?m)^" + key + ": \"?([^\"\\s]+)\"?").matcher(Chart.read(Chart.DIR.resolve("Chart.yaml")));
        assertThat(m.find()).as("Chart.yaml has %s", key).isTrue();
        return m.group(1);
    }
}
