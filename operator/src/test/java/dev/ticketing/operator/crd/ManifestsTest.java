package dev.ticketing.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.ticketing.operator.chart.Chart;
import dev.ticketing.operator.sale.Problem;
import dev.ticketing.operator.sale.SaleProblems;
import dev.ticketing.operator.sale.TicketingSale;

/**
 * The sales users apply — crds/examples and the kind e2e's — pass what the API server checks (the CRD's
 * structural schema and CEL rules) and what the operator checks, without a cluster. The e2e's other manifests
 * (Kafka, Redis, PostgreSQL) parse into Kubernetes objects.
 */
class ManifestsTest {

    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    static Stream<Path> manifests() throws Exception {
        List<Path> files = new ArrayList<>();
        try (var examples = Files.list(Path.of("..", "crds", "examples")); var kind = Files.list(Path.of("..", "e2e", "kind"))) {
            examples.filter(f -> f.toString().endsWith(".yaml")).forEach(files::add);
            // kind-config.yaml configures kind itself, not the cluster.
            kind.filter(f -> f.toString().endsWith(".yaml") && !f.endsWith("kind-config.yaml")).forEach(files::add);
        }
        return files.stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifests")
    void every_manifest_parses_and_every_sale_is_one_the_cluster_and_the_operator_accept(Path file) throws Exception {
        List<HasMetadata> objects = Chart.parse(Files.readString(file));
        assertThat(objects).as("objects in %s", file).isNotEmpty();
        JsonNode schema = YAML.unmarshal(Files.readString(Path.of("..", "crds", "ticketingsales.ticketing.dev-v1.yml")), JsonNode.class)
                .at("/spec/versions/0/schema/openAPIV3Schema");
        for (HasMetadata object : objects) {
            assertThat(object.getMetadata().getName()).isNotBlank();
            if (!"TicketingSale".equals(object.getKind())) {
                continue;
            }
            TicketingSale sale = YAML.unmarshal(YAML.asJson(object), TicketingSale.class);
            JsonNode tree = YAML.unmarshal(YAML.asJson(sale), JsonNode.class);
            ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove(List.of("apiVersion", "kind", "metadata", "status"));
            assertThat(OpenApiSchema.validate(schema.path("properties").path("spec"), tree.path("spec")))
                    .as("%s: schema", file).isEmpty();
            for (CrdRulesTest.Rule rule : CrdRulesTest.RULES) {
                Object self = rule.path().isEmpty() ? CrdRulesTest.tree(sale) : at(CrdRulesTest.tree(sale), rule.path());
                if (self != null) {
                    assertThat(CelRules.evaluate(rule.rule(), self, null)).as("%s: %s", file, rule.message()).isTrue();
                }
            }
            assertThat(SaleProblems.of(sale, secret -> true)).as("%s: problems the operator reports", file)
                    .noneMatch(Problem::blocking);
        }
    }

    @SuppressWarnings("unchecked")
    private static Object at(Object tree, String path) {
        Object node = tree;
        for (String part : path.split("\\.")) {
            node = node instanceof java.util.Map<?, ?> map ? ((java.util.Map<String, Object>) map).get(part) : null;
        }
        return node;
    }
}
