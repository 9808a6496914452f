package dev.stageline.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Which leads were active on which day, and which days changed since the reports were last
 * computed. Both live in the report table, which has no stream, so writing them never wakes the
 * evaluator.
 *
 * <ul>
 *   <li>A day item ({@code DAY#2026-01-05#3}) holds a string set of lead keys. Lead keys are spread
 *       over {@value #SHARDS} items per day by a hash of the key, so one busy day holds about
 *       {@value #SHARDS} times as many leads as one item could (an item is at most 400 KB: some ten
 *       thousand keys).
 *   <li>A dirty item ({@code DIRTY#3}) has one attribute per changed day, named by the date, whose
 *       value is a token that changes with every mark. The aggregation removes a mark only if its
 *       token is still the one it read, so a day changed again while it was being computed stays
 *       marked for the next run.
 * </ul>
 *
 * <p>Every write is an UpdateItem that adds set members, or sets or removes attributes: idempotent,
 * no read before it, and no transaction. A lead is never taken off a day (see the evaluator).
 */
public final class ActivityIndex {

    static final int SHARDS = 8;

    private final DynamoDbClient dynamo;
    private final String table;

    public ActivityIndex(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Adds the lead to the day items of {@code days}. */
    public void add(String leadKey, Collection<LocalDate> days) {
        for (LocalDate day : days) {
            update(dayKey(day, shard(leadKey)), "ADD #leads :lead", leadKey);
        }
    }

    /** Marks {@code days} as changed, for the next aggregation to recompute. */
    public void markDirty(String leadKey, Collection<LocalDate> days) {
        if (days.isEmpty()) {
            return;
        }
        String token = UUID.randomUUID().toString();
        Map<String, String> names = new HashMap<>();
        List<String> sets = new ArrayList<>();
        int i = 0;
        for (LocalDate day : days) {
            names.put("#d" + i, day.toString());
            sets.add("#d" + i + " = :token");
            i++;
        }
        dynamo.updateItem(
                b ->
                        b.tableName(table)
                                .key(key(dirtyPartition(shard(leadKey))))
                                .updateExpression("SET " + String.join(", ", sets))
                                .expressionAttributeNames(names)
                                .expressionAttributeValues(
                                        Map.of(":token", AttributeValue.fromS(token))));
    }

    /** The leads active on any of {@code days}. */
    public Set<String> leadsOn(Collection<LocalDate> days) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (LocalDate day : days) {
            for (int shard = 0; shard < SHARDS; shard++) {
                keys.add(key(dayKey(day, shard)));
            }
        }
        Set<String> leads = new HashSet<>();
        for (Map<String, AttributeValue> item : batchGet(keys, true)) {
            AttributeValue set = item.get("leads");
            if (set != null && set.hasSs()) {
                leads.addAll(set.ss());
            }
        }
        return leads;
    }

    /** The days marked changed, each with the token of its mark, per dirty item. */
    public DirtyMarks dirty() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            keys.add(key(dirtyPartition(shard)));
        }
        Map<String, Map<LocalDate, String>> marks = new HashMap<>();
        for (Map<String, AttributeValue> item : batchGet(keys, false)) {
            Map<LocalDate, String> days = new TreeMap<>();
            item.forEach(
                    (name, value) -> {
                        if (!name.equals("pk") && !name.equals("sk")) {
                            days.put(LocalDate.parse(name), value.s());
                        }
                    });
            marks.put(item.get("pk").s(), days);
        }
        return new DirtyMarks(marks);
    }

    /**
     * Removes the marks in {@code computed} whose token has not changed since they were read; a
     * day marked again meanwhile keeps its new mark.
     *
     * @return how many marks were kept because they changed meanwhile
     */
    public int clear(DirtyMarks computed) {
        int kept = 0;
        for (var item : computed.marks().entrySet()) {
            for (var mark : item.getValue().entrySet()) {
                try {
                    dynamo.updateItem(
                            b ->
                                    b.tableName(table)
                                            .key(key(item.getKey()))
                                            .updateExpression("REMOVE #d")
                                            .conditionExpression("#d = :token")
                                            .expressionAttributeNames(
                                                    Map.of("#d", mark.getKey().toString()))
                                            .expressionAttributeValues(
                                                    Map.of(
                                                            ":token",
                                                            AttributeValue.fromS(
                                                                    mark.getValue()))));
                } catch (ConditionalCheckFailedException e) {
                    kept++;
                }
            }
        }
        return kept;
    }

    /**
     * Marks read from the dirty items.
     *
     * @param marks per dirty item's partition key, each marked day and its token
     */
    public record DirtyMarks(Map<String, Map<LocalDate, String>> marks) {

        public Set<LocalDate> days() {
            Set<LocalDate> days = new java.util.TreeSet<>();
            marks.values().forEach(m -> days.addAll(m.keySet()));
            return days;
        }
    }

    private List<Map<String, AttributeValue>> batchGet(
            List<Map<String, AttributeValue>> keys, boolean leadsOnly) {
        return BatchGets.get(
                dynamo,
                table,
                keys,
                b ->
                        leadsOnly
                                ? b.consistentRead(true)
                                        .projectionExpression("#leads")
                                        .expressionAttributeNames(Map.of("#leads", "leads"))
                                : b.consistentRead(true));
    }

    private void update(String partition, String expression, String leadKey) {
        dynamo.updateItem(
                b ->
                        b.tableName(table)
                                .key(key(partition))
                                .updateExpression(expression)
                                .expressionAttributeNames(Map.of("#leads", "leads"))
                                .expressionAttributeValues(
                                        Map.of(":lead", AttributeValue.fromSs(List.of(leadKey)))));
    }

    private static Map<String, AttributeValue> key(String partition) {
        return Map.of("pk", AttributeValue.fromS(partition), "sk", AttributeValue.fromS("-"));
    }

    private static String dayKey(LocalDate day, int shard) {
        return "DAY#" + day + "#" + shard;
    }

    private static String dirtyPartition(int shard) {
        return "DIRTY#" + shard;
    }

    static int shard(String leadKey) {
        return Math.floorMod(leadKey.hashCode(), SHARDS);
    }
}
