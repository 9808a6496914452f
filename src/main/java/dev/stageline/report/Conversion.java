package dev.stageline.report;

/**
 * Of the leads that entered a stage during a period (its cohort, each lead once), how many entered
 * {@code target} within the model's conversion window after that entry.
 *
 * @param target the id of the success stage converted to
 * @param complete false while some of the cohort may still convert: the period's end plus the
 *     conversion window is after the report's {@code asOf}
 */
public record Conversion(String target, int converted, int cohort, boolean complete) {

    public Conversion {
        if (converted < 0 || converted > cohort) {
            throw new IllegalArgumentException(
                    "converted must lie in [0, cohort], got %d of %d".formatted(converted, cohort));
        }
    }
}
