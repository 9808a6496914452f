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
import java.util.ArrayList;
import java.util.Collection;
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
    private final IdentityLinks links;
    private final String revision;

    /** A store of the lead states computed under the model revision {@code revision}. */
    public LeadStore(DynamoDbClient dynamo, String table, String revision) {
        this.dynamo = dynamo;
        this.table = table;
        this.revision = revision;
        this.links = new IdentityLinks(dynamo, table);
    }

    /** The links that resolve a lead key to the key its person's history is kept under. */
    public IdentityLinks links() {
        return links;
    }

    /** The model revision whose states this store reads and writes. */
    public String revision() {
        return revision;
    }

    /** The same table's states of another model revision. */
    public LeadStore forRevision(String other) {
        return other.equals(revision) ? this : new LeadStore(dynamo, table, other);
    }

    /** Reads the lead's state under this store's revision with a strongly consistent read. */
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
                                                        Keys.SK,
                                                                AttributeValue.fromS(
                                                                        Keys.state(revision))))
                                        .consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return new LeadRecord(leadKey, List.of(), Optional.empty(), List.of(), List.of());
        }
        Map<String, AttributeValue> item = response.item();
        return new LeadRecord(
                leadKey,
                EventItems.events(leadKey, item.get("events")),
                Optional.of(state(leadKey, item)),
                TransitionItems.transitions(leadKey, item.get("transitions")),
                TransitionItems.dimensions(item.get("dimensions")),
                Optional.ofNullable(item.get("mergedInto")).map(AttributeValue::s),
                strings(item.get("mergedKeys")));
    }

    /**
     * Saves the history computed from {@code events} over the state read in {@code previous},
     * keeping the keys merged into it as they were.
     *
     * @throws ConcurrentUpdateException if the lead was saved by someone else since it was read
     */
    public void save(
            LeadHistory history, List<LeadEvent> events, LeadRecord previous, Instant now) {
        save(history, events, previous.mergedKeys(), previous, now);
    }

    /**
     * Saves the history computed from {@code events}, the events of this key and of {@code
     * mergedKeys}, over the state read in {@code previous}.
     *
     * @throws ConcurrentUpdateException if the lead was saved by someone else since it was read
     */
    public void save(
            LeadHistory history,
            List<LeadEvent> events,
            List<String> mergedKeys,
            LeadRecord previous,
            Instant now) {
        Map<String, AttributeValue> item = stateItem(history.leadKey(), previous, now);
        history.stage().ifPresent(stage -> item.put("stage", AttributeValue.fromS(stage)));
        item.put("attributes", AttributeValues.ofMap(history.attributes()));
        item.put("transitions", TransitionItems.list(history.transitions()));
        item.put("dimensions", TransitionItems.dimensionList(history.dimensions()));
        item.put("events", EventItems.list(history.leadKey(), events));
        if (!mergedKeys.isEmpty()) {
            item.put("mergedKeys", AttributeValue.fromSs(mergedKeys));
        }
        history.nextCheck()
                .ifPresent(at -> item.put("nextCheck", AttributeValue.fromS(at.toString())));
        put(item, previous);
    }

    /**
     * Empties the state of a key merged into {@code canonical}: it keeps no events, attributes or
     * transitions, only the key it now belongs to, so that reports count the person once.
     *
     * @throws ConcurrentUpdateException if the key was saved by someone else since it was read
     */
    public void saveMergedAway(LeadRecord previous, String canonical, Instant now) {
        Map<String, AttributeValue> item = stateItem(previous.leadKey(), previous, now);
        item.put("attributes", AttributeValues.ofMap(Map.of()));
        item.put("transitions", TransitionItems.list(List.of()));
        item.put("dimensions", TransitionItems.dimensionList(List.of()));
        item.put("mergedInto", AttributeValue.fromS(canonical));
        put(item, previous);
    }

    private Map<String, AttributeValue> stateItem(
            String leadKey, LeadRecord previous, Instant now) {
        long version = previous.state().map(LeadState::version).orElse(0L);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Keys.PK, AttributeValue.fromS(Keys.lead(leadKey)));
        item.put(Keys.SK, AttributeValue.fromS(Keys.state(revision)));
        item.put("leadKey", AttributeValue.fromS(leadKey));
        item.put("version", AttributeValue.fromN(Long.toString(version + 1)));
        item.put("updatedAt", AttributeValue.fromS(now.toString()));
        return item;
    }

    private void put(Map<String, AttributeValue> item, LeadRecord previous) {
        long version = previous.state().map(LeadState::version).orElse(0L);
        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
        try {
            dynamo.putItem(VersionCondition.onlyOver(put, version).build());
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentUpdateException(previous.leadKey());
        }
    }

    /** A lead's transitions and the values its reporting dimensions took, for the reports. */
    public record Timeline(
            String leadKey, List<Transition> transitions, List<DimensionValue> dimensions) {}

    /**
     * Calls {@code sink} with every lead's timeline under this store's revision, lead by lead.
     * Reads the whole table: the aggregation never does (it reads the active leads by key); the
     * tests use this to check its figures against every lead.
     */
    public void forEachTimeline(Consumer<Timeline> sink) {
        ScanRequest scan =
                ScanRequest.builder()
                        .tableName(table)
                        .filterExpression("#sk = :state")
                        .projectionExpression("leadKey, transitions, dimensions")
                        .expressionAttributeNames(Map.of("#sk", Keys.SK))
                        .expressionAttributeValues(
                                Map.of(":state", AttributeValue.fromS(Keys.state(revision))))
                        .build();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(scan).items()) {
            sink.accept(timeline(item));
        }
    }

    /**
     * The timelines of {@code leadKeys}, read by key in batches; a key without a state is left
     * out. Reads only what the reports need, not the events.
     */
    public List<Timeline> timelines(Collection<String> leadKeys) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String leadKey : leadKeys) {
            keys.add(
                    Map.of(
                            Keys.PK, AttributeValue.fromS(Keys.lead(leadKey)),
                            Keys.SK, AttributeValue.fromS(Keys.state(revision))));
        }
        return BatchGets.get(
                        dynamo,
                        table,
                        keys,
                        b -> b.projectionExpression("leadKey, transitions, dimensions"))
                .stream()
                .map(LeadStore::timeline)
                .toList();
    }

    private static Timeline timeline(Map<String, AttributeValue> item) {
        String leadKey = item.get("leadKey").s();
        return new Timeline(
                leadKey,
                TransitionItems.transitions(leadKey, item.get("transitions")),
                TransitionItems.dimensions(item.get("dimensions")));
    }

    private static List<String> strings(AttributeValue set) {
        return set == null || !set.hasSs() ? List.of() : set.ss().stream().sorted().toList();
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
