package dev.ticketing.runtime.sale;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.ticketing.runtime.Json;
import dev.ticketing.runtime.config.InvalidConfigException;

/**
 * The seating plan of a sale: sections (a price each) of identical subsections, each a grid of
 * {@code rows × seatsPerRow} seats — the seed system's compact format.
 */
public record SalePlan(String displayName, int rows, int seatsPerRow, int maxTicketsPerBooking, List<Section> sections) {

    /** Larger grids make the per-booking Lua scan slow; larger sales are split into more subsections. */
    public static final int MAX_SEATS_PER_SUBSECTION = 10_000;
    public static final int MAX_TICKETS_TOTAL = 5_000_000;

    private static final Pattern SECTION_NAME = Pattern.compile("[A-Z]");

    public record Section(String name, int price, int subsections) {
    }

    public SalePlan {
        sections = List.copyOf(sections);
        validate(rows, seatsPerRow, maxTicketsPerBooking, sections);
    }

    public int seatsPerSubsection() {
        return rows * seatsPerRow;
    }

    public long ticketsTotal() {
        long total = 0;
        for (Section s : sections) {
            total += (long) s.subsections() * seatsPerSubsection();
        }
        return total;
    }

    /**
     * Whether both plans lay out the same seats: grid and sections (names, order, subsections). Prices, the
     * display name and the per-booking limit are not part of the shape; they may change while a sale sells.
     */
    public boolean sameShapeAs(SalePlan other) {
        if (rows != other.rows || seatsPerRow != other.seatsPerRow || sections.size() != other.sections.size()) {
            return false;
        }
        for (int i = 0; i < sections.size(); i++) {
            Section mine = sections.get(i);
            Section theirs = other.sections.get(i);
            if (!mine.name().equals(theirs.name()) || mine.subsections() != theirs.subsections()) {
                return false;
            }
        }
        return true;
    }

    public Optional<Section> section(String name) {
        for (Section s : sections) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static SalePlan parse(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidConfigException("SALE_PLAN is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConfigException("SALE_PLAN must be a JSON object");
        }
        JsonNode sections = root.path("sections");
        if (!sections.isArray() || sections.isEmpty()) {
            throw new InvalidConfigException("SALE_PLAN.sections must be a non-empty array");
        }
        var parsed = new java.util.ArrayList<Section>();
        for (int i = 0; i < sections.size(); i++) {
            JsonNode s = sections.get(i);
            String at = "SALE_PLAN.sections[" + i + "]";
            parsed.add(new Section(text(s, "name", at), integer(s, "price", at), integer(s, "subsections", at)));
        }
        return new SalePlan(root.path("displayName").asText(""), integer(root, "rows", "SALE_PLAN"),
                integer(root, "seatsPerRow", "SALE_PLAN"),
                root.has("maxTicketsPerBooking") ? integer(root, "maxTicketsPerBooking", "SALE_PLAN") : 4, parsed);
    }

    public String toJson() {
        return Json.writeString(this);
    }

    private static String text(JsonNode node, String field, String at) {
        JsonNode v = node.path(field);
        if (!v.isTextual()) {
            throw new InvalidConfigException(at + "." + field + " must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, String field, String at) {
        JsonNode v = node.path(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new InvalidConfigException(at + "." + field + " must be an integer");
        }
        return v.intValue();
    }

    private static void validate(int rows, int seatsPerRow, int maxTickets, List<Section> sections) {
        if (rows < 1 || seatsPerRow < 1) {
            throw new InvalidConfigException("sale plan: rows and seatsPerRow must be at least 1");
        }
        if ((long) rows * seatsPerRow > MAX_SEATS_PER_SUBSECTION) {
            throw new InvalidConfigException("sale plan: rows × seatsPerRow must be at most " + MAX_SEATS_PER_SUBSECTION
                    + " (use more subsections for larger sales)");
        }
        if (maxTickets < 1 || maxTickets > 10) {
            throw new InvalidConfigException("sale plan: maxTicketsPerBooking must be between 1 and 10");
        }
        if (sections.isEmpty()) {
            throw new InvalidConfigException("sale plan: at least one section is required");
        }
        var names = new HashSet<String>();
        long total = 0;
        for (Section s : sections) {
            if (s.name() == null || !SECTION_NAME.matcher(s.name()).matches()) {
                throw new InvalidConfigException("sale plan: section name must be one letter A-Z, got '" + s.name() + "'");
            }
            if (!names.add(s.name())) {
                throw new InvalidConfigException("sale plan: section " + s.name() + " appears twice");
            }
            if (s.price() < 0) {
                throw new InvalidConfigException("sale plan: section " + s.name() + " price must be >= 0");
            }
            if (s.subsections() < 1) {
                throw new InvalidConfigException("sale plan: section " + s.name() + " needs at least 1 subsection");
            }
            total += (long) s.subsections() * rows * seatsPerRow;
        }
        if (total > MAX_TICKETS_TOTAL) {
            throw new InvalidConfigException("sale plan: " + total + " seats exceed the supported " + MAX_TICKETS_TOTAL);
        }
    }

    /** The seed's 1,000-seat layout: sections A–J priced 3000…800, 10 subsections of 2 rows × 5 seats. */
    public static SalePlan seedLayout(String displayName) {
        int[] prices = {3000, 2800, 2500, 2200, 2000, 1800, 1500, 1200, 1000, 800};
        var sections = new java.util.ArrayList<Section>();
        for (int i = 0; i < prices.length; i++) {
            sections.add(new Section(String.valueOf((char) ('A' + i)), prices[i], 10));
        }
        return new SalePlan(displayName, 2, 5, 4, sections);
    }
}
