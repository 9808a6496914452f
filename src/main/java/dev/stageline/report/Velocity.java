package dev.stageline.report;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * How long leads stayed in a stage before advancing: the number of stays measured and their median,
 * 90th percentile (both nearest-rank) and mean. All three are empty when {@code n} is 0.
 *
 * <pre>{@code
 * Velocity v = Velocity.of(List.of(Duration.ofDays(2), Duration.ofDays(5)));
 * // n=2, median=P2D, p90=P5D, mean=PT84H
 * }</pre>
 */
public record Velocity(
        int n, Optional<Duration> median, Optional<Duration> p90, Optional<Duration> mean) {

    public Velocity {
        if (n < 0
                || (n == 0) != median.isEmpty()
                || median.isEmpty() != p90.isEmpty()
                || p90.isEmpty() != mean.isEmpty()) {
            throw new IllegalArgumentException(
                    "a velocity has all three figures exactly when n > 0, got n=" + n);
        }
    }

    /** The velocity of no stays. */
    public static Velocity none() {
        return new Velocity(0, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The velocity of {@code stays}, in any order. */
    public static Velocity of(Collection<Duration> stays) {
        if (stays.isEmpty()) {
            return none();
        }
        List<Duration> sorted = stays.stream().sorted().toList();
        Duration total = sorted.stream().reduce(Duration.ZERO, Duration::plus);
        return new Velocity(
                sorted.size(),
                Optional.of(nearestRank(sorted, 50)),
                Optional.of(nearestRank(sorted, 90)),
                Optional.of(total.dividedBy(sorted.size())));
    }

    /** The smallest value with at least {@code percent}% of the values at or below it. */
    private static Duration nearestRank(List<Duration> sorted, int percent) {
        int rank = (percent * sorted.size() + 99) / 100;
        return sorted.get(rank - 1);
    }
}
