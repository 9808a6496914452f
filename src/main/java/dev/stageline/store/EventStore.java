package dev.stageline.store;

import dev.stageline.engine.LeadEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Stores lead events exactly once. A batch is written in one transaction, each event on the
 * condition that its key is new, so a batch is stored whole or not at all. When the transaction is
 * cancelled only because some events exist already, those are duplicates and the rest is written
 * again without them.
 */
public final class EventStore {

    /** DynamoDB's limit on items in one transaction, and so on events in one batch. */
    public static final int MAX_BATCH = 100;

    private static final int MAX_ATTEMPTS = 6;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public EventStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** What became of one event of a batch. */
    public record Outcome(String leadKey, String eventId, boolean duplicate) {}

    /**
     * Stores the events of one delivery, all or none.
     *
     * @throws IllegalArgumentException if the batch holds more than {@link #MAX_BATCH} events
     * @throws StoreException if DynamoDB keeps refusing the write
     */
    public List<Outcome> store(String source, List<LeadEvent> events) {
        if (events.size() > MAX_BATCH) {
            throw new IllegalArgumentException(
                    "a batch holds at most " + MAX_BATCH + " events, got " + events.size());
        }
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, LeadEvent> pending = new LinkedHashMap<>();
        for (LeadEvent event : events) {
            String id = event.leadKey() + "\u0000" + event.eventId();
            boolean repeated = pending.putIfAbsent(id, event) != null;
            outcomes.putIfAbsent(id, new Outcome(event.leadKey(), event.eventId(), repeated));
        }

        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<String> ids = new ArrayList<>(pending.keySet());
            try {
                write(source, ids.stream().map(pending::get).toList());
                pending.clear();
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                boolean onlyDuplicates = !reasons.isEmpty() && reasons.stream()
                        .allMatch(r -> "None".equals(r.code()) || "ConditionalCheckFailed".equals(r.code()));
                if (!onlyDuplicates && attempt >= MAX_ATTEMPTS) {
                    throw new StoreException("storing events failed: " + describe(reasons), e);
                }
                for (int i = 0; i < reasons.size() && onlyDuplicates; i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        String id = ids.get(i);
                        LeadEvent event = pending.remove(id);
                        outcomes.put(id, new Outcome(event.leadKey(), event.eventId(), true));
                    }
                }
                if (!onlyDuplicates) {
                    Backoff.pause(attempt);
                }
            }
        }
        return List.copyOf(outcomes.values());
    }

    private void write(String source, List<LeadEvent> events) {
        String receivedAt = clock.instant().toString();
        List<TransactWriteItem> puts = new ArrayList<>();
        for (LeadEvent event : events) {
            Put put = Put.builder()
                    .tableName(table)
                    .item(item(source, event, receivedAt))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK))
                    .build();
            puts.add(TransactWriteItem.builder().put(put).build());
        }
        dynamo.transactWriteItems(b -> b.transactItems(puts));
    }

    static Map<String, AttributeValue> item(String source, LeadEvent event, String receivedAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(Keys.lead(event.leadKey())));
        item.put(Keys.SK, AttributeValue.fromS(Keys.event(event.eventId())));
        item.put("leadKey", AttributeValue.fromS(event.leadKey()));
        item.put("eventId", AttributeValue.fromS(event.eventId()));
        item.put("occurredAt", AttributeValue.fromS(event.occurredAt().toString()));
        item.put("type", AttributeValue.fromS(event.type()));
        item.put("attributes", AttributeValues.ofMap(event.attributes()));
        item.put("source", AttributeValue.fromS(source));
        item.put("receivedAt", AttributeValue.fromS(receivedAt));
        return item;
    }

    private static String describe(List<CancellationReason> reasons) {
        return reasons.stream().map(CancellationReason::code).distinct().toList().toString();
    }
}
