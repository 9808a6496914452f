package dev.stageline.handler;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;

import dev.stageline.engine.LeadEvent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the lead events that a stream record's new image holds. */
final class StreamImages {

    private StreamImages() {}

    /** The event of a newly inserted event item; other records are none of the evaluator's. */
    static Optional<LeadEvent> insertedEvent(DynamodbEvent.DynamodbStreamRecord record) {
        if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> image = record.getDynamodb().getNewImage();
        if (image == null || !text(image, "sk").orElse("").startsWith("EVENT#")) {
            return Optional.empty();
        }
        return Optional.of(
                new LeadEvent(
                        text(image, "leadKey").orElseThrow(() -> malformed("leadKey")),
                        text(image, "eventId").orElseThrow(() -> malformed("eventId")),
                        Instant.parse(
                                text(image, "occurredAt")
                                        .orElseThrow(() -> malformed("occurredAt"))),
                        text(image, "type").orElseThrow(() -> malformed("type")),
                        attributes(image.get("attributes")),
                        aliases(image.get("aliases"))));
    }

    private static List<String> aliases(AttributeValue value) {
        if (value == null || value.getL() == null) {
            return List.of();
        }
        return value.getL().stream().map(AttributeValue::getS).toList();
    }

    private static Map<String, Object> attributes(AttributeValue value) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (value == null || value.getM() == null) {
            return attributes;
        }
        value.getM()
                .forEach(
                        (name, v) -> {
                            if (v.getS() != null) {
                                attributes.put(name, v.getS());
                            } else if (v.getN() != null) {
                                attributes.put(name, new BigDecimal(v.getN()));
                            } else if (v.getBOOL() != null) {
                                attributes.put(name, v.getBOOL());
                            }
                        });
        return attributes;
    }

    private static Optional<String> text(Map<String, AttributeValue> image, String name) {
        return Optional.ofNullable(image.get(name)).map(AttributeValue::getS);
    }

    private static IllegalArgumentException malformed(String attribute) {
        return new IllegalArgumentException("stream record of an event item lacks " + attribute);
    }
}
