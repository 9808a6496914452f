package dev.stageline.engine;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One thing that happened to a lead at {@code occurredAt}: a form fill, a field change, a sales
 * action. Attribute values are strings, {@link java.math.BigDecimal}s or booleans. {@code aliases}
 * are other lead keys of the same person that the sender named with this event (a Salesforce lead's
 * converted contact, the contact a HubSpot contact was merged into).
 */
public record LeadEvent(
        String leadKey,
        String eventId,
        Instant occurredAt,
        String type,
        Map<String, Object> attributes,
        List<String> aliases) {

    /** The order in which a lead's events apply: by time, ties broken by event id. */
    public static final Comparator<LeadEvent> APPLY_ORDER =
            Comparator.comparing(LeadEvent::occurredAt).thenComparing(LeadEvent::eventId);

    public LeadEvent {
        attributes = Map.copyOf(attributes);
        aliases = List.copyOf(aliases);
    }

    /** An event that names no other key of the lead. */
    public LeadEvent(
            String leadKey,
            String eventId,
            Instant occurredAt,
            String type,
            Map<String, Object> attributes) {
        this(leadKey, eventId, occurredAt, type, attributes, List.of());
    }
}
