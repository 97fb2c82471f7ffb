package dev.ticketing.operator.workflow;

import io.javaoperatorsdk.operator.api.reconciler.Context;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

/**
 * What the reconciler decided before running the workflow — the sale's objects as they should be, the consumer
 * replicas, and whether the sale gets NetworkPolicies (an operator setting) — handed to every dependent through
 * the workflow context, so no dependent re-reads or re-decides anything.
 */
public record DesiredSale(SaleResources resources, int consumerReplicas, boolean networkPolicies) {

    private static final String KEY = DesiredSale.class.getName();

    public static DesiredSale of(Context<TicketingSale> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, DesiredSale.class);
    }

    public void handTo(Context<TicketingSale> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }
}
