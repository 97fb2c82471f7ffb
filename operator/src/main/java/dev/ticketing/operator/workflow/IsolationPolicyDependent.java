package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

/** With the operator's SALE_NETWORK_POLICY: the sale's pods admit traffic from each other only. */
@KubernetesDependent(informer = @Informer(labelSelector = SaleResources.MANAGED_BY_SELECTOR))
public class IsolationPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, TicketingSale> {

    public IsolationPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected NetworkPolicy desired(TicketingSale sale, Context<TicketingSale> context) {
        return DesiredSale.of(context).resources().isolationPolicy();
    }
}
