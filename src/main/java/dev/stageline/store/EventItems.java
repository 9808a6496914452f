package dev.stageline.store;

import dev.stageline.engine.LeadEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps lead events to DynamoDB values: to an event item of its own, which the stream carries to
 * the evaluator, and to an entry of the list a lead's state item keeps.
 */
public final class EventItems {

    private EventItems() {}

    static Map<String, AttributeValue> item(String source, LeadEvent event, String receivedAt) {
        Map<String, AttributeValue> item = new HashMap<>(fields(event));
        item.put(Keys.PK, AttributeValue.fromS(Keys.lead(event.leadKey())));
        item.put(Keys.SK, AttributeValue.fromS(Keys.event(event.eventId())));
        item.put("leadKey", AttributeValue.fromS(event.leadKey()));
        item.put("source", AttributeValue.fromS(source));
        item.put("receivedAt", AttributeValue.fromS(receivedAt));
        return item;
    }

    /** Reads an event item, or an entry of a state's list given the lead it belongs to. */
    public static LeadEvent event(String leadKey, Map<String, AttributeValue> item) {
        return new LeadEvent(
                leadKey,
                item.get("eventId").s(),
                Instant.parse(item.get("occurredAt").s()),
                item.get("type").s(),
                AttributeValues.toMap(item.get("attributes")));
    }

    static AttributeValue list(List<LeadEvent> events) {
        return AttributeValue.fromL(events.stream().map(e -> AttributeValue.fromM(fields(e))).toList());
    }

    static List<LeadEvent> events(String leadKey, AttributeValue list) {
        if (list == null || !list.hasL()) {
            return List.of();
        }
        return list.l().stream().map(value -> event(leadKey, value.m())).toList();
    }

    private static Map<String, AttributeValue> fields(LeadEvent event) {
        return Map.of(
                "eventId", AttributeValue.fromS(event.eventId()),
                "occurredAt", AttributeValue.fromS(event.occurredAt().toString()),
                "type", AttributeValue.fromS(event.type()),
                "attributes", AttributeValues.ofMap(event.attributes()));
    }
}
