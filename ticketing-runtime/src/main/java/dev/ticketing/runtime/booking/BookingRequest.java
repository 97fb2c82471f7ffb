package dev.ticketing.runtime.booking;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ticketing.runtime.http.ApiException;
import dev.ticketing.runtime.http.JsonBodies;
import dev.ticketing.runtime.sale.SalePlan;
import dev.ticketing.runtime.seating.SeatGrid;

/** A booking request that has passed every check the API can make without the seat map. */
public record BookingRequest(String section, int subsection, BookingMode mode, int quantity, List<String> seats) {

    public static BookingRequest parse(JsonNode body, SalePlan plan) {
        String sectionName = JsonBodies.requiredText(body, "section", 8);
        int subsection = JsonBodies.requiredInt(body, "subsection");
        String modeText = body.has("mode") && !body.get("mode").isNull()
                ? JsonBodies.requiredText(body, "mode", 32) : BookingMode.BEST_AVAILABLE.wireName();
        BookingMode mode = BookingMode.fromWire(modeText).orElseThrow(() ->
                ApiException.badRequest("mode", "mode must be 'best_available' or 'manual'"));

        SalePlan.Section section = plan.section(sectionName).orElseThrow(() ->
                ApiException.notFound("section", "section '" + sectionName + "' does not exist in this sale"));
        if (subsection < 1 || subsection > section.subsections()) {
            throw ApiException.notFound("subsection", "subsection " + subsection + " does not exist in section "
                    + sectionName + " (1.." + section.subsections() + ")");
        }

        JsonNode seatsNode = body.get("seats");
        boolean hasSeats = seatsNode != null && !seatsNode.isNull();
        int max = plan.maxTicketsPerBooking();
        if (mode == BookingMode.BEST_AVAILABLE) {
            if (hasSeats) {
                throw ApiException.badRequest("seats", "seats are chosen by the system in best_available mode; "
                        + "send them only with mode 'manual'");
            }
            int quantity = JsonBodies.requiredInt(body, "quantity");
            requireQuantity(quantity, max);
            return new BookingRequest(sectionName, subsection, mode, quantity, List.of());
        }

        if (!hasSeats) {
            throw ApiException.badRequest("seats", "seats are required in manual mode");
        }
        List<String> seats = manualSeats(seatsNode, SeatGrid.of(plan.rows(), plan.seatsPerRow()), max);
        int quantity = body.has("quantity") && !body.get("quantity").isNull()
                ? JsonBodies.requiredInt(body, "quantity") : seats.size();
        requireQuantity(quantity, max);
        if (quantity != seats.size()) {
            throw ApiException.badRequest("quantity", "quantity " + quantity + " does not match the "
                    + seats.size() + " seats requested");
        }
        return new BookingRequest(sectionName, subsection, mode, quantity, seats);
    }

    private static List<String> manualSeats(JsonNode node, SeatGrid grid, int max) {
        if (!node.isArray()) {
            throw ApiException.badRequest("seats", "seats must be an array of labels like \"2-3\"");
        }
        if (node.isEmpty() || node.size() > max) {
            throw ApiException.badRequest("seats", "between 1 and " + max + " seats may be booked at once");
        }
        List<String> labels = new ArrayList<>(node.size());
        var indexes = new HashSet<Integer>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode seat = node.get(i);
            String field = "seats[" + i + "]";
            if (!seat.isTextual()) {
                throw ApiException.badRequest(field, field + " must be a label like \"2-3\" (row-seat)");
            }
            OptionalInt index = grid.parseLabel(seat.asText());
            if (index.isEmpty()) {
                throw ApiException.badRequest(field, "seat '" + seat.asText() + "' is not in the "
                        + grid.rows() + " rows × " + grid.seatsPerRow() + " seats grid");
            }
            if (!indexes.add(index.getAsInt())) {
                throw ApiException.badRequest(field, "seat '" + seat.asText() + "' is requested twice");
            }
            labels.add(grid.label(index.getAsInt()));
        }
        return List.copyOf(labels);
    }

    private static void requireQuantity(int quantity, int max) {
        if (quantity < 1 || quantity > max) {
            throw ApiException.badRequest("quantity", "quantity must be between 1 and " + max);
        }
    }
}
