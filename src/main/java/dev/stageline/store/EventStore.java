package dev.stageline.store;

import dev.stageline.engine.LeadEvent;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stores lead events exactly once: each is put on the condition that its key (lead and event id) is
 * new, so a redelivered event is recognised as a duplicate and changes nothing.
 *
 * <p>A batch is checked whole before it reaches this class, so only a service failure can stop it
 * half-way; the caller then answers with a 5xx, the sender retries, and the events already stored
 * come back as duplicates. Single conditional puts are used rather than one transaction because
 * they cost half as much and are independent of one another.
 */
public final class EventStore {

    /** The most events one delivery may hold. */
    public static final int MAX_BATCH = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public EventStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * What became of one event of a batch.
     *
     * @param duplicate the event id was stored before, so this delivery changed nothing
     * @param conflict a duplicate whose content differs from what was stored first
     */
    public record Outcome(String leadKey, String eventId, boolean duplicate, boolean conflict) {}

    /**
     * Stores the events of one delivery, in order.
     *
     * @throws IllegalArgumentException if the batch holds more than {@link #MAX_BATCH} events
     */
    public List<Outcome> store(String source, List<LeadEvent> events) {
        if (events.size() > MAX_BATCH) {
            throw new IllegalArgumentException(
                    "a batch holds at most " + MAX_BATCH + " events, got " + events.size());
        }
        String receivedAt = clock.instant().toString();
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, LeadEvent> inBatch = new HashMap<>();
        for (LeadEvent event : events) {
            String key = event.leadKey() + "\u0000" + event.eventId();
            LeadEvent earlier = inBatch.putIfAbsent(key, event);
            if (earlier != null) {
                outcomes.add(
                        new Outcome(
                                event.leadKey(),
                                event.eventId(),
                                true,
                                !sameContent(earlier, event)));
            } else if (putIfNew(EventItems.item(source, event, receivedAt))) {
                outcomes.add(new Outcome(event.leadKey(), event.eventId(), false, false));
            } else {
                boolean differs =
                        stored(event).map(first -> !sameContent(first, event)).orElse(false);
                outcomes.add(new Outcome(event.leadKey(), event.eventId(), true, differs));
            }
        }
        return List.copyOf(outcomes);
    }

    private static boolean sameContent(LeadEvent a, LeadEvent b) {
        return a.occurredAt().equals(b.occurredAt())
                && a.type().equals(b.type())
                && a.aliases().equals(b.aliases())
                && AttributeValues.ofMap(a.attributes())
                        .equals(AttributeValues.ofMap(b.attributes()));
    }

    /** The event stored first under the same lead and id. */
    private Optional<LeadEvent> stored(LeadEvent event) {
        Map<String, AttributeValue> key =
                Map.of(
                        Keys.PK, AttributeValue.fromS(Keys.lead(event.leadKey())),
                        Keys.SK, AttributeValue.fromS(Keys.event(event.eventId())));
        var response = dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(EventItems.event(event.leadKey(), response.item()))
                : Optional.empty();
    }

    private boolean putIfNew(Map<String, AttributeValue> item) {
        return VersionCondition.putIfAbsent(dynamo, table, item);
    }
}
