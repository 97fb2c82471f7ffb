package dev.ticketing.operator.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Deleter;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.external.PerResourcePollingDependentResource;

import dev.ticketing.operator.kafka.KafkaAdmins;
import dev.ticketing.operator.kafka.KafkaClientProperties;
import dev.ticketing.operator.kafka.KafkaTopic;
import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

/**
 * The sale's commands topic, an external resource: created with the spec's partitions, grown when the
 * spec asks for more, never shrunk (that would reorder a subsection's commands), and deleted with the
 * sale only when {@code kafka.topicDeletionPolicy} is {@code Delete}.
 */
public class TopicDependent extends PerResourcePollingDependentResource<KafkaTopic, TicketingSale, String>
        implements Creator<KafkaTopic, TicketingSale>, Updater<KafkaTopic, TicketingSale>, Deleter<TicketingSale> {

    /** The poller has no context to read Secrets with; it uses what the last reconciliation read. */
    private final Map<String, Map<String, String>> clientPropertiesBySale = new java.util.concurrent.ConcurrentHashMap<>();

    public TopicDependent() {
        super(KafkaTopic.class, Duration.ofSeconds(30), ResourceIDMapper.resourceIdProviderMapper());
    }

    @Override
    protected KafkaTopic desired(TicketingSale sale, Context<TicketingSale> context) {
        clientPropertiesBySale.put(topic(sale), clientProperties(sale, context));
        return new KafkaTopic(topic(sale), DesiredSale.of(context).resources().partitions());
    }

    @Override
    public Set<KafkaTopic> fetchResources(TicketingSale sale) {
        return KafkaAdmins.shared().describe(sale.getSpec().kafka.bootstrapServers,
                clientPropertiesBySale.getOrDefault(topic(sale), Map.of()), topic(sale)).map(Set::of).orElse(Set.of());
    }

    @Override
    public KafkaTopic create(KafkaTopic desired, TicketingSale sale, Context<TicketingSale> context) {
        KafkaAdmins.shared().create(sale.getSpec().kafka.bootstrapServers, clientProperties(sale, context), desired);
        KafkaAdmins.shared().create(sale.getSpec().kafka.bootstrapServers, clientProperties(sale, context),
                new KafkaTopic(desired.name() + ".dlq", 1));
        return desired;
    }

    @Override
    public KafkaTopic update(KafkaTopic actual, KafkaTopic desired, TicketingSale sale, Context<TicketingSale> context) {
        KafkaAdmins.shared().increasePartitions(sale.getSpec().kafka.bootstrapServers, clientProperties(sale, context), desired);
        return desired;
    }

    /** More partitions than asked for is fine: they are never taken away. */
    @Override
    public Matcher.Result<KafkaTopic> match(KafkaTopic actual, TicketingSale sale, Context<TicketingSale> context) {
        KafkaTopic desired = desired(sale, context);
        return Matcher.Result.computed(actual.partitions() >= desired.partitions(), desired);
    }

    @Override
    public void delete(TicketingSale sale, Context<TicketingSale> context) {
        if (!"Delete".equals(sale.getSpec().kafka.topicDeletionPolicy)) {
            return;
        }
        String topic = topic(sale);
        KafkaAdmins.shared().delete(sale.getSpec().kafka.bootstrapServers, clientProperties(sale, context),
                List.of(topic, topic + ".dlq"));
        clientPropertiesBySale.remove(topic);
    }

    static String topic(TicketingSale sale) {
        return SaleResources.commandsTopic(sale.getMetadata().getNamespace(), sale.getMetadata().getName());
    }

    private static Map<String, String> clientProperties(TicketingSale sale, Context<TicketingSale> context) {
        return KafkaClientProperties.of(sale, context.getClient());
    }
}
