package dev.ticketing.runtime.booking;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import dev.ticketing.runtime.Json;

/**
 * A command on the sale's Kafka topic, keyed by subsection so that one subsection's commands stay
 * in one partition, in order. {@code acceptedAtMillis} is when the API accepted the booking.
 */
public record BookingCommand(Type type, UUID bookingId, UUID accountId, String section, int subsection,
                             String mode, int quantity, List<String> seats, long acceptedAtMillis) {

    public enum Type { BOOK, RELEASE }

    public static BookingCommand book(UUID bookingId, UUID accountId, BookingRequest request, long acceptedAtMillis) {
        return new BookingCommand(Type.BOOK, bookingId, accountId, request.section(), request.subsection(),
                request.mode().wireName(), request.quantity(), request.seats(), acceptedAtMillis);
    }

    public static BookingCommand release(UUID bookingId, UUID accountId, String section, int subsection) {
        return new BookingCommand(Type.RELEASE, bookingId, accountId, section, subsection, null, 0, List.of(),
                System.currentTimeMillis());
    }

    public String partitionKey() {
        return section + ":" + subsection;
    }

    public byte[] toBytes() {
        return Json.write(this);
    }

    public static BookingCommand fromBytes(byte[] bytes) throws IOException {
        BookingCommand command = Json.MAPPER.readValue(bytes, BookingCommand.class);
        if (command.type() == null || command.bookingId() == null || command.section() == null) {
            throw new IOException("command lacks type, bookingId or section");
        }
        return command;
    }
}
