package dev.ticketing.operator.sale;

import java.time.Instant;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kubernetes Events on a sale: what `kubectl describe tsale` shows a person. */
public final class SaleEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SaleEvents.class);

    private SaleEvents() {
    }

    public static void normal(KubernetesClient client, TicketingSale sale, String reason, String message) {
        emit(client, sale, "Normal", reason, message);
    }

    public static void warning(KubernetesClient client, TicketingSale sale, String reason, String message) {
        emit(client, sale, "Warning", reason, message);
    }

    private static void emit(KubernetesClient client, TicketingSale sale, String type, String reason, String message) {
        String now = Instant.now().toString();
        String namespace = sale.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(sale.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(sale.getApiVersion()).withKind(sale.getKind())
                        .withName(sale.getMetadata().getName()).withNamespace(namespace).withUid(sale.getMetadata().getUid())
                        .build())
                .withType(type).withReason(reason).withMessage(message)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("ticketing-operator").endSource()
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            // An event is a courtesy; failing to record one must not fail the reconciliation.
            LOG.warn("cannot record event sale={}/{} reason={} error={}", namespace, sale.getMetadata().getName(), reason,
                    e.getMessage());
        }
    }
}
