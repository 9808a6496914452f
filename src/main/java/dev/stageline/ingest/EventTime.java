package dev.stageline.ingest;

import java.time.Instant;

/**
 * The check every source makes of an event's time: not before {@link EventValues#EARLIEST} (a
 * mapping mistake such as seconds read as milliseconds) and not more than a day ahead of receipt (a
 * sender's clock or mapping error).
 */
final class EventTime {

    private EventTime() {}

    /**
     * @param what names the field in the message, e.g. {@code occurredAt}
     * @throws RejectedRequest 400 {@code invalid_event} naming the field when {@code at} is refused
     */
    static Instant checked(Instant at, String what, Instant now) {
        EventValues.timeProblem(at)
                .ifPresent(
                        problem -> {
                            throw RejectedRequest.badRequest("invalid_event", what + " " + problem);
                        });
        if (at.isAfter(now.plus(JsonSource.FUTURE_TOLERANCE))) {
            throw RejectedRequest.badRequest(
                    "invalid_event", what + " is " + at + ", more than a day in the future");
        }
        return at;
    }
}
