package dev.stageline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stageline.engine.Transition;
import dev.stageline.model.LifecycleModel;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The worked example of {@code spec/metrics.md}, "Worked example", figure by figure. Each expected
 * row lists every figure of the stage; the comments name the leads behind them.
 */
class WorkedExampleTest {

    static final LifecycleModel MODEL = Fixtures.utc();

    /** The transitions as the engine records them, pass-through included. */
    static final List<Transition> TRANSITIONS =
            List.of(
                    first("A", "lead", "2026-01-05", false),
                    move("A", "lead", "mql", "2026-01-10", false),
                    move("A", "mql", "sal", "2026-01-12", false),
                    move("A", "sal", "sql", "2026-02-03", false),
                    move("A", "sql", "won", "2026-03-01", false),
                    first("B", "lead", "2026-01-20", true),
                    move("B", "lead", "mql", "2026-01-20", false),
                    move("B", "mql", "recycled", "2026-02-25", false),
                    first("C", "lead", "2026-01-28", false),
                    move("C", "lead", "mql", "2026-02-10", true),
                    move("C", "mql", "sal", "2026-02-10", true),
                    move("C", "sal", "sql", "2026-02-10", false),
                    first("D", "lead", "2026-02-02", false),
                    move("D", "lead", "mql", "2026-02-15", false));

    static final Instant AS_OF = Instant.parse("2026-03-15T00:00:00Z");

    private static final Velocity NONE = Velocity.none();
    private static final Optional<Integer> NO_SLA = Optional.empty();
    private static final Optional<Conversion> NO_TARGET = Optional.empty();

    private final List<PeriodFigures> months =
            FunnelAggregator.aggregate(
                    MODEL,
                    TRANSITIONS,
                    Granularity.MONTH,
                    LocalDate.of(2026, 1, 1),
                    LocalDate.of(2026, 3, 1),
                    AS_OF);

    @Test
    void aggregate_whenWorkedExample_givesJanuaryAndFebruaryNotPartial() {
        assertEquals(
                List.of("2026-01", "2026-02"),
                months.stream().map(m -> m.period().label()).toList());
        assertEquals(List.of(false, false), months.stream().map(PeriodFigures::partial).toList());
        assertEquals(
                List.of("lead", "mql", "sal", "sql", "won", "recycled"),
                january().stages().stream().map(StageFigures::stage).toList());
    }

    @Test
    void aggregate_whenWorkedExampleJanuary_leadRowMatchesSpec() {
        // entered A, B (passing through), C; exited and advanced A, B; balance C;
        // velocity A only (5 days), as B passed through. Cohort A, B, C all reach MQL; A wins.
        assertEquals(
                new StageFigures(
                        "lead",
                        3,
                        3,
                        2,
                        2,
                        1,
                        days(1, 5, 5, 5),
                        NO_SLA,
                        NO_SLA,
                        open("mql", 3, 3),
                        open("won", 1, 3)),
                row(january(), "lead"));
    }

    @Test
    void aggregate_whenWorkedExampleJanuary_mqlRowMatchesSpec() {
        // entered A, B; exited A; balance B; velocity A, 2 days.
        // Conversion MQL -> SAL 1 of 2 (A; B never reached SAL), MQL -> Won 1 of 2 (A, 50 days).
        assertEquals(
                new StageFigures(
                        "mql",
                        2,
                        2,
                        1,
                        1,
                        1,
                        days(1, 2, 2, 2),
                        NO_SLA,
                        NO_SLA,
                        open("sal", 1, 2),
                        open("won", 1, 2)),
                row(january(), "mql"));
    }

    @Test
    void aggregate_whenWorkedExampleJanuary_salRowMatchesSpec() {
        // entered A, still there at 02-01: one breach (due 01-14) and past due at the end.
        assertEquals(
                new StageFigures(
                        "sal",
                        1,
                        1,
                        0,
                        0,
                        1,
                        NONE,
                        Optional.of(1),
                        Optional.of(1),
                        open("sql", 1, 1),
                        open("won", 1, 1)),
                row(january(), "sal"));
    }

    @Test
    void aggregate_whenWorkedExampleJanuary_laterStagesAreEmpty() {
        assertEquals(
                new StageFigures(
                        "sql",
                        0,
                        0,
                        0,
                        0,
                        0,
                        NONE,
                        NO_SLA,
                        NO_SLA,
                        open("won", 0, 0),
                        open("won", 0, 0)),
                row(january(), "sql"));
        assertEquals(
                new StageFigures("won", 0, 0, 0, 0, 0, NONE, NO_SLA, NO_SLA, NO_TARGET, NO_TARGET),
                row(january(), "won"));
        assertEquals(
                new StageFigures(
                        "recycled", 0, 0, 0, 0, 0, NONE, NO_SLA, NO_SLA, NO_TARGET, NO_TARGET),
                row(january(), "recycled"));
    }

    @Test
    void aggregate_whenWorkedExampleFebruary_leadRowMatchesSpec() {
        // entered D; exited and advanced C (13 days) and D (13 days); balance 0.
        assertEquals(
                new StageFigures(
                        "lead",
                        1,
                        1,
                        2,
                        2,
                        0,
                        days(2, 13, 13, 13),
                        NO_SLA,
                        NO_SLA,
                        open("mql", 1, 1),
                        open("won", 0, 1)),
                row(february(), "lead"));
    }

    @Test
    void aggregate_whenWorkedExampleFebruary_mqlRowMatchesSpec() {
        // entered C (passing through), D; exited B to Recycled and C; advanced C only, whose
        // stay was passed through, so no velocity; balance D.
        // Conversion MQL -> SAL 1 of 2 (C, by passing through; D not yet).
        assertEquals(
                new StageFigures(
                        "mql",
                        2,
                        2,
                        2,
                        1,
                        1,
                        NONE,
                        NO_SLA,
                        NO_SLA,
                        open("sal", 1, 2),
                        open("won", 0, 2)),
                row(february(), "mql"));
    }

    @Test
    void aggregate_whenWorkedExampleFebruary_salRowMatchesSpec() {
        // entered C (passing through, so no SLA clock); exited and advanced A (22 days) and C
        // (passed through, no velocity); balance 0; A's breach fell in January.
        assertEquals(
                new StageFigures(
                        "sal",
                        1,
                        1,
                        2,
                        2,
                        0,
                        days(1, 22, 22, 22),
                        Optional.of(0),
                        Optional.of(0),
                        open("sql", 1, 1),
                        open("won", 0, 1)),
                row(february(), "sal"));
    }

    @Test
    void aggregate_whenWorkedExampleFebruary_sqlRowMatchesSpec() {
        // entered A, C; balance A, C; A reached Won on 03-01, 26 days after its SQL entry.
        assertEquals(
                new StageFigures(
                        "sql",
                        2,
                        2,
                        0,
                        0,
                        2,
                        NONE,
                        NO_SLA,
                        NO_SLA,
                        open("won", 1, 2),
                        open("won", 1, 2)),
                row(february(), "sql"));
    }

    @Test
    void aggregate_whenWorkedExampleFebruary_recycledRowMatchesSpec() {
        assertEquals(
                new StageFigures(
                        "recycled", 1, 1, 0, 0, 1, NONE, NO_SLA, NO_SLA, NO_TARGET, NO_TARGET),
                row(february(), "recycled"));
    }

    @Test
    void aggregate_whenWorkedExampleFebruary_wonIsEmpty() {
        assertEquals(
                new StageFigures("won", 0, 0, 0, 0, 0, NONE, NO_SLA, NO_SLA, NO_TARGET, NO_TARGET),
                row(february(), "won"));
    }

    @Test
    void aggregate_whenWorkedExampleConversions_matchTheSpecText() {
        Conversion mqlToSalJanuary = row(january(), "mql").toNext().orElseThrow();
        Conversion mqlToSalFebruary = row(february(), "mql").toNext().orElseThrow();
        Conversion mqlToWonJanuary = row(january(), "mql").toLast().orElseThrow();

        assertEquals(new Conversion("sal", 1, 2, false), mqlToSalJanuary);
        assertEquals(new Conversion("sal", 1, 2, false), mqlToSalFebruary);
        assertEquals(new Conversion("won", 1, 2, false), mqlToWonJanuary);
    }

    @Test
    void aggregate_whenWorkedExampleRunsIntoMarch_marchIsPartialWithWonEntered() {
        List<PeriodFigures> withMarch =
                FunnelAggregator.aggregate(
                        MODEL,
                        TRANSITIONS,
                        Granularity.MONTH,
                        LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 4, 1),
                        AS_OF);
        PeriodFigures march = withMarch.get(2);

        assertEquals("2026-03", march.period().label());
        assertEquals(true, march.partial());
        // A leaves SQL for Won on 03-01, 26 days after entering SQL.
        assertEquals(
                new StageFigures(
                        "sql",
                        0,
                        0,
                        1,
                        1,
                        1,
                        days(1, 26, 26, 26),
                        NO_SLA,
                        NO_SLA,
                        open("won", 0, 0),
                        open("won", 0, 0)),
                row(march, "sql"));
        assertEquals(
                new StageFigures("won", 1, 1, 0, 0, 1, NONE, NO_SLA, NO_SLA, NO_TARGET, NO_TARGET),
                row(march, "won"));
        assertEquals(
                List.of(0, 1, 0, 1, 1, 1),
                march.stages().stream().map(StageFigures::balance).toList());
    }

    private PeriodFigures january() {
        return months.get(0);
    }

    private PeriodFigures february() {
        return months.get(1);
    }

    static StageFigures row(PeriodFigures period, String stage) {
        return period.stage(stage).orElseThrow();
    }

    private static Optional<Conversion> open(String target, int converted, int cohort) {
        return Optional.of(new Conversion(target, converted, cohort, false));
    }

    /** A velocity of {@code n} stays with the median, p90 and mean given in days. */
    private static Velocity days(int n, long median, long p90, long mean) {
        return new Velocity(
                n,
                Optional.of(Duration.ofDays(median)),
                Optional.of(Duration.ofDays(p90)),
                Optional.of(Duration.ofDays(mean)));
    }

    private static Transition first(String lead, String to, String date, boolean passedThrough) {
        return Fixtures.first(lead, to, tenAm(date), passedThrough);
    }

    private static Transition move(
            String lead, String from, String to, String date, boolean passedThrough) {
        return Fixtures.move(lead, from, to, tenAm(date), passedThrough);
    }

    private static Instant tenAm(String date) {
        return Instant.parse(date + "T10:00:00Z");
    }
}
