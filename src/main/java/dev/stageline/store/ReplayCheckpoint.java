package dev.stageline.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How far the replay towards {@code target} got: the scan position after the last page whose
 * leads were all saved, and the counts so far, so that an interrupted replay resumes there and
 * still reports the whole run. {@code version} increases with every save and guards against two
 * replays running at once.
 *
 * @param source the revision whose states are replayed, the active one when the replay began
 * @param before transitions into each stage under {@code source}, over the leads replayed so far
 * @param after the same under {@code target}
 */
public record ReplayCheckpoint(
        String target,
        String source,
        Phase phase,
        Optional<ScanPosition> position,
        long pages,
        long leads,
        long changed,
        Map<String, Long> before,
        Map<String, Long> after,
        long version,
        Instant updatedAt) {

    /** Where a replay stands: pages still to replay, readers switched, reports recomputed. */
    public enum Phase {
        REPLAYING,
        ACTIVATED,
        REPORTED
    }

    public ReplayCheckpoint {
        before = Map.copyOf(before);
        after = Map.copyOf(after);
    }

    /** A replay from {@code source} to {@code target} that has read nothing yet. */
    public static ReplayCheckpoint start(
            String target, String source, Optional<ReplayCheckpoint> replaced, Instant now) {
        return new ReplayCheckpoint(
                target,
                source,
                Phase.REPLAYING,
                Optional.empty(),
                0,
                0,
                0,
                Map.of(),
                Map.of(),
                replaced.map(r -> r.version() + 1).orElse(1L),
                now);
    }

    /** This checkpoint moved on by one page. */
    public ReplayCheckpoint afterPage(
            Optional<ScanPosition> next,
            long leadsInPage,
            long changedInPage,
            Map<String, Long> beforeInPage,
            Map<String, Long> afterInPage,
            Instant now) {
        return new ReplayCheckpoint(
                target,
                source,
                phase,
                next,
                pages + 1,
                leads + leadsInPage,
                changed + changedInPage,
                sum(before, beforeInPage),
                sum(after, afterInPage),
                version + 1,
                now);
    }

    /** This checkpoint in {@code next} phase. */
    public ReplayCheckpoint inPhase(Phase next, Instant now) {
        return new ReplayCheckpoint(
                target, source, next, position, pages, leads, changed, before, after,
                version + 1, now);
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> total = new TreeMap<>(a);
        b.forEach((stage, count) -> total.merge(stage, count, Long::sum));
        return total;
    }
}
