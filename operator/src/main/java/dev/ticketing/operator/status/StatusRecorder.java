package dev.ticketing.operator.status;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;

import dev.ticketing.operator.sale.SaleStatusCalculator;
import dev.ticketing.operator.sale.TicketingSale;
import dev.ticketing.operator.sale.TicketingSaleStatus;

/**
 * The one writer of a sale's status. It writes when the computed status differs from the copy the
 * reconciliation started from (the API server's, as the informer has it), through JOSDK's
 * {@code PrimaryUpdateAndCacheUtils}, so the next reconciliation sees what was just written; a status that
 * was wiped or lost is therefore simply written again. Events go out only after the write succeeded.
 */
public final class StatusRecorder {

    private final SaleEvents events;

    public StatusRecorder(SaleEvents events) {
        this.events = events;
    }

    public void record(TicketingSale sale, Context<TicketingSale> context, TicketingSaleStatus status, List<SaleEvent> extra) {
        TicketingSaleStatus previous = sale.getStatus();
        if (!Objects.equals(previous, status)) {
            // The copy keeps the informer's object untouched if the write fails.
            TicketingSale copy = context.getClient().getKubernetesSerialization().clone(sale);
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(copy, context, s -> {
                s.setStatus(status);
                return s;
            });
        }
        changes(previous, status).forEach(e -> events.record(context.getClient(), sale, e));
        extra.forEach(e -> events.record(context.getClient(), sale, e));
    }

    /** What a person should hear about the step from one status to the next. Pure. */
    public static List<SaleEvent> changes(TicketingSaleStatus previous, TicketingSaleStatus next) {
        var result = new java.util.ArrayList<SaleEvent>();
        String before = previous == null ? null : previous.phase;
        if (!Objects.equals(before, next.phase)) {
            String message = (before == null ? "" : before + " -> ") + next.phase;
            if ("Failed".equals(next.phase)) {
                result.add(SaleEvent.warning("Failed", message + ": " + condition(next, SaleStatusCalculator.READY)
                        .map(Condition::getMessage).orElse("")));
            } else {
                result.add(SaleEvent.normal("PhaseChanged", message));
            }
        }
        Optional<Condition> degraded = condition(next, SaleStatusCalculator.DEGRADED).filter(c -> "True".equals(c.getStatus()));
        Optional<String> degradedBefore = condition(previous, SaleStatusCalculator.DEGRADED)
                .filter(c -> "True".equals(c.getStatus())).map(Condition::getMessage);
        degraded.filter(c -> !degradedBefore.equals(Optional.of(c.getMessage())))
                .ifPresent(c -> result.add(SaleEvent.warning(c.getReason(), c.getMessage())));
        return result;
    }

    private static Optional<Condition> condition(TicketingSaleStatus status, String type) {
        if (status == null || status.conditions == null) {
            return Optional.empty();
        }
        return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
