package dev.ticketing.operator.workflow;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

import dev.ticketing.operator.resources.SaleResources;
import dev.ticketing.operator.sale.TicketingSale;

/**
 * The runtime's deployments wait for init: schema, sale and seat map must exist first — for the
 * sale's current configuration, so a Job left from an earlier configuration does not count.
 */
public class JobCompleted implements Condition<Job, TicketingSale> {

    @Override
    public boolean isMet(DependentResource<Job, TicketingSale> dependent, TicketingSale sale, Context<TicketingSale> context) {
        String initHash = DesiredSale.of(context).resources().initHash();
        return dependent.getSecondaryResource(sale, context).filter(job -> isCurrent(job, initHash))
                .map(JobCompleted::succeeded).orElse(false);
    }

    /** Whether the Job ran init for the configuration the sale should have now. */
    public static boolean isCurrent(Job job, String initHash) {
        return configHash(job).equals(initHash);
    }

    static String configHash(Job job) {
        var metadata = job.getSpec() == null || job.getSpec().getTemplate() == null ? null : job.getSpec().getTemplate().getMetadata();
        var annotations = metadata == null ? null : metadata.getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault(SaleResources.CONFIG_HASH, "");
    }

    public static boolean succeeded(Job job) {
        return job.getStatus() != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0;
    }

    public static boolean failed(Job job) {
        return job.getStatus() != null && job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
