package dev.stageline.store;

import dev.stageline.identity.IdentityRules;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity links of the lead table: one item per merged-away key ({@code ALIAS#<key>}, {@code
 * LINK}) naming the key it was merged into. The keys of one person form a tree whose root is their
 * canonical key, where their history is kept.
 *
 * <p>How it stays consistent without transactions: a link is written once, on the condition that
 * the key has none yet, and always from a root to the root that {@link IdentityRules#survivor}
 * prefers, so a link points to a key that sorts before its own and no cycle can form. Two
 * evaluations that merge the same groups at once race for one conditional put; the loser reads the
 * roots again and finds the work done, or links what is left. Resolving a key is one read per link
 * on its path, and one read for a key that was never merged.
 */
public final class IdentityLinks {

    private static final int MAX_ATTEMPTS = 16;

    private final DynamoDbClient dynamo;
    private final String table;

    IdentityLinks(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The keys from {@code leadKey} to its canonical key, both included; the last is canonical. */
    public List<String> path(String leadKey) {
        List<String> path = new ArrayList<>(List.of(leadKey));
        for (Optional<String> next = target(leadKey); next.isPresent(); ) {
            String key = next.get();
            if (path.contains(key)) {
                throw new StoreException("identity links of " + leadKey + " form a cycle: " + path);
            }
            path.add(key);
            next = target(key);
        }
        return List.copyOf(path);
    }

    public String canonical(String leadKey) {
        return path(leadKey).getLast();
    }

    /**
     * Makes {@code a} and {@code b} keys of one person and answers their canonical key. Safe to
     * call again and concurrently with any other merge.
     */
    public String merge(String a, String b) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            String rootA = canonical(a);
            String rootB = canonical(b);
            if (rootA.equals(rootB)) {
                return rootA;
            }
            String survivor = IdentityRules.survivor(rootA, rootB);
            String mergedAway = survivor.equals(rootA) ? rootB : rootA;
            if (link(mergedAway, survivor)) {
                return survivor;
            }
        }
        throw new StoreException("keys " + a + " and " + b + " kept being merged concurrently");
    }

    private Optional<String> target(String leadKey) {
        var response =
                dynamo.getItem(b -> b.tableName(table).consistentRead(true).key(key(leadKey)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(response.item().get("into").s())
                : Optional.empty();
    }

    private boolean link(String mergedAway, String survivor) {
        Map<String, AttributeValue> item = new HashMap<>(key(mergedAway));
        item.put("into", AttributeValue.fromS(survivor));
        return VersionCondition.putIfAbsent(dynamo, table, item);
    }

    private static Map<String, AttributeValue> key(String leadKey) {
        return Map.of(
                Keys.PK, AttributeValue.fromS(Keys.alias(leadKey)),
                Keys.SK, AttributeValue.fromS(Keys.LINK));
    }
}
