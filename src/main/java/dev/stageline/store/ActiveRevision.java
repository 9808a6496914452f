package dev.stageline.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The record of which model revision readers use: the lead API and the aggregation read the states
 * of this revision only. It changes by conditional writes alone, so that two replays finishing at
 * once cannot both switch it, and a first deployment claims it only while nobody has.
 */
public final class ActiveRevision {

    private final DynamoDbClient dynamo;
    private final String table;

    public ActiveRevision(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The revision readers use, or empty before any evaluation claimed one. */
    public Optional<String> read() {
        GetItemResponse response =
                dynamo.getItem(b -> b.tableName(table).key(key()).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(response.item().get("revision")).map(AttributeValue::s);
    }

    /** The revision readers use, or {@code fallback} when none was claimed yet. */
    public String readOr(String fallback) {
        return read().orElse(fallback);
    }

    /**
     * Makes {@code revision} the active one if no revision is: the first deployment's.
     *
     * @return whether this call set it
     */
    public boolean claimIfNone(String revision, Instant now) {
        try {
            dynamo.putItem(
                    b ->
                            b.tableName(table)
                                    .item(item(revision, Optional.empty(), now))
                                    .conditionExpression("attribute_not_exists(#pk)")
                                    .expressionAttributeNames(Map.of("#pk", Keys.PK)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Switches readers from {@code from} to {@code to}.
     *
     * @throws RevisionConflictException if the active revision is no longer {@code from}
     */
    public void switchTo(String from, String to, Instant now) {
        try {
            dynamo.putItem(
                    b ->
                            b.tableName(table)
                                    .item(item(to, Optional.of(from), now))
                                    .conditionExpression("#revision = :from")
                                    .expressionAttributeNames(Map.of("#revision", "revision"))
                                    .expressionAttributeValues(
                                            Map.of(":from", AttributeValue.fromS(from))));
        } catch (ConditionalCheckFailedException e) {
            throw new RevisionConflictException(
                    "the active model revision is no longer "
                            + from
                            + "; another replay or deployment switched it");
        }
    }

    private static Map<String, AttributeValue> key() {
        return Map.of(
                Keys.PK, AttributeValue.fromS(Keys.MODEL),
                Keys.SK, AttributeValue.fromS(Keys.ACTIVE));
    }

    private static Map<String, AttributeValue> item(
            String revision, Optional<String> previous, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put("revision", AttributeValue.fromS(revision));
        previous.ifPresent(p -> item.put("previous", AttributeValue.fromS(p)));
        item.put("activatedAt", AttributeValue.fromS(now.toString()));
        return item;
    }
}
