package dev.stageline.engine;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * One thing that happened to a lead at {@code occurredAt}: a form fill, a field change, a sales
 * action. Attribute values are strings, {@link java.math.BigDecimal}s or booleans.
 */
public record LeadEvent(
        String leadKey,
        String eventId,
        Instant occurredAt,
        String type,
        Map<String, Object> attributes) {

    /** The order in which a lead's events apply: by time, ties broken by event id. */
    public static final Comparator<LeadEvent> APPLY_ORDER =
            Comparator.comparing(LeadEvent::occurredAt).thenComparing(LeadEvent::eventId);

    public LeadEvent {
        attributes = Map.copyOf(attributes);
    }
}
