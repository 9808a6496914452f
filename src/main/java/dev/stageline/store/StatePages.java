package dev.stageline.store;

import dev.stageline.engine.LeadEvent;
import dev.stageline.engine.Transition;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the lead states of one model revision a page at a time, for a replay: each page reads at
 * most {@code limit} items of the table, so what it holds in memory is bounded by the page size
 * whatever the table's size, and the position it ends at lets a later run carry on from there.
 */
public final class StatePages {

    private final DynamoDbClient dynamo;
    private final String table;

    public StatePages(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** One lead's state as stored: the events applied and the transitions they gave. */
    public record StoredState(
            String leadKey, List<LeadEvent> events, List<Transition> transitions) {

        public StoredState {
            events = List.copyOf(events);
            transitions = List.copyOf(transitions);
        }
    }

    /**
     * A page: the states among the items read, how many items were read, and where to go on from;
     * empty {@code next} means the table is done.
     */
    public record Page(List<StoredState> states, int itemsRead, Optional<ScanPosition> next) {

        public Page {
            states = List.copyOf(states);
        }
    }

    /**
     * Reads up to {@code limit} items after {@code after} (from the start when empty) and returns
     * the states of {@code revision} among them.
     */
    public Page read(String revision, Optional<ScanPosition> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one item, got " + limit);
        }
        ScanRequest.Builder scan =
                ScanRequest.builder()
                        .tableName(table)
                        .limit(limit)
                        .consistentRead(true)
                        .filterExpression("#sk = :state")
                        .projectionExpression("leadKey, events, transitions")
                        .expressionAttributeNames(Map.of("#sk", Keys.SK))
                        .expressionAttributeValues(
                                Map.of(":state", AttributeValue.fromS(Keys.state(revision))));
        after.ifPresent(position -> scan.exclusiveStartKey(position.key()));
        ScanResponse response = dynamo.scan(scan.build());

        List<StoredState> states =
                response.items().stream()
                        .map(
                                item -> {
                                    String leadKey = item.get("leadKey").s();
                                    return new StoredState(
                                            leadKey,
                                            EventItems.events(leadKey, item.get("events")),
                                            TransitionItems.transitions(
                                                    leadKey, item.get("transitions")));
                                })
                        .toList();
        Optional<ScanPosition> next =
                response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                        ? Optional.of(ScanPosition.of(response.lastEvaluatedKey()))
                        : Optional.empty();
        return new Page(states, response.scannedCount(), next);
    }
}
