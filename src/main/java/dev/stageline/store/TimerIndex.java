package dev.stageline.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which leads have a time rule due on which day, so that the scheduled run finds them without
 * scanning the lead table. One item per UTC date, {@code TIMER#2026-01-31}, holds the keys of the
 * leads whose next check falls on that date as a string set, changed with UpdateItem {@code ADD}
 * and {@code DELETE} so that concurrent evaluations never overwrite each other's entries. A marker
 * item, {@code TIMER#CHECKED}, records the instant up to which the scheduled run has checked.
 *
 * <p>The items live in the lead table because they are part of the leads' state, and the functions
 * that write them already write that table. They cannot wake the evaluator: its stream filter only
 * lets inserted items whose sort key starts with {@code EVENT#} through, and these items have the
 * sort key {@code TIMER}. The aggregation reads only {@code STATE} items.
 *
 * <p>An entry may be stale (the lead has moved on since): re-evaluating it then changes nothing.
 */
public final class TimerIndex {

    static final String PREFIX = "TIMER#";
    static final String SORT_KEY = "TIMER";
    private static final String CHECKED = PREFIX + "CHECKED";
    private static final int BATCH_GET_LIMIT = 100;

    private final DynamoDbClient dynamo;
    private final String table;

    public TimerIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The UTC date whose item holds a lead due at {@code at}. */
    public static LocalDate dateOf(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** Files {@code leadKey} under the date of {@code at}; filing it twice is harmless. */
    public void add(String leadKey, Instant at) {
        change("ADD", leadKey, at);
    }

    /** Takes {@code leadKey} off the date of {@code at}, if it is there. */
    public void remove(String leadKey, Instant at) {
        change("DELETE", leadKey, at);
    }

    private void change(String action, String leadKey, Instant at) {
        dynamo.updateItem(
                b ->
                        b.tableName(table)
                                .key(key(PREFIX + dateOf(at)))
                                .updateExpression(action + " #leads :lead")
                                .expressionAttributeNames(Map.of("#leads", "leads"))
                                .expressionAttributeValues(
                                        Map.of(":lead", AttributeValue.fromSs(List.of(leadKey)))));
    }

    /** The lead keys filed under every date from {@code from} to {@code through}, inclusive. */
    public Set<String> leadsOn(LocalDate from, LocalDate through) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (LocalDate date = from; !date.isAfter(through); date = date.plusDays(1)) {
            keys.add(key(PREFIX + date));
        }
        Set<String> leads = new TreeSet<>();
        for (int i = 0; i < keys.size(); i += BATCH_GET_LIMIT) {
            leads.addAll(batchGet(keys.subList(i, Math.min(keys.size(), i + BATCH_GET_LIMIT))));
        }
        return leads;
    }

    /** Reads the items of {@code keys}, asking again for any DynamoDB left unprocessed. */
    private Set<String> batchGet(List<Map<String, AttributeValue>> keys) {
        Set<String> leads = new TreeSet<>();
        Map<String, KeysAndAttributes> pending =
                Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            Map<String, KeysAndAttributes> request = pending;
            BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
            var items = response.responses().getOrDefault(table, List.of());
            for (Map<String, AttributeValue> item : items) {
                AttributeValue set = item.get("leads");
                if (set != null && set.hasSs()) {
                    leads.addAll(set.ss());
                }
            }
            pending = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            if (!pending.isEmpty()) {
                Backoff.pause(attempt);
            }
        }
        return leads;
    }

    /** The instant up to which the scheduled run last checked, if it ever ran. */
    public Optional<Instant> checkedThrough() {
        var response =
                dynamo.getItem(b -> b.tableName(table).key(key(CHECKED)).consistentRead(true));
        return Optional.ofNullable(response.item())
                .map(item -> item.get("through"))
                .map(value -> Instant.parse(value.s()));
    }

    public void markChecked(Instant through) {
        Map<String, AttributeValue> item = new HashMap<>(key(CHECKED));
        item.put("through", AttributeValue.fromS(through.toString()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> key(String partition) {
        return Map.of(
                Keys.PK, AttributeValue.fromS(partition), Keys.SK, AttributeValue.fromS(SORT_KEY));
    }
}
