package dev.stageline.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stageline.model.LifecycleModel;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

class PeriodTest {

    private static final LifecycleModel BERLIN =
            Fixtures.model(ZoneId.of("Europe/Berlin"), DayOfWeek.MONDAY);

    @Test
    void containing_whenBerlinSpringsForward_dayLasts23Hours() {
        Period day = Period.containing(Granularity.DAY, LocalDate.of(2026, 3, 29), BERLIN);

        assertEquals(Instant.parse("2026-03-28T23:00:00Z"), day.startInstant());
        assertEquals(Instant.parse("2026-03-29T22:00:00Z"), day.endInstant());
        assertEquals(Duration.ofHours(23), Duration.between(day.startInstant(), day.endInstant()));
        assertEquals("2026-03-29", day.label());
    }

    @Test
    void containing_whenBerlinFallsBack_dayLasts25Hours() {
        Period day = Period.containing(Granularity.DAY, LocalDate.of(2026, 10, 25), BERLIN);

        assertEquals(Instant.parse("2026-10-24T22:00:00Z"), day.startInstant());
        assertEquals(Instant.parse("2026-10-25T23:00:00Z"), day.endInstant());
        assertEquals(Duration.ofHours(25), Duration.between(day.startInstant(), day.endInstant()));
    }

    @Test
    void containing_whenMidnightDoesNotExist_startsAtOneInTheMorning() {
        LifecycleModel saoPaulo = Fixtures.model(ZoneId.of("America/Sao_Paulo"), DayOfWeek.MONDAY);

        Period before = Period.containing(Granularity.DAY, LocalDate.of(2017, 10, 14), saoPaulo);
        Period gap = Period.containing(Granularity.DAY, LocalDate.of(2017, 10, 15), saoPaulo);

        // 01:00 at -02:00; the day before ends at that same instant, so no instant is lost.
        assertEquals(Instant.parse("2017-10-15T03:00:00Z"), gap.startInstant());
        assertEquals(gap.startInstant(), before.endInstant());
        assertEquals(Duration.ofHours(23), Duration.between(gap.startInstant(), gap.endInstant()));
    }

    @Test
    void covering_whenDaysAcrossSpringForward_periodsAreContiguous() {
        List<Period> days =
                Period.covering(
                        Granularity.DAY,
                        LocalDate.of(2026, 3, 28),
                        LocalDate.of(2026, 3, 31),
                        BERLIN);

        assertEquals(
                List.of("2026-03-28", "2026-03-29", "2026-03-30"),
                days.stream().map(Period::label).toList());
        assertEquals(
                List.of(Duration.ofHours(24), Duration.ofHours(23), Duration.ofHours(24)),
                days.stream().map(PeriodTest::length).toList());
        assertEquals(days.get(0).endInstant(), days.get(1).startInstant());
        assertEquals(days.get(1).endInstant(), days.get(2).startInstant());
    }

    @Test
    void covering_whenWeeksStartOnSunday_firstWeekStartsOnTheSundayBeforeFrom() {
        LifecycleModel sundays = Fixtures.model(ZoneId.of("UTC"), DayOfWeek.SUNDAY);

        List<Period> weeks =
                Period.covering(
                        Granularity.WEEK,
                        LocalDate.of(2026, 1, 7),
                        LocalDate.of(2026, 1, 20),
                        sundays);

        assertEquals(
                List.of(
                        LocalDate.of(2026, 1, 4),
                        LocalDate.of(2026, 1, 11),
                        LocalDate.of(2026, 1, 18)),
                weeks.stream().map(Period::start).toList());
        assertEquals(LocalDate.of(2026, 1, 25), weeks.get(2).end());
        assertEquals(
                List.of("2026-01-04", "2026-01-11", "2026-01-18"),
                weeks.stream().map(Period::label).toList());
    }

    @Test
    void covering_whenWeeksStartOnMonday_firstWeekStartsOnTheMondayBeforeFrom() {
        List<Period> weeks =
                Period.covering(
                        Granularity.WEEK,
                        LocalDate.of(2026, 1, 7),
                        LocalDate.of(2026, 1, 20),
                        BERLIN);

        assertEquals(
                List.of(
                        LocalDate.of(2026, 1, 5),
                        LocalDate.of(2026, 1, 12),
                        LocalDate.of(2026, 1, 19)),
                weeks.stream().map(Period::start).toList());
        assertEquals(Instant.parse("2026-01-04T23:00:00Z"), weeks.get(0).startInstant());
    }

    @Test
    void covering_whenWeekStartsOnFrom_firstWeekStartsOnFrom() {
        LifecycleModel sundays = Fixtures.model(ZoneId.of("UTC"), DayOfWeek.SUNDAY);

        List<Period> weeks =
                Period.covering(
                        Granularity.WEEK,
                        LocalDate.of(2026, 1, 4),
                        LocalDate.of(2026, 1, 11),
                        sundays);

        assertEquals(1, weeks.size());
        assertEquals(LocalDate.of(2026, 1, 4), weeks.get(0).start());
    }

    @Test
    void covering_whenQuartersAcrossYearEnd_alignsToQuarterStarts() {
        List<Period> quarters =
                Period.covering(
                        Granularity.QUARTER,
                        LocalDate.of(2025, 11, 15),
                        LocalDate.of(2026, 7, 1),
                        BERLIN);

        assertEquals(
                List.of("2025-Q4", "2026-Q1", "2026-Q2"),
                quarters.stream().map(Period::label).toList());
        assertEquals(
                List.of(
                        LocalDate.of(2025, 10, 1),
                        LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 4, 1)),
                quarters.stream().map(Period::start).toList());
        assertEquals(LocalDate.of(2026, 7, 1), quarters.get(2).end());
    }

    @Test
    void containing_whenQuarterSpansSpringForward_boundariesUseEachDaysOffset() {
        Period q1 = Period.containing(Granularity.QUARTER, LocalDate.of(2026, 2, 10), BERLIN);

        assertEquals(Instant.parse("2025-12-31T23:00:00Z"), q1.startInstant());
        assertEquals(Instant.parse("2026-03-31T22:00:00Z"), q1.endInstant());
        assertEquals("2026-Q1", q1.label());
    }

    @Test
    void covering_whenMonths_labelsYearAndMonth() {
        List<Period> months =
                Period.covering(
                        Granularity.MONTH,
                        LocalDate.of(2026, 1, 15),
                        LocalDate.of(2026, 3, 1),
                        BERLIN);

        assertEquals(List.of("2026-01", "2026-02"), months.stream().map(Period::label).toList());
        assertEquals(LocalDate.of(2026, 1, 1), months.get(0).start());
        assertEquals(LocalDate.of(2026, 3, 1), months.get(1).end());
    }

    @Test
    void covering_whenToIsNotAfterFrom_throwsNamingBoth() {
        LocalDate day = LocalDate.of(2026, 1, 15);

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Period.covering(Granularity.DAY, day, day, BERLIN));

        assertEquals(
                "a report needs 'from' before 'to', got from=2026-01-15 to=2026-01-15",
                e.getMessage());
    }

    @Test
    void contains_whenInstantIsOnABoundary_includesStartAndExcludesEnd() {
        Period day = Period.containing(Granularity.DAY, LocalDate.of(2026, 3, 29), BERLIN);

        assertTrue(day.contains(day.startInstant()));
        assertFalse(day.contains(day.endInstant()));
        assertTrue(day.contains(day.endInstant().minusNanos(1)));
    }

    @Test
    void fromKeyword_whenLowerCaseName_givesGranularity() {
        assertEquals(Optional.of(Granularity.DAY), Granularity.fromKeyword("day"));
        assertEquals(Optional.of(Granularity.WEEK), Granularity.fromKeyword("week"));
        assertEquals(Optional.of(Granularity.MONTH), Granularity.fromKeyword("month"));
        assertEquals(Optional.of(Granularity.QUARTER), Granularity.fromKeyword("quarter"));
    }

    @Test
    void fromKeyword_whenNotALowerCaseName_givesEmpty() {
        assertEquals(Optional.empty(), Granularity.fromKeyword("Week"));
        assertEquals(Optional.empty(), Granularity.fromKeyword("year"));
    }

    private static Duration length(Period period) {
        return Duration.between(period.startInstant(), period.endInstant());
    }
}
