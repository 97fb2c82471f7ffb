package dev.ticketing.operator.sale;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Which edits of a live sale take effect: the plan the runtime gets and the partitions the topic should have.
 * A new plan shape once bookings exist is refused (the sale keeps the plan it runs with) and a partition
 * decrease cannot happen (topics never shrink); both are reported instead of failing later. Pure.
 */
public final class LiveEdits {

    public static final String EDIT_REFUSED = "EditRefused";
    public static final String PARTITIONS_NOT_REDUCED = "PartitionsNotReduced";

    public record Decision(String planJson, int partitions, List<Problem> problems) {
    }

    private LiveEdits() {
    }

    /**
     * @param appliedPlanJson  the plan the sale runs with (its ConfigMap's SALE_PLAN), empty before the first apply
     * @param topicPartitions  the topic's partitions as last seen in Kafka, empty before it exists
     * @param bookingsAccepted what the sale's report last said (0 when nobody could book yet)
     */
    public static Decision decide(String wantedPlanJson, int wantedPartitions, Optional<String> appliedPlanJson,
                                  OptionalInt topicPartitions, long bookingsAccepted) {
        List<Problem> problems = new ArrayList<>();
        String plan = wantedPlanJson;
        if (appliedPlanJson.isPresent() && bookingsAccepted > 0
                && !PlanShape.ofPlanJson(appliedPlanJson.get()).equals(PlanShape.ofPlanJson(wantedPlanJson))) {
            plan = appliedPlanJson.get();
            problems.add(Problem.warning(EDIT_REFUSED, "spec.seating: the plan's shape (rows, seatsPerRow, sections and "
                    + "their subsections) cannot change once the sale has bookings (" + bookingsAccepted + " accepted); "
                    + "the sale keeps its current plan until the change is reverted. Prices and displayName can change."));
        }
        int partitions = wantedPartitions;
        if (topicPartitions.isPresent() && topicPartitions.getAsInt() > wantedPartitions) {
            partitions = topicPartitions.getAsInt();
            problems.add(Problem.warning(PARTITIONS_NOT_REDUCED, "kafka.partitions is " + wantedPartitions + " but the topic "
                    + "has " + partitions + "; partitions are never removed, so the sale keeps " + partitions + "."));
        }
        return new Decision(plan, partitions, problems);
    }
}
