package dev.stageline.store;

import dev.stageline.engine.DimensionValue;
import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.LeadHistory;
import dev.stageline.engine.Transition;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads and writes a lead's state item: the events applied so far, the current stage, the
 * attributes and the transitions. Evaluating a lead is then one read and one write of one item,
 * whatever its history. A state is saved on the condition that its version is the one read, so two
 * evaluations racing for one lead cannot interleave: the loser gets a {@link
 * ConcurrentUpdateException} and starts again from what the winner wrote.
 *
 * <p>The event items beside the state stay the record of what was delivered, from which a state can
 * be rebuilt.
 */
public final class LeadStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public LeadStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Reads the lead's state with a strongly consistent read. */
    public LeadRecord read(String leadKey) {
        GetItemResponse response =
                dynamo.getItem(
                        b ->
                                b.tableName(table)
                                        .key(
                                                Map.of(
                                                        Keys.PK,
                                                                AttributeValue.fromS(
                                                                        Keys.lead(leadKey)),
                                                        Keys.SK, AttributeValue.fromS(Keys.STATE)))
                                        .consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return new LeadRecord(leadKey, List.of(), Optional.empty(), List.of());
        }
        Map<String, AttributeValue> item = response.item();
        return new LeadRecord(
                leadKey,
                EventItems.events(leadKey, item.get("events")),
                Optional.of(state(leadKey, item)),
                TransitionItems.transitions(leadKey, item.get("transitions")));
    }

    /**
     * Saves the history computed from {@code events} over the state read in {@code previous}.
     *
     * @throws ConcurrentUpdateException if the lead was saved by someone else since it was read
     */
    public void save(
            LeadHistory history, List<LeadEvent> events, LeadRecord previous, Instant now) {
        long version = previous.state().map(LeadState::version).orElse(0L);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(Keys.lead(history.leadKey())));
        item.put(Keys.SK, AttributeValue.fromS(Keys.STATE));
        item.put("leadKey", AttributeValue.fromS(history.leadKey()));
        history.stage().ifPresent(stage -> item.put("stage", AttributeValue.fromS(stage)));
        item.put("attributes", AttributeValues.ofMap(history.attributes()));
        item.put("transitions", TransitionItems.list(history.transitions()));
        item.put("dimensions", TransitionItems.dimensionList(history.dimensions()));
        item.put("events", EventItems.list(events));
        item.put("version", AttributeValue.fromN(Long.toString(version + 1)));
        item.put("updatedAt", AttributeValue.fromS(now.toString()));
        history.nextCheck()
                .ifPresent(at -> item.put("nextCheck", AttributeValue.fromS(at.toString())));

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

    /** A lead's transitions and the values its reporting dimensions took, for the reports. */
    public record Timeline(
            String leadKey, List<Transition> transitions, List<DimensionValue> dimensions) {}

    /**
     * Calls {@code sink} with every lead's timeline, lead by lead. Reads the whole table, so it is
     * for the aggregation only.
     */
    public void forEachTimeline(Consumer<Timeline> sink) {
        ScanRequest scan =
                ScanRequest.builder()
                        .tableName(table)
                        .filterExpression("#sk = :state")
                        .projectionExpression("leadKey, transitions, dimensions")
                        .expressionAttributeNames(Map.of("#sk", Keys.SK))
                        .expressionAttributeValues(
                                Map.of(":state", AttributeValue.fromS(Keys.STATE)))
                        .build();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(scan).items()) {
            String leadKey = item.get("leadKey").s();
            sink.accept(
                    new Timeline(
                            leadKey,
                            TransitionItems.transitions(leadKey, item.get("transitions")),
                            TransitionItems.dimensions(item.get("dimensions"))));
        }
    }

    private static LeadState state(String leadKey, Map<String, AttributeValue> item) {
        return new LeadState(
                leadKey,
                Optional.ofNullable(item.get("stage")).map(AttributeValue::s),
                AttributeValues.toMap(item.get("attributes")),
                Long.parseLong(item.get("version").n()),
                Instant.parse(item.get("updatedAt").s()),
                Optional.ofNullable(item.get("nextCheck")).map(at -> Instant.parse(at.s())));
    }
}
