package dev.stageline.report;

import java.time.Instant;
import java.util.List;

/**
 * The contiguous periods of a report, searchable by instant: which period holds an instant, and
 * which run of period ends a stay in a stage covers. Every search is a binary search over ends.
 */
final class PeriodIndex {

    private final List<Period> periods;

    PeriodIndex(List<Period> periods) {
        this.periods = List.copyOf(periods);
    }

    int size() {
        return periods.size();
    }

    Period get(int index) {
        return periods.get(index);
    }

    /** The index of the period containing {@code at}, or -1 when it lies outside the report. */
    int periodOf(Instant at) {
        int index = firstEndingAfter(at);
        return index < periods.size() && periods.get(index).contains(at) ? index : -1;
    }

    /** The index of the first period whose end is after {@code at}, or {@link #size()}. */
    int firstEndingAfter(Instant at) {
        int low = 0;
        int high = periods.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (periods.get(middle).endInstant().isAfter(at)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    /** The index of the last period whose end is at or before {@code at}, or -1. */
    int lastEndingBy(Instant at) {
        return firstEndingAfter(at) - 1;
    }
}
