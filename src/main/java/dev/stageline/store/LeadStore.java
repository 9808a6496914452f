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
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Reads and writes a lead's partition of the lead table: its events, its state and its
 * transitions. A history is saved in one transaction conditioned on the state's version, so two
 * evaluations racing for one lead cannot interleave: the loser gets a
 * {@link ConcurrentUpdateException} and starts again from what the winner wrote.
 */
public final class LeadStore {

    /** One transaction holds at most this many items: the state and the changed transitions. */
    static final int MAX_TRANSACTION_ITEMS = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public LeadStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Reads the lead's whole partition with a strongly consistent query. */
    public LeadRecord read(String leadKey) {
        List<LeadEvent> events = new ArrayList<>();
        List<Transition> transitions = new ArrayList<>();
        Optional<LeadState> state = Optional.empty();

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
            } else if (sk.startsWith(Keys.TRANSITION_PREFIX)) {
                transitions.add(TransitionItems.transition(item));
            } else if (sk.equals(Keys.STATE)) {
                state = Optional.of(state(leadKey, item));
            }
        }
        return new LeadRecord(leadKey, events, state, transitions);
    }

    /**
     * Saves a recomputed history over the one read in {@code previous}, writing only the
     * transitions that changed.
     *
     * @throws ConcurrentUpdateException if the lead was saved by someone else since it was read
     * @throws StoreException if the change needs more writes than one transaction holds
     */
    public void save(LeadHistory history, LeadRecord previous, Instant now) {
        List<TransactWriteItem> writes = new ArrayList<>();
        List<Transition> before = previous.transitions();
        List<Transition> after = history.transitions();
        for (int i = 0; i < after.size(); i++) {
            if (i >= before.size() || !before.get(i).equals(after.get(i))) {
                writes.add(put(TransitionItems.item(after.get(i), i + 1)));
            }
        }
        for (int i = after.size(); i < before.size(); i++) {
            writes.add(delete(Keys.transition(i + 1), history.leadKey()));
        }
        writes.add(stateWrite(history, previous, now));
        if (writes.size() > MAX_TRANSACTION_ITEMS) {
            throw new StoreException("lead " + history.leadKey() + " needs " + writes.size()
                    + " writes, more than one transaction holds (" + MAX_TRANSACTION_ITEMS + ")");
        }

        try {
            dynamo.transactWriteItems(b -> b.transactItems(writes));
        } catch (TransactionCanceledException e) {
            boolean conflict = e.cancellationReasons().stream()
                    .anyMatch(r -> "ConditionalCheckFailed".equals(r.code())
                            || "TransactionConflict".equals(r.code()));
            if (conflict) {
                throw new ConcurrentUpdateException(history.leadKey());
            }
            throw new StoreException("saving lead " + history.leadKey() + " failed", e);
        }
    }

    /** Calls {@code sink} with every stored transition. Reads the whole table: for reports only. */
    public void forEachTransition(Consumer<Transition> sink) {
        ScanRequest scan = ScanRequest.builder()
                .tableName(table)
                .filterExpression("begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#sk", Keys.SK))
                .expressionAttributeValues(
                        Map.of(":prefix", AttributeValue.fromS(Keys.TRANSITION_PREFIX)))
                .build();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.scanPaginator(scan).items().forEach(items::add);
        items.sort((a, b) -> {
            int byLead = a.get(Keys.PK).s().compareTo(b.get(Keys.PK).s());
            return byLead != 0 ? byLead : a.get(Keys.SK).s().compareTo(b.get(Keys.SK).s());
        });
        items.forEach(item -> sink.accept(TransitionItems.transition(item)));
    }

    private TransactWriteItem stateWrite(LeadHistory history, LeadRecord previous, Instant now) {
        long version = previous.state().map(LeadState::version).orElse(0L);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(Keys.lead(history.leadKey())));
        item.put(Keys.SK, AttributeValue.fromS(Keys.STATE));
        item.put("leadKey", AttributeValue.fromS(history.leadKey()));
        history.stage().ifPresent(stage -> item.put("stage", AttributeValue.fromS(stage)));
        item.put("attributes", AttributeValues.ofMap(history.attributes()));
        item.put("version", AttributeValue.fromN(Long.toString(version + 1)));
        item.put("transitionCount", AttributeValue.fromN(Integer.toString(history.transitions().size())));
        item.put("eventCount", AttributeValue.fromN(Integer.toString(previous.events().size())));
        item.put("updatedAt", AttributeValue.fromS(now.toString()));

        Put.Builder put = Put.builder().tableName(table).item(item);
        if (previous.state().isEmpty()) {
            put.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK));
        } else {
            put.conditionExpression("#version = :version")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(
                            Map.of(":version", AttributeValue.fromN(Long.toString(version))));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    private TransactWriteItem delete(String sk, String leadKey) {
        Delete delete = Delete.builder()
                .tableName(table)
                .key(Map.of(
                        Keys.PK, AttributeValue.fromS(Keys.lead(leadKey)),
                        Keys.SK, AttributeValue.fromS(sk)))
                .build();
        return TransactWriteItem.builder().delete(delete).build();
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
                Integer.parseInt(item.get("transitionCount").n()),
                Integer.parseInt(item.get("eventCount").n()),
                Instant.parse(item.get("updatedAt").s()));
    }
}
