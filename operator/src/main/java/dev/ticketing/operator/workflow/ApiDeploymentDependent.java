package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

public class ApiDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, TicketingSale> {

    public ApiDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(TicketingSale sale, Context<TicketingSale> context) {
        return SaleResources.from(sale, RuntimeImage.defaultImage()).apiDeployment();
    }
}
