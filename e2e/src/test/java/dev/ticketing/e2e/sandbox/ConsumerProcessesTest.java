package dev.ticketing.e2e.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ticketing.e2e.spike.Quantity;
import dev.ticketing.e2e.spike.SpikeRunner;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.services.SharedServices;

/** The sandbox with its consumers as separate processes (pods), each in its own CPU group where the machine allows. */
class ConsumerProcessesTest {

    @Test
    void consumer_processes_sell_a_spike_out_correctly_each_inside_its_cpu_limit() throws Exception {
        String sale = SharedServices.uniqueName("processes");
        SalePlan plan = new SalePlan("Process hall", 2, 5, 4, List.of(new SalePlan.Section("A", 100, 10)));
        var limits = CpuLimits.available();
        var pods = ConsumerProcesses.Shape.of(2, 500, limits).withJvmOptions(ConsumerProcesses.POD_JVM_OPTIONS);
        try (Sandbox sandbox = Sandbox.startWithConsumerProcesses(sale, plan, pods,
                Map.of("HTTP_PORT", "0", "AUTH_PASSWORD_HASH_ITERATIONS", "1000"));
             ConsumerGroupProbe probe = new ConsumerGroupProbe(sandbox.config())) {
            assertThat(sandbox.consumerPids()).hasSize(2);
            if (limits.isPresent()) {
                for (long pid : sandbox.consumerPids()) {
                    assertThat(Files.readString(Path.of("/proc", String.valueOf(pid), "cgroup")))
                            .as("consumer process %d runs in a CPU group of its own", pid).contains("/ticketing-sandbox/" + sale + "-");
                    assertThat(Files.readString(Path.of("/proc", String.valueOf(pid), "environ")).split("\0"))
                            .as("consumer process %d gets the pods' JVM options", pid)
                            .contains("JDK_JAVA_OPTIONS=" + ConsumerProcesses.POD_JVM_OPTIONS);
                }
            }
            var settings = new SpikeRunner.Settings(URI.create("http://127.0.0.1:" + sandbox.port()), sale, 50, 150,
                    Quantity.parse("1"), "best_available", true, 0, 150, 1, false, Duration.ofSeconds(120), 7, sandbox.reportToken());

            SpikeRunner.RoundResult round = new SpikeRunner(settings, new PrintStream(new ByteArrayOutputStream()), probe).run().getFirst();

            assertThat(round.correctness().holds()).as(round.correctness().toString()).isTrue();
            assertThat(round.serverReport().path("ticketsSold").asLong()).as("sold out by the processes").isEqualTo(100);
            assertThat(round.timeline().consumers()).as("both processes were in the group").contains(2);
        }
    }
}
