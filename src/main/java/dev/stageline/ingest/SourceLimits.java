package dev.stageline.ingest;

/**
 * What one source accepts at most, checked before anything of a request is stored: the body's size,
 * the events in one delivery, the nesting depth of a JSON or XML body, the fields of one object (or
 * form), and the length of one string.
 */
public record SourceLimits(
        int maxBodyBytes, int maxEvents, int maxDepth, int maxFields, int maxStringLength) {

    /** Generous for any real sender and far below what API Gateway and Lambda allow. */
    public static final SourceLimits DEFAULT = new SourceLimits(256 * 1024, 100, 16, 500, 65_536);

    public SourceLimits {
        positive("bodyBytes", maxBodyBytes, 10 * 1024 * 1024);
        positive("events", maxEvents, 10_000);
        positive("depth", maxDepth, 64);
        positive("fields", maxFields, 100_000);
        positive("stringLength", maxStringLength, 1024 * 1024);
    }

    /**
     * Reads the optional {@code limits:} mapping of a source; what it leaves out is the default.
     */
    public static SourceLimits from(SourceConfig config) {
        SourceConfig limits = config.section("limits");
        int bodyBytes = limits.integer("bodyBytes", DEFAULT.maxBodyBytes);
        int events = limits.integer("events", DEFAULT.maxEvents);
        int depth = limits.integer("depth", DEFAULT.maxDepth);
        int fields = limits.integer("fields", DEFAULT.maxFields);
        int stringLength = limits.integer("stringLength", DEFAULT.maxStringLength);
        limits.finish();
        try {
            return new SourceLimits(bodyBytes, events, depth, fields, stringLength);
        } catch (IllegalArgumentException e) {
            throw config.problem(e.getMessage());
        }
    }

    /** A refusal of a body over {@link #maxBodyBytes}. */
    RejectedRequest bodyTooLarge(String source, int length) {
        return new RejectedRequest(
                413,
                "body_too_large",
                "the body is "
                        + length
                        + " bytes; source '"
                        + source
                        + "' accepts at most "
                        + maxBodyBytes);
    }

    /** A refusal of a delivery holding more than {@link #maxEvents} events. */
    RejectedRequest batchTooLarge(int count) {
        return new RejectedRequest(
                413,
                "batch_too_large",
                "a delivery holds at most " + maxEvents + " events, got " + count);
    }

    private static void positive(String name, int value, int ceiling) {
        if (value < 1 || value > ceiling) {
            throw new IllegalArgumentException(
                    "limits." + name + " must be between 1 and " + ceiling + ", got " + value);
        }
    }
}
