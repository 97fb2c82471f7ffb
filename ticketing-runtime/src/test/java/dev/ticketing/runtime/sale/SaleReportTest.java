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
            // case,                           total, sold, acceptedMs, firstMs, lastMs, soldOut, sellout, window, throughput
            "nothing accepted,                 1000,  0,    -,          -,       -,      false,   -,       -,      -",
            "accepted and nothing sold,        1000,  0,    0,          -,       -,      false,   -,       -,      -",
            "sold out 250 ms after first sale, 1000,  1000, 0,          50,      250,    true,    0.25,    0.2,    4000.0",
            "half sold over 2 s,               1000,  500,  0,          0,       2000,   false,   -,       -,      250.0",
            "one batch sold everything,        100,   100,  0,          400,     400,    true,    0.4,     0.0,    250.0",
            "one seat sold,                    10,    1,    0,          100,     100,    false,   -,       -,      10.0"})
    void the_sale_clock_starts_at_the_first_accepted_booking(String name, long total, long sold, Long acceptedMs,
                                                              Long firstMs, Long lastMs, boolean soldOut, Double sellout,
                                                              Double window, Double throughput) {
        SaleReport report = SaleReport.from(new SaleReport.Figures(total, sold, 0, 0, 0, at(acceptedMs), at(firstMs),
                at(lastMs), NO_LATENCY, 0, 0));
        assertThat(report.soldOutAt() != null).isEqualTo(soldOut);
        assertThat(report.selloutSeconds()).isEqualTo(sellout);
        assertThat(report.sellingWindowSeconds()).isEqualTo(window);
        assertThat(report.throughputPerSecond()).isEqualTo(throughput);
        assertThat(report.ticketsSold()).isEqualTo(sold);
    }

    @Test
    void accepted_bookings_are_never_fewer_than_the_decided_ones() {
        SaleReport report = SaleReport.from(new SaleReport.Figures(10, 3, 2, 3, 4, T0, T0, T0.plusSeconds(1), NO_LATENCY, 0, 0));
        assertThat(report.bookingsAccepted()).isEqualTo(7);
    }

    private static Instant at(Long millis) {
        return millis == null ? null : T0.plusMillis(millis);
    }
}
