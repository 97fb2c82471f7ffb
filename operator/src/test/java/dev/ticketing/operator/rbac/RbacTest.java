package dev.ticketing.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import dev.ticketing.operator.chart.Chart;

/**
 * The chart grants exactly what the operator calls. Every request the operator made in this module's other test
 * classes (recorded by the mock API server, see {@link ApiCalls}) must be allowed by the rendered rules, and every
 * granted verb on every resource must have been used by some test — no {@code *}, nothing unused. Runs last
 * ({@code junit-platform.properties} orders classes by {@link Order}).
 */
@Order(Integer.MAX_VALUE)
class RbacTest {

    /** What every authenticated user may do (the default {@code system:basic-user} ClusterRole): JOSDK's permission check. */
    private static final Set<ApiCall> ALLOWED_TO_EVERYONE = Set.of(
            new ApiCall("authorization.k8s.io", "selfsubjectrulesreviews", "create"));

    /**
     * Calls the operator makes only when a race goes one way: JOSDK re-reads a sale when its status write meets a
     * conflict (409, a user's edit in between) and retries. Granted always; used in a suite run only by chance.
     */
    private static final Set<ApiCall> ON_CONFLICT_ONLY = Set.of(new ApiCall("ticketing.dev", "ticketingsales", "get"));

    @Test
    void every_call_the_operator_makes_is_granted_and_every_grant_is_used() throws java.io.IOException {
        Set<ApiCall> calls = ApiCalls.recorded();
        java.nio.file.Files.write(java.nio.file.Path.of("target", "operator-api-calls.txt"), calls.stream()
                .map(c -> c.group() + " " + c.resource() + " " + c.verb()).sorted().toList());
        assertThat(calls).as("calls recorded by the operator's other test classes (run this with the whole operator suite)")
                .contains(new ApiCall("ticketing.dev", "ticketingsales", "watch"));
        List<HasMetadata> chart = Chart.render();
        Set<ApiCall> granted = new HashSet<>(grants(Chart.one(chart, ClusterRole.class).getRules()));
        Chart.all(chart, Role.class).forEach(role -> granted.addAll(grants(role.getRules())));

        Set<ApiCall> notGranted = new HashSet<>(calls);
        notGranted.removeAll(granted);
        notGranted.removeAll(ALLOWED_TO_EVERYONE);
        assertThat(notGranted).as("calls the chart's RBAC would forbid").isEmpty();

        assertThat(granted).as("what a conflict makes the operator call").containsAll(ON_CONFLICT_ONLY);
        Set<ApiCall> unused = new HashSet<>(granted);
        unused.removeAll(calls);
        unused.removeAll(ON_CONFLICT_ONLY);
        assertThat(unused).as("grants no test exercised").isEmpty();
    }

    @Test
    void the_namespaced_variant_grants_the_same_rules_in_each_watched_namespace() {
        List<HasMetadata> clusterWide = Chart.render();
        Set<ApiCall> clusterRules = grants(Chart.one(clusterWide, ClusterRole.class).getRules());
        List<HasMetadata> namespaced = Chart.render("watchNamespaces: [sales, promotions]\n");
        for (String namespace : List.of("sales", "promotions")) {
            Role role = Chart.all(namespaced, Role.class).stream()
                    .filter(r -> namespace.equals(r.getMetadata().getNamespace())).findFirst().orElseThrow();
            assertThat(grants(role.getRules())).as("rules in %s", namespace).isEqualTo(clusterRules);
        }
    }

    @Test
    void no_rule_uses_a_wildcard() {
        for (HasMetadata object : Chart.render()) {
            List<PolicyRule> rules = object instanceof ClusterRole c ? c.getRules() : object instanceof Role r ? r.getRules() : List.of();
            for (PolicyRule rule : rules) {
                assertThat(rule.getVerbs()).doesNotContain("*");
                assertThat(rule.getResources()).doesNotContain("*");
                assertThat(rule.getApiGroups()).doesNotContain("*");
            }
        }
    }

    private static Set<ApiCall> grants(List<PolicyRule> rules) {
        Set<ApiCall> grants = new HashSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(new ApiCall(group, resource, verb));
                    }
                }
            }
        }
        return grants;
    }
}
