package dev.ticketing.operator.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import dev.ticketing.runtime.Json;
import dev.ticketing.runtime.sale.SaleReport;

/** The report is defined once, by the runtime; status must carry every field of it, unchanged. */
class ReportContractTest {

    @Test
    void status_keeps_every_field_of_the_runtime_report() throws Exception {
        Instant t0 = Instant.parse("2026-12-01T20:00:00.123456Z");
        SaleReport report = new SaleReport(1000, 1000, 1200, 1000, 200, 3, 4, t0, t0.plusMillis(40), t0.plusMillis(900), 0.9,
                0.86, new SaleReport.Latency(12.5, 40.0, 80.0, 95.0), 1111.1);
        JsonNode sent = Json.MAPPER.readTree(Json.write(report));

        TicketingSaleStatus.Report kept = Serialization.unmarshal(sent.toString(), TicketingSaleStatus.Report.class);
        JsonNode inStatus = Json.MAPPER.readTree(Serialization.asJson(kept));

        assertThat(inStatus).isEqualTo(sent);
    }
}
