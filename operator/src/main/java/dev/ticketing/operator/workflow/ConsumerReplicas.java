package dev.ticketing.operator.workflow;

import dev.ticketing.operator.sale.TicketingSale;

/** The one reading of how many consumers a sale should run now. */
final class ConsumerReplicas {

    private ConsumerReplicas() {
    }

    static int of(TicketingSale sale) {
        var status = sale.getStatus();
        if (status != null && status.consumers != null && status.consumers.desiredReplicas != null) {
            return status.consumers.desiredReplicas;
        }
        var autoscaling = sale.getSpec().autoscaling;
        return autoscaling != null && autoscaling.minReplicas != null ? autoscaling.minReplicas : 1;
    }
}
