package dev.stageline.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps one checkpoint item per replay target ({@code MODEL}, {@code REPLAY#<revision>}). Each
 * save is conditional on the version read, so a second replay of the same target started by
 * mistake fails at its first save instead of interleaving its pages with the first's.
 */
public final class ReplayCheckpoints {

    private final DynamoDbClient dynamo;
    private final String table;

    public ReplayCheckpoints(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Optional<ReplayCheckpoint> read(String target) {
        GetItemResponse response =
                dynamo.getItem(b -> b.tableName(table).key(key(target)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        Optional<ScanPosition> position =
                item.containsKey("lastPk")
                        ? Optional.of(
                                new ScanPosition(item.get("lastPk").s(), item.get("lastSk").s()))
                        : Optional.empty();
        return Optional.of(
                new ReplayCheckpoint(
                        target,
                        item.get("source").s(),
                        ReplayCheckpoint.Phase.valueOf(item.get("phase").s()),
                        position,
                        number(item, "pages"),
                        number(item, "leads"),
                        number(item, "changed"),
                        counts(item.get("before")),
                        counts(item.get("after")),
                        number(item, "version"),
                        Instant.parse(item.get("updatedAt").s())));
    }

    /**
     * Saves {@code checkpoint} over the one of the version before it.
     *
     * @throws RevisionConflictException if another run saved this target's checkpoint meanwhile
     */
    public void save(ReplayCheckpoint checkpoint) {
        Map<String, AttributeValue> item = new HashMap<>(key(checkpoint.target()));
        item.put("source", AttributeValue.fromS(checkpoint.source()));
        item.put("phase", AttributeValue.fromS(checkpoint.phase().name()));
        checkpoint.position()
                .ifPresent(
                        p -> {
                            item.put("lastPk", AttributeValue.fromS(p.pk()));
                            item.put("lastSk", AttributeValue.fromS(p.sk()));
                        });
        item.put("pages", count(checkpoint.pages()));
        item.put("leads", count(checkpoint.leads()));
        item.put("changed", count(checkpoint.changed()));
        item.put("before", counts(checkpoint.before()));
        item.put("after", counts(checkpoint.after()));
        item.put("version", count(checkpoint.version()));
        item.put("updatedAt", AttributeValue.fromS(checkpoint.updatedAt().toString()));

        PutItemRequest.Builder put = PutItemRequest.builder().tableName(table).item(item);
        try {
            dynamo.putItem(VersionCondition.onlyOver(put, checkpoint.version() - 1).build());
        } catch (ConditionalCheckFailedException e) {
            throw new RevisionConflictException(
                    "another replay to "
                            + checkpoint.target()
                            + " saved its checkpoint meanwhile; let it finish, then run again");
        }
    }

    private static Map<String, AttributeValue> key(String target) {
        return Map.of(
                Keys.PK, AttributeValue.fromS(Keys.MODEL),
                Keys.SK, AttributeValue.fromS(Keys.replay(target)));
    }

    private static AttributeValue count(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }

    private static AttributeValue counts(Map<String, Long> byStage) {
        Map<String, AttributeValue> map = new TreeMap<>();
        byStage.forEach((stage, n) -> map.put(stage, count(n)));
        return AttributeValue.fromM(map);
    }

    private static Map<String, Long> counts(AttributeValue value) {
        Map<String, Long> byStage = new TreeMap<>();
        if (value != null && value.hasM()) {
            value.m().forEach((stage, n) -> byStage.put(stage, Long.parseLong(n.n())));
        }
        return byStage;
    }
}
