package dev.stageline.report;

import dev.stageline.engine.DimensionValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Splits the figures by the values one dimension took on each lead, as it was at the instant each
 * figure counts: the transition for entries and exits, the period end for balances.
 *
 * @param timelines per lead key, the dimension's values in the order they were taken
 */
public record Breakdown(String dimension, Map<String, List<DimensionValue>> timelines) {

    /** No split: every figure in one bucket, named by the empty string. */
    static final Breakdown NONE = new Breakdown("", Map.of());

    public Breakdown {
        timelines = Map.copyOf(timelines);
    }

    /**
     * The lead's value at {@code at}: the last taken at or before it when {@code inclusive}, or
     * strictly before it (as for a period end, which a change exactly then does not reach).
     */
    String valueAt(String leadKey, Instant at, boolean inclusive) {
        if (dimension.isEmpty()) {
            return "";
        }
        String value = DimensionValue.NONE;
        for (DimensionValue taken : timeline(leadKey)) {
            boolean reached = inclusive ? !taken.since().isAfter(at) : taken.since().isBefore(at);
            if (!reached) {
                break;
            }
            value = taken.value();
        }
        return value;
    }

    /** The first instant after {@code at} at which the lead's value changes. */
    Optional<Instant> nextChangeAfter(String leadKey, Instant at) {
        return timeline(leadKey).stream()
                .map(DimensionValue::since)
                .filter(since -> since.isAfter(at))
                .findFirst();
    }

    private List<DimensionValue> timeline(String leadKey) {
        return timelines.getOrDefault(leadKey, List.of()).stream()
                .filter(v -> v.dimension().equals(dimension))
                .toList();
    }
}
