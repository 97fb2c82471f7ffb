package dev.ticketing.operator.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ticketing.operator.sale.TicketingSale;

/**
 * Kubernetes Events on a sale, what {@code kubectl describe tsale} shows. One Event per (sale, reason) with a
 * stable name and an increasing count, like Flink's {@code EventUtils.createOrUpdateEventWithInterval}: a
 * recurring reason updates its Event instead of adding one, and the same message again within
 * {@link #REPEAT_WITHIN} is not written at all.
 */
public final class SaleEvents {

    public static final String GENERATION = "ticketing.dev/observed-generation";
    static final Duration REPEAT_WITHIN = Duration.ofMinutes(5);
    private static final Logger LOG = LoggerFactory.getLogger(SaleEvents.class);

    private final Clock clock;

    public SaleEvents(Clock clock) {
        this.clock = clock;
    }

    public static String name(TicketingSale sale, String reason) {
        return sale.getMetadata().getName() + "." + reason.toLowerCase(Locale.ROOT);
    }

    public void record(KubernetesClient client, TicketingSale sale, SaleEvent event) {
        String namespace = sale.getMetadata().getNamespace();
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            var events = client.v1().events().inNamespace(namespace);
            Event existing = events.withName(name(sale, event.reason())).get();
            if (existing == null) {
                events.resource(fresh(sale, event, now)).create();
            } else if (!Objects.equals(existing.getInvolvedObject().getUid(), sale.getMetadata().getUid())) {
                // Left by an earlier sale of the same name: this sale's story starts afresh in the same Event.
                Event replaced = fresh(sale, event, now);
                replaced.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                events.resource(replaced).update();
            } else if (!event.message().equals(existing.getMessage()) || !recent(existing.getLastTimestamp())) {
                existing.setCount(existing.getCount() == null ? 2 : existing.getCount() + 1);
                existing.setType(event.type());
                existing.setMessage(event.message());
                existing.setLastTimestamp(now);
                existing.getMetadata().setAnnotations(generation(sale));
                events.resource(existing).update();
            }
        } catch (KubernetesClientException e) {
            // An event is a courtesy; failing to record one must not fail the reconciliation.
            LOG.warn("cannot record event sale={}/{} reason={} error={}", namespace, sale.getMetadata().getName(),
                    event.reason(), e.getMessage());
        }
    }

    private boolean recent(String timestamp) {
        return timestamp != null && Instant.parse(timestamp).isAfter(clock.instant().minus(REPEAT_WITHIN));
    }

    private static Event fresh(TicketingSale sale, SaleEvent event, String now) {
        return new EventBuilder()
                .withNewMetadata().withName(name(sale, event.reason())).withNamespace(sale.getMetadata().getNamespace())
                .withAnnotations(generation(sale)).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(sale.getApiVersion()).withKind(sale.getKind())
                        .withName(sale.getMetadata().getName()).withNamespace(sale.getMetadata().getNamespace())
                        .withUid(sale.getMetadata().getUid()).build())
                .withType(event.type()).withReason(event.reason()).withMessage(event.message())
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("ticketing-operator").endSource()
                .build();
    }

    private static Map<String, String> generation(TicketingSale sale) {
        return Map.of(GENERATION, String.valueOf(sale.getMetadata().getGeneration()));
    }
}
