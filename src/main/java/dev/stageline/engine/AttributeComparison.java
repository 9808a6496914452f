package dev.stageline.engine;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Compares an attribute value with an operand when neither side says what type it is.
 *
 * <p>Sources send numbers, dates and flags as strings as often as not, and a model written by hand
 * mixes {@code 50} with {@code "50"}, so the type is decided per pair:
 *
 * <ul>
 *   <li>If either side is a number, both must read as numbers ({@code "120"} does, {@code "abc"}
 *       does not) and they compare by value, so {@code 120} equals {@code "120.0"}.
 *   <li>If either side is a boolean, both must be booleans or the strings {@code true} and {@code
 *       false} in any case. Booleans are equal or not, never ordered.
 *   <li>Two strings that both read as numbers compare as numbers ({@code "9" < "10"}); two that
 *       both read as ISO dates or date-times compare in time. A date against a date-time compares
 *       the date with the date-time's UTC day, so {@code 2026-11-02T10:00:00Z} equals {@code
 *       2026-11-02}; a date-time without an offset is taken as UTC.
 *   <li>A number-like or date-like string against a plain word cannot be ordered; two plain strings
 *       compare as text, ignoring case unless the test is case sensitive.
 * </ul>
 *
 * <p>Pairs that cannot be compared give no ordering, so an ordering test on them is false rather
 * than an error. Strings longer than a number or a timestamp can be are not parsed at all, which
 * keeps a huge value sent by a source from costing more than a text comparison.
 */
final class AttributeComparison {

    private static final int MAX_NUMBER_CHARS = 100;
    private static final int MAX_TIMESTAMP_CHARS = 40;

    private AttributeComparison() {}

    /** Whether the two values are equal; values of kinds that cannot be compared are unequal. */
    static boolean equal(Object left, Object right, boolean caseSensitive) {
        if (left instanceof Boolean || right instanceof Boolean) {
            Optional<Boolean> leftFlag = asBoolean(left);
            return leftFlag.isPresent() && leftFlag.equals(asBoolean(right));
        }
        OptionalInt order = compare(left, right, caseSensitive);
        return order.isPresent() && order.getAsInt() == 0;
    }

    /**
     * The sign of {@code left - right} (negative, zero or positive), or empty when the two cannot
     * be ordered.
     */
    static OptionalInt compare(Object left, Object right, boolean caseSensitive) {
        if (left == null || right == null || left instanceof Boolean || right instanceof Boolean) {
            return OptionalInt.empty();
        }
        if (left instanceof Number || right instanceof Number) {
            return compareNumbers(asNumber(left), asNumber(right));
        }
        if (left instanceof String leftText && right instanceof String rightText) {
            return compareStrings(leftText, rightText, caseSensitive);
        }
        return OptionalInt.empty();
    }

    /** The value as text, for the substring and pattern operators. */
    static String text(Object value) {
        return String.valueOf(value);
    }

    /** The value as an explanation shows it; an empty string shows as {@code ""}. */
    static String display(Object value) {
        String text = text(value);
        return text.isEmpty() ? "\"\"" : text;
    }

    static String fold(String text, boolean caseSensitive) {
        return caseSensitive ? text : text.toLowerCase(Locale.ROOT);
    }

    private static OptionalInt compareStrings(String left, String right, boolean caseSensitive) {
        Optional<BigDecimal> leftNumber = asNumber(left);
        Optional<BigDecimal> rightNumber = asNumber(right);
        if (leftNumber.isPresent() || rightNumber.isPresent()) {
            return compareNumbers(leftNumber, rightNumber);
        }

        Optional<PointInTime> leftPoint = asPointInTime(left);
        Optional<PointInTime> rightPoint = asPointInTime(right);
        if (leftPoint.isPresent() || rightPoint.isPresent()) {
            if (leftPoint.isEmpty() || rightPoint.isEmpty()) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(Integer.signum(leftPoint.get().compareTo(rightPoint.get())));
        }

        int order = fold(left, caseSensitive).compareTo(fold(right, caseSensitive));
        return OptionalInt.of(Integer.signum(order));
    }

    private static OptionalInt compareNumbers(
            Optional<BigDecimal> left, Optional<BigDecimal> right) {
        if (left.isEmpty() || right.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(left.get().compareTo(right.get()));
    }

    private static Optional<BigDecimal> asNumber(Object value) {
        return switch (value) {
            case BigDecimal decimal -> Optional.of(decimal);
            case Number number -> parseNumber(number.toString());
            case String text -> parseNumber(text.strip());
            default -> Optional.empty();
        };
    }

    private static Optional<BigDecimal> parseNumber(String text) {
        // The first-character check spares the exception for the common case of a plain word.
        if (text.isEmpty() || text.length() > MAX_NUMBER_CHARS || !startsLikeNumber(text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    private static boolean startsLikeNumber(String text) {
        char first = text.charAt(0);
        return Character.isDigit(first) || first == '-' || first == '+' || first == '.';
    }

    private static Optional<Boolean> asBoolean(Object value) {
        return switch (value) {
            case Boolean flag -> Optional.of(flag);
            case String text when text.strip().equalsIgnoreCase("true") -> Optional.of(true);
            case String text when text.strip().equalsIgnoreCase("false") -> Optional.of(false);
            case null, default -> Optional.empty();
        };
    }

    private static Optional<PointInTime> asPointInTime(String text) {
        String trimmed = text.strip();
        if (trimmed.length() < 10
                || trimmed.length() > MAX_TIMESTAMP_CHARS
                || !startsLikeDate(trimmed)) {
            return Optional.empty();
        }
        try {
            if (trimmed.length() == 10) {
                return Optional.of(PointInTime.of(LocalDate.parse(trimmed)));
            }
            TemporalAccessor parsed =
                    DateTimeFormatter.ISO_DATE_TIME.parseBest(
                            trimmed, OffsetDateTime::from, LocalDateTime::from);
            Instant instant =
                    switch (parsed) {
                        case OffsetDateTime withOffset -> withOffset.toInstant();
                        case LocalDateTime local -> local.toInstant(ZoneOffset.UTC);
                        default -> throw new IllegalStateException("parseBest returned " + parsed);
                    };
            return Optional.of(PointInTime.of(instant));
        } catch (DateTimeParseException notATimestamp) {
            return Optional.empty();
        }
    }

    private static boolean startsLikeDate(String text) {
        for (int i = 0; i < 4; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return text.charAt(4) == '-';
    }

    /**
     * A date or an instant. Two instants compare exactly; otherwise the comparison is by UTC day,
     * since a date names a whole day and not its first moment.
     */
    private record PointInTime(LocalDate day, Optional<Instant> instant)
            implements Comparable<PointInTime> {

        static PointInTime of(LocalDate day) {
            return new PointInTime(day, Optional.empty());
        }

        static PointInTime of(Instant instant) {
            LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
            return new PointInTime(day, Optional.of(instant));
        }

        @Override
        public int compareTo(PointInTime other) {
            if (instant.isPresent() && other.instant.isPresent()) {
                return instant.get().compareTo(other.instant.get());
            }
            return day.compareTo(other.day);
        }
    }
}
