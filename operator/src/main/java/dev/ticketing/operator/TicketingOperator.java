package dev.ticketing.operator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.operator.config.OperatorSettings;
import dev.ticketing.operator.consumers.ConsumerScaling;
import dev.ticketing.operator.consumers.ScalingMetrics;
import dev.ticketing.operator.kafka.KafkaAdmins;
import dev.ticketing.operator.report.ReportClient;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.status.SaleEvents;
import dev.ticketing.operator.status.StatusRecorder;

/**
 * The operator process: reconciles TicketingSales in all namespaces or a configured list, optionally
 * behind a leader-election Lease, with probes and Prometheus metrics on one port.
 */
public final class TicketingOperator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TicketingOperator.class);

    private final Operator operator;
    private final OperatorHttp http;
    private final AtomicBoolean stopping;

    private TicketingOperator(Operator operator, OperatorHttp http, AtomicBoolean stopping) {
        this.operator = operator;
        this.http = http;
        this.stopping = stopping;
    }

    public static void main(String[] args) throws InterruptedException {
        OperatorSettings settings = OperatorSettings.from(System.getenv());
        TicketingOperator running = start(null, settings, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down");
            running.close();
            stopped.countDown();
        }, "shutdown"));
        LOG.info("ticketing operator started namespaces={} image={} leaderElection={} port={}",
                settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(), settings.runtimeImage(),
                settings.leaderElection(), running.port());
        stopped.await();
    }

    /** The operator as production runs it; tests pass the mock server's client. */
    public static TicketingOperator start(KubernetesClient client, OperatorSettings settings, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        AtomicBoolean stopping = new AtomicBoolean();
        Operator operator = create(client, settings, clock, registry, stopping);
        OperatorHttp http = OperatorHttp.start(settings.httpPort(), () -> true,
                () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
                registry::scrape);
        operator.start();
        return new TicketingOperator(operator, http, stopping);
    }

    static Operator create(KubernetesClient client, OperatorSettings settings, Clock clock,
                           PrometheusMeterRegistry registry, AtomicBoolean stopping) {
        Operator operator = new Operator(overrider -> {
            configure(overrider, client);
            overrider.withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(leaderElection(settings, stopping));
            }
        });
        var reconciler = new TicketingSaleReconciler(clock, new ReportClient(settings.reportUrlTemplate()),
                settings.reportPollInterval(), settings.runtimeImage(), settings.saleNetworkPolicy(),
                new StatusRecorder(new SaleEvents(clock)),
                new ConsumerScaling(clock, settings.scalingPollInterval(), settings.idleScalingPollInterval()),
                new ScalingMetrics(registry));
        operator.register(reconciler, (ControllerConfigurationOverrider<TicketingSale> c) -> {
            if (!settings.watchNamespaces().isEmpty()) {
                c.settingNamespaces(settings.watchNamespaces());
            }
        });
        return operator;
    }

    /**
     * A replica that loses its lease while running exits, so that it can never reconcile beside the new
     * leader; one that is being shut down just lets go.
     */
    private static LeaderElectionConfiguration leaderElection(OperatorSettings settings, AtomicBoolean stopping) {
        LeaderCallbacks callbacks = new LeaderCallbacks(
                () -> LOG.info("leading lease={}/{}", settings.leaseNamespace(), settings.leaseName()),
                () -> {
                    if (!stopping.get()) {
                        LOG.error("lost the lease {}/{}; exiting so that only the leader reconciles",
                                settings.leaseNamespace(), settings.leaseName());
                        Runtime.getRuntime().halt(1);
                    }
                },
                leader -> LOG.info("leader is {}", leader));
        return new LeaderElectionConfiguration(settings.leaseName(), settings.leaseNamespace(),
                LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE, LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, null, callbacks, false);
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

    public int port() {
        return http.port();
    }

    /** Stops reconciling (in-flight reconciliations finish), then the endpoints and Kafka clients. */
    @Override
    public void close() {
        stopping.set(true);
        operator.stop();
        http.close();
        KafkaAdmins.shared().close();
    }

}
