package dev.ticketing.operator.sale;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A flash ticket sale: {@code kubectl apply} one, {@code kubectl get tsale} to watch it sell out. */
@Group("ticketing.dev")
@Version("v1alpha1")
@ShortNames("tsale")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Sold", jsonPath = ".status.report.ticketsSold", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Total", jsonPath = ".status.report.ticketsTotal", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Consumers", jsonPath = ".status.consumers.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Lag", jsonPath = ".status.consumers.lag", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Sellout", jsonPath = ".status.report.selloutSeconds", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = SaleNames.RULE, message = SaleNames.RULE_MESSAGE)
@ValidationRule(value = PlanShape.RULE, message = PlanShape.RULE_MESSAGE)
public class TicketingSale extends CustomResource<TicketingSaleSpec, TicketingSaleStatus> implements Namespaced {
}
