package dev.stageline.store;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/** Where a scan of the lead table stopped: the key of the last item it read. */
public record ScanPosition(String pk, String sk) {

    static ScanPosition of(Map<String, AttributeValue> lastEvaluatedKey) {
        return new ScanPosition(
                lastEvaluatedKey.get(Keys.PK).s(), lastEvaluatedKey.get(Keys.SK).s());
    }

    Map<String, AttributeValue> key() {
        return Map.of(Keys.PK, AttributeValue.fromS(pk), Keys.SK, AttributeValue.fromS(sk));
    }
}
