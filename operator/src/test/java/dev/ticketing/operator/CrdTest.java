package dev.ticketing.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.ticketing.operator.crd.CrdFinisher;
import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

class CrdTest {

    private static final String CRD = "ticketingsales.ticketing.dev-v1.yml";

    @Test
    void checked_in_crd_matches_the_one_generated_from_the_model() throws Exception {
        Path generated = Path.of("target", "classes", "META-INF", "fabric8", CRD);
        assertThat(Files.readString(Sales.CRDS.resolve(CRD)))
                .as("crds/%s is stale: run `make crds` and commit it", CRD)
                .isEqualTo(CrdFinisher.finish(Files.readString(generated)));
    }

    @Test
    void crd_declares_short_name_status_subresource_and_printer_columns() throws Exception {
        String crd = Files.readString(Sales.CRDS.resolve(CRD));
        assertThat(crd).contains("tsale").contains("status: {}");
        var parsed = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(crd,
                io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
        assertThat(parsed.getSpec().getVersions().getFirst().getAdditionalPrinterColumns())
                .extracting(c -> c.getName()).containsExactly("Phase", "Sold", "Total", "Consumers", "Lag", "Sellout", "Age");
    }

    @Test
    void examples_parse_into_the_model_with_their_seat_counts() {
        TicketingSale seed = Sales.example("seed-1000.yaml");
        assertThat(SaleResources.from(seed, "img").ticketsTotal()).isEqualTo(1_000);
        assertThat(seed.getSpec().seating.sections).hasSize(10);
        TicketingSale stadium = Sales.example("stadium-100000.yaml");
        assertThat(SaleResources.from(stadium, "img").ticketsTotal()).isEqualTo(100_000);
        assertThat(stadium.getSpec().redis.passwordSecretRef.key).isEqualTo("password");
    }
}
