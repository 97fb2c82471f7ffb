package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

import dev.ticketing.operator.sale.TicketingSale;

/** A sale's NetworkPolicies exist only while the operator is configured to create them (and are deleted otherwise). */
public class NetworkPoliciesEnabled implements Condition<NetworkPolicy, TicketingSale> {

    @Override
    public boolean isMet(DependentResource<NetworkPolicy, TicketingSale> dependent, TicketingSale sale, Context<TicketingSale> context) {
        return DesiredSale.of(context).networkPolicies();
    }
}
