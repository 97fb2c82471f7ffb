package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

/**
 * The runtime's {@code init} role as a Job. A Job's pod template is immutable, so a changed sale
 * (seen as a new config hash) replaces the Job: init runs again, applies the new plan or partitions,
 * and refuses a plan change once seats are sold — which then shows as a failed init.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SaleResources.MANAGED_BY_SELECTOR))
public class InitJobDependent extends CRUDKubernetesDependentResource<Job, TicketingSale> {

    public InitJobDependent() {
        super(Job.class);
    }

    @Override
    protected Job desired(TicketingSale sale, Context<TicketingSale> context) {
        return DesiredSale.of(context).resources().initJob();
    }

    @Override
    public Matcher.Result<Job> match(Job actual, TicketingSale sale, Context<TicketingSale> context) {
        Job desired = desired(sale, context);
        return Matcher.Result.computed(JobCompleted.configHash(actual).equals(JobCompleted.configHash(desired)), desired);
    }

    @Override
    public Job update(Job actual, Job desired, TicketingSale sale, Context<TicketingSale> context) {
        context.getClient().resource(actual).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        return create(desired, sale, context);
    }
}
