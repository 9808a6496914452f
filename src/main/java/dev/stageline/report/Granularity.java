package dev.stageline.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How long the periods of a report are. Requests name it by its lower-case keyword: {@code
 * Granularity.fromKeyword("week")} gives {@link #WEEK}.
 */
public enum Granularity {
    DAY,
    WEEK,
    MONTH,
    QUARTER;

    /** The name used in requests, such as {@code month}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The granularity named exactly {@code keyword} (lower case), or empty. */
    public static Optional<Granularity> fromKeyword(String keyword) {
        return Arrays.stream(values()).filter(g -> g.keyword().equals(keyword)).findFirst();
    }

    /** The first day of the period of this granularity that contains {@code day}. */
    LocalDate periodStart(LocalDate day, DayOfWeek weekStart) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(weekStart));
            case MONTH -> day.withDayOfMonth(1);
            case QUARTER -> day.with(IsoFields.DAY_OF_QUARTER, 1);
        };
    }

    /** The first day of the period after the one starting on {@code start}. */
    LocalDate nextStart(LocalDate start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
        };
    }

    /** The label of the period starting on {@code start}; see {@link Period}. */
    String label(LocalDate start) {
        return switch (this) {
            case DAY, WEEK -> start.toString();
            case MONTH -> "%04d-%02d".formatted(start.getYear(), start.getMonthValue());
            case QUARTER ->
                    "%04d-Q%d".formatted(start.getYear(), start.get(IsoFields.QUARTER_OF_YEAR));
        };
    }
}
