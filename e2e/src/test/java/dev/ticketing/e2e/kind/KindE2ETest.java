package dev.ticketing.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.ticketing.e2e.spike.Quantity;
import dev.ticketing.e2e.spike.SpikeRunner;
import dev.ticketing.operator.report.ReportToken;

/**
 * The checks of {@code make e2e} (e2e/kind/run.sh prepares the cluster: images, data services, the chart, the sale):
 * the sale goes on sale, 1,000 buyers sell it out through a port-forward, the status reports it, and the consumers
 * were scaled with an Event saying why. Without a reachable cluster it is skipped, and says so.
 */
class KindE2ETest {

    private static final String CONTEXT = System.getProperty("ticketing.e2e.context", "kind-ticketing-e2e");
    private static final ResourceDefinitionContext SALES = new ResourceDefinitionContext.Builder().withGroup("ticketing.dev")
            .withVersion("v1alpha1").withPlural("ticketingsales").withKind("TicketingSale").withNamespaced(true).build();

    @Test
    void a_thousand_buyers_sell_out_a_sale_on_a_real_cluster_and_its_consumers_scale() throws Exception {
        try (KubernetesClient client = clusterOrSkip()) {
            var sale = client.genericKubernetesResources(SALES).inNamespace("sales").withName("concert-night-1");
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(phase(sale.get())).isEqualTo("OnSale"));

            SpikeRunner.RoundResult round;
            try (LocalPortForward api = client.services().inNamespace("sales").withName("concert-night-1-api").portForward(8080)) {
                var settings = new SpikeRunner.Settings(URI.create("http://127.0.0.1:" + api.getLocalPort()), "concert-night-1",
                        1_000, 1_000, Quantity.parse("1"), "best_available", true, 0, 200, 1, false, Duration.ofMinutes(5), 42,
                        ReportToken.of("concert-night-1", client.secrets().inNamespace("sales").list().getItems()).orElseThrow());
                round = new SpikeRunner(settings, new PrintStream(new ByteArrayOutputStream())).run().getFirst();
            }

            assertThat(round.correctness().holds()).as(round.correctness().toString()).isTrue();
            assertThat(round.errors()).isZero();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(phase(sale.get())).isEqualTo("SoldOut"));
            var report = sale.get().getAdditionalProperties();
            @SuppressWarnings("unchecked")
            var status = (java.util.Map<String, Object>) report.get("status");
            @SuppressWarnings("unchecked")
            var saleReport = (java.util.Map<String, Object>) status.get("report");
            assertThat(((Number) saleReport.get("ticketsSold")).longValue()).isEqualTo(1_000);
            assertThat(((Number) saleReport.get("ticketsTotal")).longValue()).isEqualTo(1_000);
            assertThat(saleReport.get("soldOutAt")).as("sellout recorded").isNotNull();
            assertThat(((Number) saleReport.get("selloutSeconds")).doubleValue()).isPositive();

            List<String> scaled = client.v1().events().inNamespace("sales").list().getItems().stream()
                    .filter(e -> "concert-night-1".equals(e.getInvolvedObject().getName()) && "ScaledUp".equals(e.getReason()))
                    .map(e -> e.getMessage()).toList();
            assertThat(scaled).as("the consumers were scaled, and an Event says why").singleElement().asString()
                    .matches("\\d+ -> [1-4] consumers: lag .*");
        }
    }

    private static String phase(GenericKubernetesResource sale) {
        Object status = sale == null ? null : sale.getAdditionalProperties().get("status");
        return status instanceof java.util.Map<?, ?> map ? String.valueOf(map.get("phase")) : null;
    }

    /** The kind cluster of make e2e, or a skipped test that says how to get one. */
    private static KubernetesClient clusterOrSkip() {
        KubernetesClient client;
        try {
            Config config = Config.autoConfigure(CONTEXT);
            config.setRequestRetryBackoffLimit(0);
            config.setConnectionTimeout(3_000);
            client = new KubernetesClientBuilder().withConfig(config).build();
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            Assumptions.abort("no Kubernetes cluster reachable through context " + CONTEXT + " (" + e.getMessage()
                    + "): run `make e2e` on a machine with Docker and kind; it creates the cluster and runs this test");
            throw e;
        }
        return client;
    }
}
