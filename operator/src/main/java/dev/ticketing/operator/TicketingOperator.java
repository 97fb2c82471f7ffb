package dev.ticketing.operator;

import java.time.Clock;
import java.time.Duration;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.operator.config.OperatorSettings;
import dev.ticketing.operator.report.ReportClient;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.workflow.RuntimeImage;

/** The operator process: watches TicketingSales (all namespaces or a configured list) and reconciles them. */
public final class TicketingOperator {

    private static final Logger LOG = LoggerFactory.getLogger(TicketingOperator.class);

    private TicketingOperator() {
    }

    public static void main(String[] args) {
        OperatorSettings settings = OperatorSettings.from(System.getenv());
        Operator operator = create(null, settings, Clock.systemUTC());
        operator.installShutdownHook(Duration.ofSeconds(10));
        operator.start();
        LOG.info("ticketing operator started namespaces={} image={}", settings.watchNamespaces().isEmpty()
                ? "all" : settings.watchNamespaces(), settings.runtimeImage());
    }

    /** The operator as production runs it; tests pass the mock server's client. */
    public static Operator create(KubernetesClient client, OperatorSettings settings, Clock clock) {
        RuntimeImage.setDefault(settings.runtimeImage());
        Operator operator = new Operator(overrider -> configure(overrider, client));
        var reconciler = new TicketingSaleReconciler(clock, new ReportClient(settings.reportUrlTemplate()),
                settings.reportPollInterval());
        operator.register(reconciler, (ControllerConfigurationOverrider<TicketingSale> c) -> {
            if (!settings.watchNamespaces().isEmpty()) {
                c.settingNamespaces(settings.watchNamespaces());
            }
        });
        return operator;
    }

    /**
     * Server-side apply is off for the primary's status and for matching dependents: the fabric8 CRUD
     * mock our tests run against answers SSA patches with 415, and running the same code path in
     * production as in tests is worth more than SSA's field ownership here (the Flink, Spark and Strimzi
     * access operators make the same choice).
     */
    static void configure(ConfigurationServiceOverrider overrider, KubernetesClient client) {
        overrider.withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false);
        if (client != null) {
            overrider.withKubernetesClient(client).withCloseClientOnStop(false);
        }
    }
}
