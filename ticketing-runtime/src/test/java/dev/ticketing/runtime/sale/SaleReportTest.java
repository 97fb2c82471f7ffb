package dev.ticketing.runtime.sale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SaleReportTest {

    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final SaleReport.Latency NO_LATENCY = new SaleReport.Latency(null, null, null, null);

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // case,                    total, sold, firstMs, lastMs, soldOut, selloutSeconds, throughput
            "nothing sold,              1000,  0,    -,       -,      false,   -,              -",
            "sold out in 250 ms,        1000,  1000, 0,       250,    true,    0.25,           4000.0",
            "half sold over 2 s,        1000,  500,  0,       2000,   false,   -,              250.0",
            "one instant sale,          10,    1,    100,     100,    false,   -,              -",
            "sold out at one instant,   1,     1,    100,     100,    true,    0.0,            -"})
    void computes_sellout_and_throughput_from_the_selling_window(String name, long total, long sold, Long firstMs,
                                                                 Long lastMs, boolean soldOut, Double sellout, Double throughput) {
        SaleReport report = SaleReport.from(new SaleReport.Figures(total, sold, 0, 0, 0,
                firstMs == null ? null : T0.plusMillis(firstMs), lastMs == null ? null : T0.plusMillis(lastMs), NO_LATENCY));
        assertThat(report.soldOutAt() != null).isEqualTo(soldOut);
        assertThat(report.selloutSeconds()).isEqualTo(sellout);
        assertThat(report.throughputPerSecond()).isEqualTo(throughput);
        assertThat(report.ticketsSold()).isEqualTo(sold);
    }

    @Test
    void accepted_bookings_are_never_fewer_than_the_decided_ones() {
        SaleReport report = SaleReport.from(new SaleReport.Figures(10, 3, 2, 3, 4, T0, T0.plusSeconds(1), NO_LATENCY));
        assertThat(report.bookingsAccepted()).isEqualTo(7);
    }
}
