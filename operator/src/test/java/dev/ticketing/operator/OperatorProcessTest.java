package dev.ticketing.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.ticketing.operator.config.OperatorSettings;
import dev.ticketing.operator.rbac.ApiCalls;

/** The operator process's own settings, each against a fresh mock API server. */
class OperatorProcessTest {

    @BeforeAll
    static void patientAwaits() {
        // Operator start, leader election and the first reconciles on a shared 2-core machine can take over 10 s.
        Awaitility.setDefaultTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void defaultAwaits() {
        Awaitility.reset();
    }

    @Test
    void watching_a_list_of_namespaces_leaves_other_namespaces_alone() throws Exception {
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ApiCalls.CrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            try (var crd = new java.io.FileInputStream(Sales.CRDS.resolve("ticketingsales.ticketing.dev-v1.yml").toFile())) {
                client.apiextensions().v1().customResourceDefinitions().load(crd).create();
            }
            try (TicketingOperator operator = TicketingOperator.start(ApiCalls.operatorClient(client), OperatorSettings.from(Map.of(
                    "OPERATOR_HTTP_PORT", "0", "WATCH_NAMESPACES", "watched, also-watched")), Clock.systemUTC())) {
                client.resource(Sales.seed("ignored", "other")).create();
                client.resource(Sales.seed("watched", "mine")).create();
                await().untilAsserted(() -> assertThat(client.configMaps().inNamespace("watched").withName("mine-config").get())
                        .isNotNull());
                assertThat(client.configMaps().inNamespace("ignored").list().getItems()).isEmpty();
                assertThat(client.resources(dev.ticketing.operator.sale.TicketingSale.class).inNamespace("ignored")
                        .withName("other").get().getStatus()).isNull();
            }
        } finally {
            server.destroy();
        }
    }

    @Test
    void with_sale_network_policies_on_each_sale_is_isolated_and_turning_them_off_removes_them() throws Exception {
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ApiCalls.CrudDispatcher(), false);
        server.init();
        try (KubernetesClient client = server.createClient()) {
            try (var crd = new java.io.FileInputStream(Sales.CRDS.resolve("ticketingsales.ticketing.dev-v1.yml").toFile())) {
                client.apiextensions().v1().customResourceDefinitions().load(crd).create();
            }
            client.resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata().withName("postgres-app")
                    .withNamespace("sales").endMetadata().withStringData(Map.of("username", "u", "password", "p")).build()).create();
            client.resource(Sales.seedOnTestKafka("sales", "fenced")).create();
            var policies = client.network().v1().networkPolicies().inNamespace("sales");
            try (TicketingOperator operator = TicketingOperator.start(ApiCalls.operatorClient(client), OperatorSettings.from(Map.of(
                    "OPERATOR_HTTP_PORT", "0", "SALE_NETWORK_POLICY", "true")), Clock.systemUTC())) {
                await().untilAsserted(() -> {
                    var isolation = policies.withName("fenced-isolation").get();
                    assertThat(isolation).isNotNull();
                    assertThat(isolation.getSpec().getIngress().getFirst().getFrom().getFirst().getPodSelector().getMatchLabels())
                            .containsEntry("app.kubernetes.io/instance", "fenced");
                    var api = policies.withName("fenced-api-ingress").get();
                    assertThat(api).isNotNull();
                    assertThat(api.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "api");
                    assertThat(api.getSpec().getIngress().getFirst().getPorts().getFirst().getPort().getIntVal()).isEqualTo(8080);
                });
            }
            try (TicketingOperator operator = TicketingOperator.start(ApiCalls.operatorClient(client), OperatorSettings.from(Map.of(
                    "OPERATOR_HTTP_PORT", "0", "SALE_NETWORK_POLICY", "false")), Clock.systemUTC())) {
                await().untilAsserted(() -> assertThat(policies.list().getItems()).isEmpty());
            }
        } finally {
            server.destroy();
        }
    }

    @Test
    void with_leader_election_on_the_operator_holds_its_lease() throws Exception {
        // CRUD mode plus one expectation: the mixed dispatcher answers expectations first, then stores objects.
        var responses = new HashMap<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>();
        var server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new ApiCalls.MixedDispatcher(responses), false);
        server.init();
        // The mock has no authorizer; answer the SDK's permission check for leases as RBAC would.
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
                        .withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("*").endResourceRule()
                        .withIncomplete(false).endStatus().build())
                .always();
        try (KubernetesClient client = server.createClient()) {
            try (var crd = new java.io.FileInputStream(Sales.CRDS.resolve("ticketingsales.ticketing.dev-v1.yml").toFile())) {
                client.apiextensions().v1().customResourceDefinitions().load(crd).create();
            }
            try (TicketingOperator operator = TicketingOperator.start(ApiCalls.operatorClient(client), OperatorSettings.from(Map.of(
                    "OPERATOR_HTTP_PORT", "0", "LEADER_ELECTION", "true", "LEADER_ELECTION_NAMESPACE", "ops",
                    "LEADER_ELECTION_LEASE_NAME", "ticketing-operator-lease")), Clock.systemUTC())) {
                await().untilAsserted(() -> {
                    Lease lease = client.leases().inNamespace("ops").withName("ticketing-operator-lease").get();
                    assertThat(lease).isNotNull();
                    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
                });
            }
        } finally {
            server.destroy();
        }
    }
}
