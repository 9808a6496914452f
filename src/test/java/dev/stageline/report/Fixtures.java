package dev.stageline.report;

import dev.stageline.engine.Transition;
import dev.stageline.model.LifecycleModel;
import dev.stageline.model.SkippedStages;
import dev.stageline.model.Stage;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The model of the worked example in {@code spec/metrics.md} (success path lead, mql, sal with an
 * sla of two days, sql, won; detour recycled; conversion window 90 days) in any time zone, and
 * transitions as the engine records them.
 */
final class Fixtures {

    static final Duration SAL_SLA = Duration.ofDays(2);

    private Fixtures() {}

    static LifecycleModel model(ZoneId zone, DayOfWeek weekStart) {
        return new LifecycleModel(
                "funnel",
                zone,
                weekStart,
                SkippedStages.PASS_THROUGH,
                Duration.ofDays(90),
                List.of(
                        success("lead", Optional.empty()),
                        success("mql", Optional.empty()),
                        success("sal", Optional.of(SAL_SLA)),
                        success("sql", Optional.empty()),
                        success("won", Optional.empty()),
                        new Stage(
                                "recycled",
                                "Recycled",
                                Stage.Kind.DETOUR,
                                Optional.empty(),
                                false)),
                List.of(),
                List.of(),
                Set.of());
    }

    static LifecycleModel utc() {
        return model(ZoneId.of("UTC"), DayOfWeek.MONDAY);
    }

    /** A lead's first transition, from no stage. */
    static Transition first(String lead, String to, Instant at, boolean passedThrough) {
        return transition(lead, Optional.empty(), to, at, passedThrough);
    }

    static Transition move(String lead, String from, String to, Instant at, boolean passedThrough) {
        return transition(lead, Optional.of(from), to, at, passedThrough);
    }

    private static Transition transition(
            String lead, Optional<String> from, String to, Instant at, boolean passedThrough) {
        return new Transition(
                lead,
                from,
                to,
                at,
                "to-" + to,
                Optional.of(lead + "@" + at),
                passedThrough,
                List.of());
    }

    private static Stage success(String id, Optional<Duration> sla) {
        return new Stage(id, id.toUpperCase(Locale.ROOT), Stage.Kind.SUCCESS, sla, false);
    }
}
