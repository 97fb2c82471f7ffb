package dev.ticketing.operator.autoscaling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one lag sample says once read against the recent ones. The lag that drives scaling leaves out what more
 * consumers would not help with: partitions whose committed offset is invalid (past the log end, or before its
 * start — reported; a consumer resets them and they count again once it committed), partitions standing still for
 * {@link #STALL_WINDOW} while others move (one partition is one consumer's; a stuck one needs a person, not more
 * pods), and the lag of 1 a transaction marker leaves on an idle partition. Rates come from offset movement over
 * {@link #RATE_WINDOW}: end offsets for arrivals, the group's positions for processing.
 *
 * @param saturated whether every sample of the rate window had lag to work on, so the processing rate measured
 *                  the consumers' capacity rather than the arrivals
 */
public record LagAnalysis(long totalLag, long scalingLag, double arrivalPerSecond, double processedPerSecond, boolean ratesKnown,
                          boolean saturated, List<String> invalid, List<Integer> stalled, int markers) {

    public static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    public static final Duration STALL_WINDOW = Duration.ofSeconds(30);

    /** @param earlier samples before {@code current}, oldest first (any age; the windows pick theirs) */
    public static LagAnalysis of(LagSample current, List<LagSample> earlier) {
        List<LagSample> rateWindow = earlier.stream()
                .filter(s -> !s.at().isBefore(current.at().minus(RATE_WINDOW)) && s.at().isBefore(current.at())).toList();
        LagSample rateBase = rateWindow.isEmpty() ? null : rateWindow.getFirst();
        LagSample stallBase = earlier.stream().filter(s -> !s.at().isAfter(current.at().minus(STALL_WINDOW))).reduce((a, b) -> b)
                .orElse(null);

        List<String> invalid = new ArrayList<>();
        List<Integer> stalled = new ArrayList<>();
        int markers = 0;
        long total = 0;
        long scaling = 0;
        Map<Integer, PartitionOffsets> base = byPartition(rateBase);
        Map<Integer, PartitionOffsets> stallFrom = byPartition(stallBase);
        long othersMoved = stallBase == null ? 0 : positions(current) - positions(stallBase);
        for (PartitionOffsets p : current.partitions()) {
            long lag;
            if (p.committed() > p.end()) {
                invalid.add("partition " + p.partition() + ": committed " + p.committed() + " is past the log end " + p.end());
                continue;
            }
            lag = p.end() - Math.max(p.position(), p.logStart());
            total += lag;
            if (p.committed() != PartitionOffsets.NONE && p.committed() < p.logStart()) {
                invalid.add("partition " + p.partition() + ": committed " + p.committed() + " is before the log start "
                        + p.logStart());
                continue;
            }
            PartitionOffsets then = stallFrom.get(p.partition());
            if (lag > 0 && then != null && then.position() == p.position() && othersMoved > 0) {
                stalled.add(p.partition());
                continue;
            }
            PartitionOffsets before = base.get(p.partition());
            if (lag == 1 && p.committed() != PartitionOffsets.NONE && before != null && before.end() == p.end()
                    && before.committed() == p.committed()) {
                markers++;
                continue;
            }
            scaling += lag;
        }
        boolean ratesKnown = rateBase != null;
        double arrival = 0;
        double processed = 0;
        boolean saturated = false;
        if (ratesKnown) {
            double seconds = Duration.between(rateBase.at(), current.at()).toNanos() / 1e9;
            arrival = Math.max(0, ends(current) - ends(rateBase)) / seconds;
            processed = Math.max(0, positions(current) - positions(rateBase)) / seconds;
            saturated = rateWindow.stream().allMatch(s -> lagOf(s) > 0) && scaling > 0;
        }
        return new LagAnalysis(total, scaling, arrival, processed, ratesKnown, saturated, List.copyOf(invalid), List.copyOf(stalled),
                markers);
    }

    private static Map<Integer, PartitionOffsets> byPartition(LagSample sample) {
        Map<Integer, PartitionOffsets> map = new HashMap<>();
        if (sample != null) {
            sample.partitions().forEach(p -> map.put(p.partition(), p));
        }
        return map;
    }

    private static long ends(LagSample sample) {
        return sample.partitions().stream().mapToLong(PartitionOffsets::end).sum();
    }

    private static long positions(LagSample sample) {
        return sample.partitions().stream().mapToLong(p -> Math.min(p.end(), Math.max(p.position(), p.logStart()))).sum();
    }

    private static long lagOf(LagSample sample) {
        return sample.partitions().stream().mapToLong(p -> Math.max(0, p.end() - Math.max(p.position(), p.logStart()))).sum();
    }
}
