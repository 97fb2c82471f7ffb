package dev.ticketing.e2e.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.operator.autoscaling.Autoscaler;
import dev.ticketing.operator.autoscaling.InMemoryDecisionHistory;
import dev.ticketing.operator.autoscaling.ScalingDecision;
import dev.ticketing.operator.autoscaling.ScalingPolicy;
import dev.ticketing.operator.kafka.KafkaAdmins;
import dev.ticketing.operator.kafka.KafkaLagSource;
import dev.ticketing.runtime.config.RuntimeConfig;

/**
 * The operator's autoscaler on one machine: the same decision code and the same Kafka lag source, with consumer
 * processes as the scale target instead of a Deployment. It decides every {@link #POLL} (the operator's default
 * poll while a sale sells is 2 s; the sandbox's spikes are short).
 */
public final class LocalAutoscaler implements AutoCloseable {

    static final Duration POLL = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(LocalAutoscaler.class);

    private final ScalingPolicy policy;
    private final ConsumerProcesses processes;
    private final ConsumerGroupProbe group;
    private final Autoscaler autoscaler = new Autoscaler(Clock.systemUTC());
    private final InMemoryDecisionHistory history = new InMemoryDecisionHistory();
    private final KafkaLagSource lag;
    private final int partitions;
    private final Thread loop;
    private volatile int desired;
    private volatile boolean running = true;

    private LocalAutoscaler(ScalingPolicy policy, RuntimeConfig config, ConsumerProcesses processes, ConsumerGroupProbe group) {
        this.policy = policy;
        this.processes = processes;
        this.group = group;
        this.partitions = config.topicPartitions();
        this.lag = new KafkaLagSource(config.kafkaBootstrapServers(), Map.of(), config.commandsTopic(), config.consumerGroup(),
                Clock.systemUTC());
        decide();
        this.loop = Thread.ofPlatform().daemon().name("local-autoscaler").start(this::run);
    }

    /** Decides once at once (the minimum or the pre-warm floor start right away), then every {@link #POLL}. */
    public static LocalAutoscaler start(ScalingPolicy policy, RuntimeConfig config, ConsumerProcesses processes,
                                       ConsumerGroupProbe group) {
        return new LocalAutoscaler(policy, config, processes, group);
    }

    public int desired() {
        return desired;
    }

    private void run() {
        while (running) {
            try {
                Thread.sleep(POLL);
                decide();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("autoscaler tick failed error={}", e.toString());
            }
        }
    }

    private void decide() {
        int current = processes.count();
        int ready = current == 0 ? 0 : group.sample().ready();
        ScalingDecision decision = autoscaler.decide(policy, lag, history, current, ready, partitions);
        desired = decision.replicas();
        if (decision.changes()) {
            LOG.info("consumers {} -> {} state={} reason={}", current, decision.replicas(), decision.state(), decision.reason());
            processes.scaleTo(decision.replicas());
        }
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The lag source's admin client must not outlive the sandbox's broker (it would retry, and warn, until exit).
        KafkaAdmins.shared().close();
    }
}
