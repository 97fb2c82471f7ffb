package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

public class ConfigDependent extends CRUDKubernetesDependentResource<ConfigMap, TicketingSale> {

    public ConfigDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(TicketingSale sale, Context<TicketingSale> context) {
        return SaleResources.from(sale, RuntimeImage.defaultImage()).config();
    }
}
