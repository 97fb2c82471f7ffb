package dev.ticketing.operator.sale;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The seats a plan lays out: grid and sections (names, order, subsections). Prices, the display name and the
 * per-booking limit are not part of it; they may change while a sale sells, the shape may not once bookings
 * exist. The runtime's {@code SalePlan.sameShapeAs} and the CRD's transition rule say the same (a contract
 * test holds the three together).
 */
public record PlanShape(int rows, int seatsPerRow, List<String> sections) {

    /** The CRD's CEL transition rule, root scope; {@link #RULE_MESSAGE} is what {@code kubectl apply} prints. */
    public static final String RULE = "!has(oldSelf.status) || !has(oldSelf.status.report) "
            + "|| !has(oldSelf.status.report.bookingsAccepted) || oldSelf.status.report.bookingsAccepted == 0 "
            + "|| (self.spec.seating.rows == oldSelf.spec.seating.rows "
            + "&& self.spec.seating.seatsPerRow == oldSelf.spec.seating.seatsPerRow "
            + "&& self.spec.seating.sections.map(s, s.name + ':' + string(s.subsections)) "
            + "== oldSelf.spec.seating.sections.map(s, s.name + ':' + string(s.subsections)))";
    public static final String RULE_MESSAGE = "spec.seating: the plan's shape (rows, seatsPerRow, sections and their "
            + "subsections) cannot change once the sale has bookings; prices and displayName can";

    public static PlanShape of(TicketingSaleSpec.Seating seating) {
        List<String> sections = new ArrayList<>();
        seating.sections.forEach(s -> sections.add(s.name + ":" + s.subsections));
        return new PlanShape(seating.rows, seating.seatsPerRow, sections);
    }

    /** From the runtime's SALE_PLAN JSON, as the sale's ConfigMap holds it. */
    public static PlanShape ofPlanJson(String planJson) {
        JsonNode plan = Serialization.unmarshal(planJson, JsonNode.class);
        List<String> sections = new ArrayList<>();
        plan.path("sections").forEach(s -> sections.add(s.path("name").asText() + ":" + s.path("subsections").asInt()));
        return new PlanShape(plan.path("rows").asInt(), plan.path("seatsPerRow").asInt(), sections);
    }
}
