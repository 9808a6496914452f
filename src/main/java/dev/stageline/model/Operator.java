package dev.stageline.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The operators of a field test, named in the model file as in {@code spec/lifecycle.md}. */
public enum Operator {
    EQ,
    NE,
    IN,
    NOT_IN,
    CONTAINS,
    STARTS_WITH,
    ENDS_WITH,
    GT,
    GTE,
    LT,
    LTE,
    BETWEEN,
    EXISTS,
    CHANGED,
    CHANGED_TO,
    MATCHES;

    /** The operator's name in the model file, such as {@code not_in}. */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Operator> fromKeyword(String keyword) {
        return Arrays.stream(values()).filter(o -> o.keyword().equals(keyword)).findFirst();
    }
}
