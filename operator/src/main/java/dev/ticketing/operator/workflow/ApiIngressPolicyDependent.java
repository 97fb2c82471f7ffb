package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

/** With the operator's SALE_NETWORK_POLICY: buyers reach the api pods' HTTP port, and nothing else of the sale. */
@KubernetesDependent(informer = @Informer(labelSelector = SaleResources.MANAGED_BY_SELECTOR))
public class ApiIngressPolicyDependent extends CRUDKubernetesDependentResource<NetworkPolicy, TicketingSale> {

    public ApiIngressPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    protected NetworkPolicy desired(TicketingSale sale, Context<TicketingSale> context) {
        return DesiredSale.of(context).resources().apiIngressPolicy();
    }
}
