package dev.stageline.model;

/** How a jump over success stages is recorded; see {@code spec/lifecycle.md}, "Skipped stages". */
public enum SkippedStages {
    /** Skipped stages are entered and left at the same instant, marked as passed through. */
    PASS_THROUGH,
    /** Only stages actually entered are recorded. */
    STRICT;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
