package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

/** Consumers: replicas are what the reconciler decided for this reconciliation (the autoscaler's decision). */
@KubernetesDependent(informer = @Informer(labelSelector = SaleResources.MANAGED_BY_SELECTOR))
public class ConsumerDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, TicketingSale> {

    public ConsumerDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(TicketingSale sale, Context<TicketingSale> context) {
        DesiredSale desired = DesiredSale.of(context);
        return desired.resources().consumerDeployment(desired.consumerReplicas());
    }
}
