package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

@KubernetesDependent(informer = @Informer(labelSelector = SaleResources.MANAGED_BY_SELECTOR))
public class ApiDisruptionBudgetDependent extends CRUDKubernetesDependentResource<PodDisruptionBudget, TicketingSale> {

    public ApiDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(TicketingSale sale, Context<TicketingSale> context) {
        return DesiredSale.of(context).resources().apiDisruptionBudget();
    }
}
