package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

@KubernetesDependent(informer = @Informer(labelSelector = SaleResources.MANAGED_BY_SELECTOR))
public class ApiDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, TicketingSale> {

    public ApiDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(TicketingSale sale, Context<TicketingSale> context) {
        return DesiredSale.of(context).resources().apiDeployment();
    }
}
