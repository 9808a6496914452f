package dev.stageline.engine;

import java.time.Instant;

/**
 * The value a lead's reporting dimension took at an instant, and kept until the next value of the
 * same dimension. {@link #NONE} stands for a lead without a value.
 */
public record DimensionValue(String dimension, Instant since, String value) {

    public static final String NONE = "(none)";
}
