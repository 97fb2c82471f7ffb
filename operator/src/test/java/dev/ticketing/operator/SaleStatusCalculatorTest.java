package dev.ticketing.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.ticketing.operator.sale.Problem;
import dev.ticketing.operator.sale.SaleProblems;
import dev.ticketing.operator.sale.SaleStatusCalculator;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.sale.TicketingSaleStatus;

class SaleStatusCalculatorTest {

    private static final Instant NOW = Instant.parse("2026-12-01T15:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            // case,                         job,       opensAt,               closesAt,              sold, phase
            "no init job yet,                -,         -,                     -,                     -,    Pending",
            "init running,                   running,   -,                     -,                     -,    Initializing",
            "init failed,                    failed,    -,                     -,                     -,    Failed",
            "initialised without a window,   succeeded, -,                     -,                     -,    OnSale",
            "before opensAt,                 succeeded, 2026-12-01T16:00:00Z,  -,                     -,    Scheduled",
            "inside the window,              succeeded, 2026-12-01T12:00:00Z,  2026-12-01T18:00:00Z,  -,    OnSale",
            "after closesAt,                 succeeded, 2026-12-01T12:00:00Z,  2026-12-01T14:00:00Z,  -,    Closed",
            "every ticket sold,              succeeded, -,                     -,                     1000, SoldOut",
            "closed wins over sold out,      succeeded, -,                     2026-12-01T14:00:00Z,  1000, Closed",
            "offset time zones are honoured, succeeded, 2026-12-01T16:30:00+02:00, -,                 -,    OnSale"})
    void phase_follows_init_the_clock_and_the_report(String name, String job, String opensAt, String closesAt,
                                                     Long sold, String phase) {
        TicketingSale sale = Sales.seed("ns", "s");
        sale.getMetadata().setGeneration(3L);
        sale.getSpec().opensAt = opensAt;
        sale.getSpec().closesAt = closesAt;
        if (sold != null) {
            sale.setStatus(new TicketingSaleStatus());
            sale.getStatus().report = new TicketingSaleStatus.Report();
            sale.getStatus().report.ticketsTotal = 1000L;
            sale.getStatus().report.ticketsSold = sold;
        }
        TicketingSaleStatus status = SaleStatusCalculator.compute(sale, sale.getStatus(), new SaleStatusCalculator.Observed(
                job(job), null, Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(), NOW));
        assertThat(status.phase).isEqualTo(phase);
        assertThat(status.observedGeneration).isEqualTo(3L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
            "before opensAt,  2026-12-01T16:00:00Z, -,                    Scheduled, the doors are closed until 2026-12-01T16:00:00Z",
            "on sale,         2026-12-01T12:00:00Z, -,                    Serving,   The api and consumers are ready",
            "after closesAt,  -,                    2026-12-01T14:00:00Z, Closed,    The doors closed at 2026-12-01T14:00:00Z"})
    void ready_pods_and_open_doors_are_told_apart(String name, String opensAt, String closesAt, String reason, String message) {
        TicketingSale sale = Sales.seed("ns", "s");
        sale.getSpec().opensAt = opensAt;
        sale.getSpec().closesAt = closesAt;
        var ready = Optional.of(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewSpec().withReplicas(1)
                .endSpec().withNewStatus().withReadyReplicas(1).endStatus().build());
        TicketingSaleStatus status = SaleStatusCalculator.compute(sale, null, new SaleStatusCalculator.Observed(
                job("succeeded"), null, ready, ready, List.of(), Optional.empty(), Optional.empty(), NOW));
        var condition = status.conditions.stream().filter(c -> c.getType().equals("Ready")).findFirst().orElseThrow();
        assertThat(condition.getStatus()).isEqualTo("True");
        assertThat(condition.getReason()).isEqualTo(reason);
        assertThat(condition.getMessage()).contains(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "grid too large        | 200 | 100 | 64  | 50 | true  | at most 10000 seats per subsection",
            "partitions too few    | 2   | 5   | 10  | 50 | true  | kafka.partitions (10) is below autoscaling.maxReplicas (50)",
            "secret missing        | 2   | 5   | 64  | 50 | false | Secret 'postgres-app' does not exist",
            "all well              | 2   | 5   | 64  | 50 | true  | -"})
    void problems_the_schema_cannot_catch_are_named(String name, int rows, int seatsPerRow, int partitions, int maxReplicas,
                                                     boolean secretExists, String expected) {
        TicketingSale sale = Sales.seed("ns", "s");
        sale.getSpec().seating.rows = rows;
        sale.getSpec().seating.seatsPerRow = seatsPerRow;
        sale.getSpec().kafka.partitions = partitions;
        sale.getSpec().autoscaling.maxReplicas = maxReplicas;
        List<String> problems = SaleProblems.of(sale, secret -> secretExists).stream().map(Problem::message).toList();
        if ("-".equals(expected)) {
            assertThat(problems).isEmpty();
        } else {
            assertThat(problems).anySatisfy(p -> assertThat(p).contains(expected));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // case                                      | job hash | job       | blocking | phase        | ready                | degraded
            "a new configuration is being initialised    | old      | succeeded | false    | OnSale       | True Serving         | False AsExpected",
            "its init Job runs                           | current  | running   | false    | OnSale       | True Serving         | False AsExpected",
            "its init Job failed                         | current  | failed    | false    | OnSale       | True Serving         | True InitFailed",
            "a blocking problem after deployment         | current  | succeeded | true     | OnSale       | True Serving         | True InvalidConfiguration"})
    void a_deployed_sale_keeps_selling_while_a_change_is_applied_or_refused(String name, String jobHash, String job, boolean blocking,
                                                                           String phase, String ready, String degraded) {
        TicketingSale sale = Sales.seed("ns", "s");
        var serving = Optional.of(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewSpec().withReplicas(1)
                .endSpec().withNewStatus().withReadyReplicas(1).endStatus().build());
        Job initJob = job(job).orElseThrow();
        initJob.setSpec(new io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder().withNewTemplate().withNewMetadata()
                .addToAnnotations(dev.ticketing.operator.resources.SaleResources.CONFIG_HASH, jobHash).endMetadata()
                .endTemplate().build());
        List<Problem> problems = blocking ? List.of(Problem.blocking("InvalidConfiguration", "redis.url must not carry a password."))
                : List.of();
        TicketingSaleStatus status = SaleStatusCalculator.compute(sale, null, new SaleStatusCalculator.Observed(
                Optional.of(initJob), blocking ? null : "current", serving, serving, problems, Optional.empty(), Optional.empty(), NOW));
        assertThat(status.phase).isEqualTo(phase);
        assertThat(condition(status, "Ready")).isEqualTo(ready);
        assertThat(condition(status, "Degraded")).isEqualTo(degraded);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "invalid name, nothing deployed      | Failed  | False InvalidConfiguration | True InvalidConfiguration"})
    void a_sale_that_cannot_be_deployed_says_why(String name, String phase, String ready, String degraded) {
        TicketingSale sale = Sales.seed("ns", "s");
        TicketingSaleStatus status = SaleStatusCalculator.compute(sale, null, new SaleStatusCalculator.Observed(Optional.empty(),
                null, Optional.empty(), Optional.empty(), List.of(Problem.blocking("InvalidConfiguration", "metadata.name ...")),
                Optional.empty(), Optional.empty(), NOW));
        assertThat(status.phase).isEqualTo(phase);
        assertThat(condition(status, "Ready")).isEqualTo(ready);
        assertThat(condition(status, "Degraded")).isEqualTo(degraded);
    }

    private static String condition(TicketingSaleStatus status, String type) {
        var c = status.conditions.stream().filter(x -> x.getType().equals(type)).findFirst().orElseThrow();
        assertThat(c.getMessage()).as("one or two sentences, no stack trace").doesNotContain("\tat ").hasSizeLessThan(600);
        return c.getStatus() + " " + c.getReason();
    }

    private static Optional<Job> job(String state) {
        if (state == null) {
            return Optional.empty();
        }
        var builder = new JobBuilder().withNewMetadata().withName("s-init").endMetadata().withNewStatus();
        switch (state) {
            case "succeeded" -> builder.withSucceeded(1);
            case "failed" -> builder.withConditions(new JobConditionBuilder().withType("Failed").withStatus("True").build());
            default -> builder.withActive(1);
        }
        return Optional.of(builder.endStatus().build());
    }
}
