package dev.stageline.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import dev.stageline.engine.LeadEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps HubSpot's contact events to lead events. Contacts arrive as {@code contact.*} or as the
 * generic {@code object.*} with {@code objectTypeId} {@code 0-1}; creation, property change and
 * merge are taken. Every other event (companies, deals, deletions, associations, and changes of
 * properties no attribute is mapped from) is read and counted as ignored, so that an app subscribed
 * to more than Stageline tracks is not refused and retried for ten days.
 *
 * <p>HubSpot's {@code eventId} is not unique on its own, so an event's id joins portal,
 * subscription, object, event id and time, all of which a redelivery repeats.
 *
 * @param leadKeyPrefix prepended to a contact id to make its lead key
 * @param properties HubSpot property name to attribute name
 */
public record HubSpotEvents(
        String leadKeyPrefix,
        String creationType,
        String propertyChangeType,
        String mergeType,
        Map<String, String> properties) {

    /** HubSpot's object type id of contacts in generic {@code object.*} events. */
    static final String CONTACT_TYPE_ID = "0-1";

    private static final int MAX_REPORTED_PROBLEMS = 10;

    public HubSpotEvents {
        properties = Map.copyOf(properties);
    }

    /** The events of a delivery that were taken, and how many were read and ignored. */
    public record Mapped(List<LeadEvent> events, int ignored) {

        public Mapped {
            events = List.copyOf(events);
        }
    }

    /**
     * @throws RejectedRequest naming every problem found (up to ten) when any event is bad
     */
    public Mapped events(List<JsonNode> items, Set<String> allowed, Instant now) {
        List<LeadEvent> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int ignored = 0;
        for (int i = 0; i < items.size(); i++) {
            try {
                Optional<LeadEvent> event = event(items.get(i), allowed, now);
                if (event.isPresent()) {
                    events.add(event.get());
                } else {
                    ignored++;
                }
            } catch (RejectedRequest e) {
                problems.add("event " + i + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            List<String> shown =
                    problems.subList(0, Math.min(problems.size(), MAX_REPORTED_PROBLEMS));
            throw RejectedRequest.badRequest(
                    "invalid_event",
                    "nothing was stored: "
                            + String.join("; ", shown)
                            + (problems.size() > shown.size()
                                    ? " (and " + (problems.size() - shown.size()) + " more)"
                                    : ""));
        }
        return new Mapped(events, ignored);
    }

    private Optional<LeadEvent> event(JsonNode item, Set<String> allowed, Instant now) {
        String subscription = HubSpotValues.text(item, "subscriptionType");
        int dot = subscription.indexOf('.');
        String object = dot < 0 ? subscription : subscription.substring(0, dot);
        String action = dot < 0 ? "" : subscription.substring(dot + 1);
        boolean contact =
                object.equals("contact")
                        || object.equals("object")
                                && CONTACT_TYPE_ID.equals(item.path("objectTypeId").asText());
        if (!contact) {
            return Optional.empty();
        }
        return switch (action) {
            case "creation" ->
                    Optional.of(
                            event(item, contactId(item), creationType, Map.of(), List.of(), now));
            case "propertyChange" -> propertyChange(item, allowed, now);
            case "merge" -> Optional.of(merge(item, now));
            default -> Optional.empty();
        };
    }

    private Optional<LeadEvent> propertyChange(JsonNode item, Set<String> allowed, Instant now) {
        String property = HubSpotValues.text(item, "propertyName");
        String attribute = properties.get(property);
        if (attribute == null || !allowed.contains(attribute)) {
            return Optional.empty();
        }
        String value = HubSpotValues.propertyValue(item, attribute);
        return Optional.of(
                event(
                        item,
                        contactId(item),
                        propertyChangeType,
                        Map.of(attribute, value),
                        List.of(),
                        now));
    }

    /**
     * A merge's lead is the contact that remains: {@code newObjectId} when HubSpot made a new one,
     * otherwise {@code primaryObjectId}; the contacts merged into it are its aliases.
     */
    private LeadEvent merge(JsonNode item, Instant now) {
        String objectId = contactId(item);
        String primary = HubSpotValues.optionalField(item, "primaryObjectId").orElse(objectId);
        String remaining = HubSpotValues.optionalField(item, "newObjectId").orElse(primary);
        JsonNode merged = item.path("mergedObjectIds");
        if (!merged.isArray() || merged.isEmpty()) {
            throw RejectedRequest.badRequest(
                    "invalid_event", "a merge names its merged contacts in mergedObjectIds");
        }
        Set<String> others = new LinkedHashSet<>();
        others.add(objectId);
        others.add(primary);
        for (JsonNode id : merged) {
            others.add(HubSpotValues.wholeNumber(id, "mergedObjectIds[]"));
        }
        others.remove(remaining);
        if (others.isEmpty()) {
            throw RejectedRequest.badRequest(
                    "invalid_event", "a merge names no contact besides the one that remains");
        }
        List<String> aliases = others.stream().map(id -> leadKeyPrefix + id).toList();
        return event(item, remaining, mergeType, Map.of(), aliases, now);
    }

    private LeadEvent event(
            JsonNode item,
            String contactId,
            String type,
            Map<String, Object> attributes,
            List<String> aliases,
            Instant now) {
        String eventId =
                String.join(
                        "-",
                        HubSpotValues.field(item, "portalId"),
                        HubSpotValues.field(item, "subscriptionId"),
                        contactId(item),
                        HubSpotValues.field(item, "eventId"),
                        HubSpotValues.field(item, "occurredAt"));
        Instant at = HubSpotValues.occurredAt(item, now);
        return new LeadEvent(leadKeyPrefix + contactId, eventId, at, type, attributes, aliases);
    }

    private static String contactId(JsonNode item) {
        return HubSpotValues.field(item, "objectId");
    }
}
