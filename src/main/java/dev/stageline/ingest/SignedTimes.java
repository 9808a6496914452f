package dev.stageline.ingest;

import java.time.Duration;
import java.time.Instant;

/**
 * The timestamp a sender signs along with the body, in epoch milliseconds (HubSpot v3, Webflow):
 * read from its header and required to lie within five minutes of now either way, so that a
 * captured request cannot be replayed later.
 */
final class SignedTimes {

    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private SignedTimes() {}

    /**
     * @param header the header's name as the sender's documentation spells it, for messages
     * @throws RejectedRequest 401 {@code bad_timestamp} or {@code stale_timestamp}
     */
    static void requireFreshMillis(String header, String timestamp, Instant now) {
        long millis;
        try {
            millis = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw RejectedRequest.unauthorized(
                    "bad_timestamp",
                    header
                            + " must be epoch milliseconds, got '"
                            + RejectedRequest.printable(timestamp)
                            + "'");
        }
        long skew = now.toEpochMilli() - millis;
        if (Math.abs(skew) > TOLERANCE.toMillis()) {
            throw RejectedRequest.unauthorized(
                    "stale_timestamp",
                    header
                            + " is "
                            + Math.abs(skew) / 1000
                            + " s "
                            + (skew > 0 ? "in the past" : "in the future")
                            + "; at most "
                            + TOLERANCE.toSeconds()
                            + " s either way is accepted");
        }
    }
}
