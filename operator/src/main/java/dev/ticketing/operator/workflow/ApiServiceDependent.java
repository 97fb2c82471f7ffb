package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

public class ApiServiceDependent extends CRUDKubernetesDependentResource<Service, TicketingSale> {

    public ApiServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(TicketingSale sale, Context<TicketingSale> context) {
        return SaleResources.from(sale, RuntimeImage.defaultImage()).apiService();
    }
}
