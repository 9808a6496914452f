package dev.stageline.store;

import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.LeadHistory;
import dev.stageline.engine.Transition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Reads and writes a lead's partition of the lead table: its events and its state, which holds
 * the current stage, the attributes and the transitions. A history is saved in one write
 * conditioned on the state's version, so two evaluations racing for one lead cannot interleave:
 * the loser gets a {@link ConcurrentUpdateException} and starts again from what the winner wrote.
 */
public final class LeadStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public LeadStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Reads the lead's whole partition with a strongly consistent query. */
    public LeadRecord read(String leadKey) {
        List<LeadEvent> events = new ArrayList<>();
        Optional<LeadState> state = Optional.empty();
        List<Transition> transitions = List.of();

        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", Keys.PK))
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(Keys.lead(leadKey))))
                .consistentRead(true)
                .build();
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(query).items()) {
            String sk = item.get(Keys.SK).s();
            if (sk.startsWith(Keys.EVENT_PREFIX)) {
                events.add(event(item));
            } else if (sk.equals(Keys.STATE)) {
                state = Optional.of(state(leadKey, item));
                transitions = TransitionItems.transitions(leadKey, item.get("transitions"));
            }
        }
        return new LeadRecord(leadKey, events, state, transitions);
    }

    /**
     * Saves a recomputed history over the one read in {@code previous}.
     *
     * @throws ConcurrentUpdateException if the lead was saved by someone else since it was read
     */
    public void save(LeadHistory history, LeadRecord previous, Instant now) {
        long version = previous.state().map(LeadState::version).orElse(0L);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(Keys.lead(history.leadKey())));
        item.put(Keys.SK, AttributeValue.fromS(Keys.STATE));
        item.put("leadKey", AttributeValue.fromS(history.leadKey()));
        history.stage().ifPresent(stage -> item.put("stage", AttributeValue.fromS(stage)));
        item.put("attributes", AttributeValues.ofMap(history.attributes()));
        item.put("transitions", TransitionItems.list(history.transitions()));
        item.put("version", AttributeValue.fromN(Long.toString(version + 1)));
        item.put("eventCount", AttributeValue.fromN(Integer.toString(previous.events().size())));
        item.put("updatedAt", AttributeValue.fromS(now.toString()));

        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
        if (previous.state().isEmpty()) {
            put.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK));
        } else {
            put.conditionExpression("#version = :version")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(
                            Map.of(":version", AttributeValue.fromN(Long.toString(version))));
        }
        try {
            dynamo.putItem(put.build());
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentUpdateException(history.leadKey());
        }
    }

    /**
     * Calls {@code sink} with every lead's transitions, lead by lead. Reads the whole table, so it
     * is for the aggregation only.
     */
    public void forEachHistory(Consumer<List<Transition>> sink) {
        ScanRequest scan = ScanRequest.builder()
                .tableName(table)
                .filterExpression("#sk = :state")
                .expressionAttributeNames(Map.of("#sk", Keys.SK))
                .expressionAttributeValues(Map.of(":state", AttributeValue.fromS(Keys.STATE)))
                .build();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(scan).items()) {
            sink.accept(TransitionItems.transitions(item.get("leadKey").s(), item.get("transitions")));
        }
    }

    private static LeadEvent event(Map<String, AttributeValue> item) {
        return new LeadEvent(
                item.get("leadKey").s(),
                item.get("eventId").s(),
                Instant.parse(item.get("occurredAt").s()),
                item.get("type").s(),
                AttributeValues.toMap(item.get("attributes")));
    }

    private static LeadState state(String leadKey, Map<String, AttributeValue> item) {
        return new LeadState(
                leadKey,
                Optional.ofNullable(item.get("stage")).map(AttributeValue::s),
                AttributeValues.toMap(item.get("attributes")),
                Long.parseLong(item.get("version").n()),
                Integer.parseInt(item.get("eventCount").n()),
                Instant.parse(item.get("updatedAt").s()));
    }
}
