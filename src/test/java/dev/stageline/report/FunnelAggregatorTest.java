package dev.stageline.report;

import static dev.stageline.report.Fixtures.first;
import static dev.stageline.report.Fixtures.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stageline.engine.Transition;
import dev.stageline.model.LifecycleModel;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

class FunnelAggregatorTest {

    private static final LifecycleModel UTC = Fixtures.utc();
    private static final LifecycleModel BERLIN =
            Fixtures.model(ZoneId.of("Europe/Berlin"), DayOfWeek.MONDAY);
    private static final Instant LATER = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void aggregate_whenTransitionAt2330OnBerlins25HourDay_countsItOnThatDay() {
        Instant lateEvening = OffsetDateTime.parse("2026-10-25T23:30+01:00").toInstant();

        List<PeriodFigures> days =
                days(
                        BERLIN,
                        "2026-10-25",
                        "2026-10-27",
                        List.of(first("A", "lead", lateEvening, false)));

        assertEquals(List.of(1, 0), entered(days, "lead"));
        assertEquals(List.of(1, 1), balances(days, "lead"));
    }

    @Test
    void aggregate_whenTransitionAt2330OnBerlins23HourDay_countsItOnThatDay() {
        Instant lateEvening = OffsetDateTime.parse("2026-03-29T23:30+02:00").toInstant();
        Instant afterMidnight = OffsetDateTime.parse("2026-03-30T00:30+02:00").toInstant();

        List<PeriodFigures> days =
                days(
                        BERLIN,
                        "2026-03-29",
                        "2026-03-31",
                        List.of(
                                first("A", "lead", lateEvening, false),
                                first("B", "lead", afterMidnight, false)));

        assertEquals(List.of(1, 1), entered(days, "lead"));
        assertEquals(List.of(1, 2), balances(days, "lead"));
    }

    @Test
    void aggregate_whenTransitionAtPeriodEnd_countsInNextPeriodAndNotInEndedBalance() {
        Instant midnight = Instant.parse("2026-02-01T00:00:00Z");

        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-03-01",
                        List.of(
                                first("A", "lead", Instant.parse("2026-01-05T10:00:00Z"), false),
                                move("A", "lead", "mql", midnight, false)));

        assertEquals(List.of(0, 1), entered(months, "mql"));
        assertEquals(List.of(0, 1), balances(months, "mql"));
        assertEquals(List.of(1, 0), balances(months, "lead"));
        assertEquals(List.of(0, 1), months.stream().map(m -> row(m, "lead").exited()).toList());
    }

    @Test
    void aggregate_whenWeeksStartOnSunday_countsSaturdayAndSundayInDifferentWeeks() {
        LifecycleModel sundays = Fixtures.model(ZoneId.of("UTC"), DayOfWeek.SUNDAY);

        List<PeriodFigures> weeks =
                FunnelAggregator.aggregate(
                        sundays,
                        List.of(
                                first("A", "lead", Instant.parse("2026-01-10T12:00:00Z"), false),
                                first("B", "lead", Instant.parse("2026-01-11T12:00:00Z"), false)),
                        Granularity.WEEK,
                        LocalDate.of(2026, 1, 4),
                        LocalDate.of(2026, 1, 18),
                        LATER);

        assertEquals(
                List.of("2026-01-04", "2026-01-11"),
                weeks.stream().map(w -> w.period().label()).toList());
        assertEquals(List.of(1, 1), entered(weeks, "lead"));
    }

    @Test
    void aggregate_whenQuarters_countsEachTransitionInItsQuarter() {
        List<PeriodFigures> quarters =
                FunnelAggregator.aggregate(
                        BERLIN,
                        List.of(
                                first("A", "lead", Instant.parse("2026-03-31T21:59:59Z"), false),
                                first("B", "lead", Instant.parse("2026-03-31T22:00:00Z"), false)),
                        Granularity.QUARTER,
                        LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 7, 1),
                        LATER);

        assertEquals(
                List.of("2026-Q1", "2026-Q2"),
                quarters.stream().map(q -> q.period().label()).toList());
        assertEquals(List.of(1, 1), entered(quarters, "lead"));
        assertEquals(List.of(1, 2), balances(quarters, "lead"));
    }

    @Test
    void aggregate_whenLeadReentersStageInOnePeriod_countsEntriesTwiceAndLeadOnce() {
        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-02-01",
                        List.of(
                                first("A", "mql", at("2026-01-02"), false),
                                move("A", "mql", "recycled", at("2026-01-05"), false),
                                move("A", "recycled", "mql", at("2026-01-09"), false)));

        StageFigures mql = row(months.get(0), "mql");
        assertEquals(2, mql.entered());
        assertEquals(1, mql.enteredLeads());
        assertEquals(new Conversion("sal", 0, 1, true), mql.toNext().orElseThrow());
    }

    @Test
    void aggregate_whenLeavingADetourForTheSuccessPath_isExitedButNotAdvanced() {
        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-02-01",
                        List.of(
                                first("A", "mql", at("2026-01-02"), false),
                                move("A", "mql", "recycled", at("2026-01-05"), false),
                                move("A", "recycled", "sql", at("2026-01-09"), false)));

        StageFigures recycled = row(months.get(0), "recycled");
        StageFigures mql = row(months.get(0), "mql");
        assertEquals(1, recycled.exited());
        assertEquals(0, recycled.advanced());
        assertEquals(Velocity.none(), recycled.velocity());
        assertEquals(1, mql.exited());
        assertEquals(0, mql.advanced());
    }

    @Test
    void aggregate_whenMovingBackAlongThePath_isExitedButNotAdvanced() {
        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-02-01",
                        List.of(
                                first("A", "sql", at("2026-01-02"), false),
                                move("A", "sql", "mql", at("2026-01-05"), false)));

        StageFigures sql = row(months.get(0), "sql");
        assertEquals(1, sql.exited());
        assertEquals(0, sql.advanced());
        assertEquals(Velocity.none(), sql.velocity());
    }

    @Test
    void aggregate_whenTransitionsArriveOutOfOrder_ordersByTimeThenByInput() {
        Instant jump = at("2026-02-10");
        // Lead C's history given newest first, its pass-through chain in recorded order, and
        // interleaved with another lead.
        List<Transition> mixed =
                List.of(
                        move("C", "lead", "mql", jump, true),
                        first("D", "lead", at("2026-02-02"), false),
                        move("C", "mql", "sal", jump, true),
                        move("C", "sal", "sql", jump, false),
                        first("C", "lead", at("2026-01-28"), false));

        List<PeriodFigures> months = months(UTC, "2026-01-01", "2026-03-01", mixed);

        assertEquals(List.of(1, 1), balances(months, "lead"));
        assertEquals(List.of(0, 1), balances(months, "sql"));
        assertEquals(List.of(0, 0), balances(months, "mql"));
        assertEquals(List.of(0, 0), balances(months, "sal"));
        assertEquals(
                Optional.of(Duration.ofDays(13)), row(months.get(1), "lead").velocity().median());
    }

    @Test
    void aggregate_whenLeadLeavesExactlyAtSlaDue_isNoBreach() {
        Instant entry = at("2026-01-12");

        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-02-01",
                        List.of(
                                first("A", "sal", entry, false),
                                move("A", "sal", "sql", entry.plus(Fixtures.SAL_SLA), false)));

        assertEquals(Optional.of(0), row(months.get(0), "sal").slaBreaches());
    }

    @Test
    void aggregate_whenLeadLeavesJustAfterSlaDue_isOneBreach() {
        Instant entry = at("2026-01-12");

        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-02-01",
                        List.of(
                                first("A", "sal", entry, false),
                                move(
                                        "A",
                                        "sal",
                                        "sql",
                                        entry.plus(Fixtures.SAL_SLA).plusSeconds(1),
                                        false)));

        assertEquals(Optional.of(1), row(months.get(0), "sal").slaBreaches());
        assertEquals(Optional.of(0), row(months.get(0), "sal").slaPastDue());
    }

    @Test
    void aggregate_whenSlaFallsDueInNextPeriod_breachCountsThere() {
        Instant entry = Instant.parse("2026-01-31T12:00:00Z");

        List<PeriodFigures> months =
                months(UTC, "2026-01-01", "2026-03-01", List.of(first("A", "sal", entry, false)));

        assertEquals(
                List.of(Optional.of(0), Optional.of(1)),
                months.stream().map(m -> row(m, "sal").slaBreaches()).toList());
        assertEquals(
                List.of(Optional.of(0), Optional.of(1)),
                months.stream().map(m -> row(m, "sal").slaPastDue()).toList());
    }

    @Test
    void aggregate_whenTwoOverdueStaysOfOneLeadInAPeriod_countsOneBreach() {
        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-02-01",
                        List.of(
                                first("A", "sal", at("2026-01-02"), false),
                                move("A", "sal", "recycled", at("2026-01-06"), false),
                                move("A", "recycled", "sal", at("2026-01-10"), false),
                                move("A", "sal", "sql", at("2026-01-20"), false)));

        assertEquals(Optional.of(1), row(months.get(0), "sal").slaBreaches());
    }

    @Test
    void aggregate_whenEntryWasPassedThrough_startsNoSlaClock() {
        // The rest of the chain is missing, as in a truncated export: the lead still counts in
        // the balance, but passing through never makes it overdue.
        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-02-01",
                        List.of(first("A", "sal", at("2026-01-02"), true)));

        StageFigures sal = row(months.get(0), "sal");
        assertEquals(1, sal.balance());
        assertEquals(Optional.of(0), sal.slaBreaches());
        assertEquals(Optional.of(0), sal.slaPastDue());
    }

    @Test
    void aggregate_whenStageHasNoSla_slaFiguresAreEmpty() {
        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-02-01",
                        List.of(first("A", "mql", at("2026-01-02"), false)));

        assertEquals(Optional.empty(), row(months.get(0), "mql").slaBreaches());
        assertEquals(Optional.empty(), row(months.get(0), "mql").slaPastDue());
    }

    @Test
    void aggregate_whenSlaFallsDueAfterAsOf_isNeitherBreachNorPastDueYet() {
        Instant asOf = Instant.parse("2026-03-15T00:00:00Z");

        List<PeriodFigures> months =
                FunnelAggregator.aggregate(
                        UTC,
                        List.of(
                                first("A", "sal", Instant.parse("2026-03-14T00:00:00Z"), false),
                                first("B", "sal", Instant.parse("2026-03-12T00:00:00Z"), false)),
                        Granularity.MONTH,
                        LocalDate.of(2026, 3, 1),
                        LocalDate.of(2026, 4, 1),
                        asOf);

        StageFigures sal = row(months.get(0), "sal");
        assertEquals(true, months.get(0).partial());
        assertEquals(2, sal.balance());
        assertEquals(Optional.of(1), sal.slaBreaches());
        assertEquals(Optional.of(1), sal.slaPastDue());
    }

    @Test
    void aggregate_whenTransitionsAtOrAfterAsOf_ignoresThem() {
        Instant asOf = Instant.parse("2026-03-15T00:00:00Z");

        List<PeriodFigures> months =
                FunnelAggregator.aggregate(
                        UTC,
                        List.of(
                                first("A", "lead", Instant.parse("2026-03-02T00:00:00Z"), false),
                                move("A", "lead", "mql", asOf, false),
                                first("B", "lead", asOf.plusSeconds(60), false)),
                        Granularity.MONTH,
                        LocalDate.of(2026, 3, 1),
                        LocalDate.of(2026, 4, 1),
                        asOf);

        StageFigures lead = row(months.get(0), "lead");
        assertEquals(1, lead.entered());
        assertEquals(0, lead.exited());
        assertEquals(1, lead.balance());
        assertEquals(0, row(months.get(0), "mql").entered());
    }

    @Test
    void aggregate_whenTargetEnteredExactlyAtWindowEnd_converts() {
        Instant entry = at("2026-01-05");
        Duration window = UTC.conversionWindow();

        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-02-01",
                        List.of(
                                first("A", "mql", entry, false),
                                move("A", "mql", "sal", entry.plus(window), false),
                                first("B", "mql", entry, false),
                                move("B", "mql", "sal", entry.plus(window).plusSeconds(1), false)));

        assertEquals(
                new Conversion("sal", 1, 2, true),
                row(months.get(0), "mql").toNext().orElseThrow());
    }

    @Test
    void aggregate_whenLeadReentersInLaterPeriod_isInBothCohortsFromEachFirstEntry() {
        List<PeriodFigures> months =
                months(
                        UTC,
                        "2026-01-01",
                        "2026-03-01",
                        List.of(
                                first("A", "mql", at("2026-01-05"), false),
                                move("A", "mql", "recycled", at("2026-01-20"), false),
                                move("A", "recycled", "mql", at("2026-02-03"), false),
                                move("A", "mql", "sal", at("2026-02-04"), false)));

        assertEquals(
                List.of(new Conversion("sal", 1, 1, true), new Conversion("sal", 1, 1, true)),
                months.stream().map(m -> row(m, "mql").toNext().orElseThrow()).toList());
    }

    @Test
    void aggregate_whenWindowClosesExactlyAtAsOf_conversionIsComplete() {
        Instant januaryEnd = Instant.parse("2026-02-01T00:00:00Z");
        Instant asOf = januaryEnd.plus(UTC.conversionWindow());

        List<PeriodFigures> months =
                FunnelAggregator.aggregate(
                        UTC,
                        List.of(first("A", "mql", at("2026-01-05"), false)),
                        Granularity.MONTH,
                        LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 3, 1),
                        asOf);

        assertEquals(
                List.of(true, false),
                months.stream().map(m -> row(m, "mql").toNext().orElseThrow().complete()).toList());
    }

    @Test
    void aggregate_whenToIsNotAfterFrom_throws() {
        LocalDate day = LocalDate.of(2026, 3, 1);

        assertThrows(
                IllegalArgumentException.class,
                () ->
                        FunnelAggregator.aggregate(
                                UTC, List.of(), Granularity.DAY, day, day.minusDays(1), LATER));
    }

    @Test
    void aggregate_whenNoTransitions_everyStageIsZeroInEveryPeriod() {
        List<PeriodFigures> days = days(UTC, "2026-01-01", "2026-01-03", List.of());

        assertEquals(2, days.size());
        assertEquals(List.of(0, 0), balances(days, "lead"));
        assertEquals(
                new StageFigures(
                        "sal",
                        0,
                        0,
                        0,
                        0,
                        0,
                        Velocity.none(),
                        Optional.of(0),
                        Optional.of(0),
                        Optional.of(new Conversion("sql", 0, 0, true)),
                        Optional.of(new Conversion("won", 0, 0, true))),
                row(days.get(1), "sal"));
    }

    private static List<PeriodFigures> days(
            LifecycleModel model, String from, String to, List<Transition> transitions) {
        return FunnelAggregator.aggregate(
                model,
                transitions,
                Granularity.DAY,
                LocalDate.parse(from),
                LocalDate.parse(to),
                LATER);
    }

    private static List<PeriodFigures> months(
            LifecycleModel model, String from, String to, List<Transition> transitions) {
        return FunnelAggregator.aggregate(
                model,
                transitions,
                Granularity.MONTH,
                LocalDate.parse(from),
                LocalDate.parse(to),
                LATER);
    }

    private static List<Integer> entered(List<PeriodFigures> periods, String stage) {
        return periods.stream().map(p -> row(p, stage).entered()).toList();
    }

    private static List<Integer> balances(List<PeriodFigures> periods, String stage) {
        return periods.stream().map(p -> row(p, stage).balance()).toList();
    }

    private static StageFigures row(PeriodFigures period, String stage) {
        return period.stage(stage).orElseThrow();
    }

    private static Instant at(String date) {
        return Instant.parse(date + "T10:00:00Z");
    }
}
