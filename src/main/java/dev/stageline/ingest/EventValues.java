package dev.stageline.ingest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * What a lead event's values may be, checked on arrival so that a value the store cannot hold is
 * refused with a 400 before anything is written, rather than failing half-way as a 500.
 */
public final class EventValues {

    /**
     * Events dated earlier are taken for a mapping mistake, such as epoch seconds read as
     * milliseconds.
     */
    public static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");

    /** DynamoDB holds numbers of up to 38 significant digits, from 1E-130 to below 1E+126. */
    static final int MAX_DIGITS = 38;

    static final int MIN_EXPONENT = -130;
    static final int MAX_EXPONENT = 125;

    private static final int MAX_REPORTED_PROBLEMS = 10;

    private EventValues() {}

    /** Why {@code number} cannot be stored, if it cannot. */
    public static Optional<String> numberProblem(BigDecimal number) {
        if (number.signum() == 0) {
            return Optional.empty();
        }
        BigDecimal stripped = number.stripTrailingZeros();
        long exponent = (long) stripped.precision() - stripped.scale() - 1;
        if (stripped.precision() > MAX_DIGITS) {
            return Optional.of("has more than " + MAX_DIGITS + " significant digits");
        }
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT) {
            return Optional.of("is outside the range 1E-130 to 1E+125");
        }
        return Optional.empty();
    }

    /** Why {@code text} cannot be stored, if it cannot: an unpaired UTF-16 surrogate. */
    public static Optional<String> textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(
                        "holds an unpaired surrogate (\\u"
                                + Integer.toHexString(c)
                                + "), not text");
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code text} cannot be an attribute's value: as text, or a control character other than
     * tab and line breaks (escape sequences would reach the terminals that show reports).
     */
    public static Optional<String> attributeProblem(String text) {
        if (text.chars()
                .anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
            return Optional.of("holds a control character");
        }
        return textProblem(text);
    }

    /**
     * Why {@code id} cannot serve as a lead id, event id or type: as text, or a control character.
     */
    public static Optional<String> idProblem(String id) {
        if (id.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("holds a control character");
        }
        return textProblem(id);
    }

    /** Why {@code at} cannot be an event's time, if it cannot. */
    public static Optional<String> timeProblem(Instant at) {
        return at.isBefore(EARLIEST)
                ? Optional.of(
                        "is " + at + ", before " + EARLIEST + " (epoch values are milliseconds)")
                : Optional.empty();
    }

    /**
     * The refusal of a delivery in which some events were bad, naming the first ten problems:
     * one bad event refuses the whole delivery.
     */
    public static RejectedRequest nothingStored(java.util.List<String> problems) {
        int shown = Math.min(problems.size(), MAX_REPORTED_PROBLEMS);
        String more =
                problems.size() > shown ? " (and " + (problems.size() - shown) + " more)" : "";
        return RejectedRequest.badRequest(
                "invalid_event",
                "nothing was stored: " + String.join("; ", problems.subList(0, shown)) + more);
    }
}
