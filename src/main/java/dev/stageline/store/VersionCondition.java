package dev.stageline.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.util.Map;

/**
 * The condition of an optimistic write: the item must still carry the version that was read, or not
 * exist when none was. A writer that lost a race learns it from the failed condition.
 */
final class VersionCondition {

    private VersionCondition() {}

    /**
     * Puts {@code item} only if no item has its key yet.
     *
     * @return false when one had: the first write stands
     */
    static boolean putIfAbsent(
            DynamoDbClient dynamo, String table, Map<String, AttributeValue> item) {
        try {
            dynamo.putItem(
                    onlyOver(PutItemRequest.builder().tableName(table).item(item), 0).build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Puts only over version {@code read}; 0 means the item must not exist yet. */
    static PutItemRequest.Builder onlyOver(PutItemRequest.Builder put, long read) {
        if (read == 0) {
            return put.conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", Keys.PK));
        }
        return put.conditionExpression("#version = :version")
                .expressionAttributeNames(Map.of("#version", "version"))
                .expressionAttributeValues(
                        Map.of(":version", AttributeValue.fromN(Long.toString(read))));
    }
}
