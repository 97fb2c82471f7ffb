package dev.ticketing.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.ticketing.e2e.spike.Quantity;
import dev.ticketing.e2e.spike.SpikeRunner;
import dev.ticketing.operator.autoscaling.ScalingPolicy;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.services.SharedServices;

/** The operator's autoscaler driving consumer processes: from none, a backlog brings them up and they sell it. */
class LocalAutoscalerTest {

    @Test
    void a_backlog_with_no_consumer_starts_consumer_processes_that_sell_it_out() throws Exception {
        String sale = SharedServices.uniqueName("autoscaled");
        SalePlan plan = new SalePlan("Scaled hall", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 10)));
        // From zero: the commands wait in Kafka until the autoscaler has seen them, whatever the timing.
        var policy = new ScalingPolicy(ScalingPolicy.Mode.AUTO, 0, 3, 20, 0, 5, Duration.ZERO, Duration.ofSeconds(60), 0,
                Duration.ofSeconds(60), null, null);
        try (Sandbox sandbox = Sandbox.startAutoscaled(sale, plan, policy, 1_000, Optional.empty(),
                Map.of("HTTP_PORT", "0", "AUTH_PASSWORD_HASH_ITERATIONS", "1000"));
             ConsumerGroupProbe probe = new ConsumerGroupProbe(sandbox.config())) {
            probe.follow(sandbox::desiredConsumers);
            assertThat(sandbox.consumerPids()).as("nothing to do, nothing runs").isEmpty();
            var settings = new SpikeRunner.Settings(URI.create("http://127.0.0.1:" + sandbox.port()), sale, 50, 100,
                    Quantity.parse("1"), "best_available", true, 0, 100, 1, false, Duration.ofSeconds(180), 11, sandbox.reportToken());

            SpikeRunner.RoundResult round = new SpikeRunner(settings, new PrintStream(new ByteArrayOutputStream()), probe).run().getFirst();

            assertThat(round.correctness().holds()).as(round.correctness().toString()).isTrue();
            assertThat(round.serverReport().path("ticketsSold").asLong()).isEqualTo(100);
            assertThat(sandbox.desiredConsumers()).as("100 commands at 20 per consumer, capped at the maximum").isEqualTo(3);
            assertThat(Arrays.stream(round.timeline().desiredConsumers()).max().orElse(0)).isEqualTo(3);
            assertThat(sandbox.consumerPids()).hasSize(3);
            assertThat(sandbox.consumerCpuSeconds()).isPositive();
        }
    }
}
