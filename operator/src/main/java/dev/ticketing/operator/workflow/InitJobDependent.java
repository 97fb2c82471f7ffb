package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

/**
 * The runtime's {@code init} role as a Job. Created, never updated: a Job's pod template is immutable,
 * and init is idempotent, so there is nothing to gain from re-running it on every change.
 */
public class InitJobDependent extends KubernetesDependentResource<Job, TicketingSale>
        implements Creator<Job, TicketingSale>, GarbageCollected<TicketingSale> {

    public InitJobDependent() {
        super(Job.class);
    }

    @Override
    protected Job desired(TicketingSale sale, Context<TicketingSale> context) {
        return SaleResources.from(sale, RuntimeImage.defaultImage()).initJob();
    }
}
