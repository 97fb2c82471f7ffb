package dev.ticketing.runtime.booking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A booking as its owner sees it ({@code GET /api/v1/bookings/{id}} and each SSE event). */
public record BookingView(UUID id, UUID accountId, BookingStatus status, String section, int subsection,
                          List<String> seats, int totalPrice, String failureReason) {

    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id.toString());
        body.put("status", status.wireName());
        body.put("section", section);
        body.put("subsection", subsection);
        body.put("seats", seats);
        body.put("totalPrice", totalPrice);
        if (failureReason != null) {
            body.put("failureReason", failureReason);
        }
        return body;
    }
}
