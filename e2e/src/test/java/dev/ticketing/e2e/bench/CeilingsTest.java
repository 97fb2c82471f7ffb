package dev.ticketing.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ceilings run end to end through the runtime's own code; their values are for `make ceilings`, not asserted. */
class CeilingsTest {

    @Test
    void every_component_is_driven_to_completion_and_yields_a_rate() throws Exception {
        Ceilings.Result result = Ceilings.measure(1_000, 100);
        assertThat(result.producerPerSecond()).isPositive();
        assertThat(result.allocationsPerSecond()).isPositive();
        assertThat(result.insertsPerSecond()).isPositive();
        assertThat(result.slowest()).isPositive();
    }
}
