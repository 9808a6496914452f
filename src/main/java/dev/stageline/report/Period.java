package dev.stageline.report;

import dev.stageline.model.LifecycleModel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One period of a report: the days {@code [start, end)} and the instants {@code [startInstant,
 * endInstant)} they span in the model's time zone.
 *
 * <p>Each boundary is the start of its day in that zone, so a day across a daylight-saving change
 * lasts 23 or 25 hours, and a day whose midnight does not exist (America/Sao_Paulo, 2017-10-15)
 * begins at its first valid instant, 01:00. Weeks begin on the model's {@code weekStart}.
 *
 * <p>Labels: {@code 2026-01-05} for a day; for a week, the date of its first day, such as {@code
 * 2026-01-04}, because week numbers only have one accepted meaning for weeks that start on Monday;
 * {@code 2026-01} for a month; {@code 2026-Q1} for a quarter.
 *
 * <pre>{@code
 * List<Period> months = Period.covering(
 *         Granularity.MONTH, LocalDate.of(2026, 1, 15), LocalDate.of(2026, 3, 1), model);
 * // 2026-01 and 2026-02
 * }</pre>
 */
public record Period(
        LocalDate start, LocalDate end, Instant startInstant, Instant endInstant, String label) {

    public Period {
        Objects.requireNonNull(label, "label");
        if (!start.isBefore(end) || !startInstant.isBefore(endInstant)) {
            throw new IllegalArgumentException(
                    "a period must end after it starts, got start=%s end=%s".formatted(start, end));
        }
    }

    /** The period of granularity {@code g} that contains {@code day}. */
    public static Period containing(Granularity g, LocalDate day, LifecycleModel model) {
        LocalDate start = g.periodStart(day, model.weekStart());
        LocalDate end = g.nextStart(start);
        ZoneId zone = model.timeZone();
        return new Period(
                start,
                end,
                start.atStartOfDay(zone).toInstant(),
                end.atStartOfDay(zone).toInstant(),
                g.label(start));
    }

    /**
     * The periods of granularity {@code g} that overlap the days {@code [from, to)}, in order; the
     * first is the whole period containing {@code from}, the last the one containing the day before
     * {@code to}.
     *
     * @throws IllegalArgumentException when {@code to} is not after {@code from}
     */
    public static List<Period> covering(
            Granularity g, LocalDate from, LocalDate to, LifecycleModel model) {
        Objects.requireNonNull(g, "granularity");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException(
                    "a report needs 'from' before 'to', got from=%s to=%s".formatted(from, to));
        }

        List<Period> periods = new ArrayList<>();
        Period period = containing(g, from, model);
        while (period.start().isBefore(to)) {
            periods.add(period);
            period = containing(g, period.end(), model);
        }
        return List.copyOf(periods);
    }

    /** Whether {@code at} lies in {@code [startInstant, endInstant)}. */
    public boolean contains(Instant at) {
        return !at.isBefore(startInstant) && at.isBefore(endInstant);
    }
}
