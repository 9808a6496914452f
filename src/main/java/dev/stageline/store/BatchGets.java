package dev.stageline.store;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads items by key, a hundred per BatchGetItem (the service's limit), retrying the keys a call
 * leaves unprocessed with backoff. Items that do not exist are simply absent from the answer.
 */
final class BatchGets {

    private static final int LIMIT = 100;

    private BatchGets() {}

    /**
     * @param shape adds a projection or consistency to each request
     */
    static List<Map<String, AttributeValue>> get(
            DynamoDbClient dynamo,
            String table,
            List<Map<String, AttributeValue>> keys,
            UnaryOperator<KeysAndAttributes.Builder> shape) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += LIMIT) {
            List<Map<String, AttributeValue>> pending =
                    keys.subList(from, Math.min(keys.size(), from + LIMIT));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                KeysAndAttributes batch =
                        shape.apply(KeysAndAttributes.builder().keys(pending)).build();
                BatchGetItemResponse response =
                        dynamo.batchGetItem(b -> b.requestItems(Map.of(table, batch)));
                items.addAll(response.responses().getOrDefault(table, List.of()));
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
                if (!pending.isEmpty()) {
                    Backoff.pause(attempt);
                }
            }
        }
        return items;
    }
}
